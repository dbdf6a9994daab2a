"""After a command committed: its domain events become inbox rows and e-mails (core/events.py).

The UI gateway calls `deliver` with the events of every Ok it got back. Each event is handled
on its own; a failure is logged and never reaches the person who acted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlmodel import Session

from workflow_app.core.clock import Clock
from workflow_app.core.events import DomainEvent
from workflow_app.descriptors.domain.events import BatchSentForReview, DescriptorApproved, DescriptorReturned
from workflow_app.ideas.domain.events import IdeaDecided, IdeaSubmitted
from workflow_app.models import ReviewDecision
from workflow_app.notifications import events

log = logging.getLogger("workflow_app.mail")


def deliver(session: Session, happened: Iterable[DomainEvent], *, clock: Clock) -> None:
    for event in happened:
        try:
            _deliver_one(session, event, clock)
        except Exception:
            log.exception("Could not deliver %s", type(event).__name__)
            session.rollback()


def _deliver_one(session: Session, event: DomainEvent, clock: Clock) -> None:
    match event:
        case IdeaDecided():
            events.idea_decided(
                session,
                idea_id=event.idea_id,
                author_id=event.author_id,
                title=event.title,
                accepted=event.decision == ReviewDecision.ACCEPTED,
                comment=event.comment,
                clock=clock,
            )
        case IdeaSubmitted():
            events.idea_submitted(session, idea_id=event.idea_id, title=event.title, clock=clock)
        case BatchSentForReview():
            events.batch_submitted(
                session,
                scm_id=event.scm_id,
                sa_ids=event.sa_ids,
                count=event.count,
                resubmitted=event.resubmitted,
                clock=clock,
            )
        case DescriptorApproved():
            events.descriptor_approved(
                session,
                descriptor_id=event.descriptor_id,
                sa_id=event.sa_id,
                was_modified=event.was_modified,
                clock=clock,
            )
        case DescriptorReturned():
            events.descriptor_returned(
                session, descriptor_id=event.descriptor_id, sa_id=event.sa_id, comment=event.comment, clock=clock
            )
        case _:
            log.warning("No delivery for %s", type(event).__name__)
