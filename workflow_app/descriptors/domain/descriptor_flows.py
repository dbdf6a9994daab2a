"""Descriptor commands followed by their notifications (ORIGINS C8), one call for the pages.

The command commits first; the notification (in-app row + email) follows and can never undo or
fail it: events.* swallow and log their own errors, and mail goes out on a worker thread.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from workflow_app.core.actor import Actor
from workflow_app.core.clock import Clock
from workflow_app.core.result import Result
from workflow_app.descriptors.domain import descriptor_review, descriptors
from workflow_app.notifications import events


def submit_batch(session: Session, actor: Actor, *, clock: Clock) -> Result[descriptors.BatchSubmitted]:
    result = descriptors.submit_batch(session, actor, clock=clock)
    if result.ok and result.value.reviewer_ids:
        batch = result.value
        events.batch_submitted(
            session,
            scm_id=batch.scm_id,
            sa_ids=batch.reviewer_ids,
            count=batch.count,
            resubmitted=batch.is_resubmission,
            clock=clock,
        )
    return result


def _announce(session: Session, actor: Actor, decision: descriptor_review.DescriptorDecision, clock: Clock) -> None:
    if decision.decision == descriptor_review.RETURN:
        events.descriptor_returned(
            session,
            descriptor_id=decision.descriptor_id,
            sa_id=actor.user_id,
            comment=decision.comment or "",
            clock=clock,
        )
    else:
        events.descriptor_approved(
            session,
            descriptor_id=decision.descriptor_id,
            sa_id=actor.user_id,
            was_modified=decision.was_modified,
            clock=clock,
        )


def approve_descriptor(
    session: Session, actor: Actor, *, clock: Clock, **kwargs: Any
) -> Result[descriptor_review.DescriptorDecision]:
    result = descriptor_review.approve_descriptor(session, actor, clock=clock, **kwargs)
    if result.ok:
        _announce(session, actor, result.value, clock)
    return result


def return_descriptor(
    session: Session, actor: Actor, *, clock: Clock, **kwargs: Any
) -> Result[descriptor_review.DescriptorDecision]:
    result = descriptor_review.return_descriptor(session, actor, clock=clock, **kwargs)
    if result.ok:
        _announce(session, actor, result.value, clock)
    return result


def decide_many(
    session: Session, actor: Actor, *, clock: Clock, **kwargs: Any
) -> Result[list[descriptor_review.ItemResult]]:
    """One email per decided descriptor, as the origin sends one per approve or return action."""
    result = descriptor_review.decide_many(session, actor, clock=clock, **kwargs)
    if result.ok:
        for item in result.value:
            if item.ok and item.decision is not None:
                _announce(session, actor, item.decision, clock)
    return result
