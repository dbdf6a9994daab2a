"""Descriptor counts for the home page, scoped to what the actor may see."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, func, select

from workflow_app.core.actor import Actor
from workflow_app.models import Descriptor, DescriptorBatchStatus, Role, Skill


def my_descriptor_counts(session: Session, actor: Actor) -> dict[str, int]:
    statement = (
        select(Descriptor.batch_status, func.count())
        .where(col(Descriptor.created_by_id) == actor.user_id, col(Descriptor.deleted_at).is_(None))
        .group_by(Descriptor.batch_status)
    )
    counts = {s.value: 0 for s in DescriptorBatchStatus}
    for status, n in session.exec(statement):
        if status is not None:
            counts[DescriptorBatchStatus(status).value] = n
    return counts


def descriptors_awaiting_me(session: Session, actor: Actor) -> int:
    """PENDING_REVIEW descriptors of the SCMs of the skills this SA advises."""
    scm_ids = select(Skill.scm_id).where(col(Skill.sa_id) == actor.user_id, col(Skill.scm_id).is_not(None))
    statement = (
        select(func.count())
        .select_from(Descriptor)
        .where(
            col(Descriptor.created_by_id).in_(scm_ids),
            col(Descriptor.batch_status) == DescriptorBatchStatus.PENDING_REVIEW,
            col(Descriptor.deleted_at).is_(None),
        )
    )
    return session.exec(statement).one()


def home_counts(session: Session, actor: Actor) -> dict[str, Any]:
    """The home page's descriptor tiles, for the roles that have descriptor work."""
    return {
        "descriptors": my_descriptor_counts(session, actor) if actor.role == Role.SCM else {},
        "awaiting_me": descriptors_awaiting_me(session, actor) if actor.role == Role.SA else 0,
    }
