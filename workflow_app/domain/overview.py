"""Counts for the home page and the admin dashboard, scoped to what the actor may see."""

from __future__ import annotations

from sqlmodel import Session, func, select

from workflow_app.domain.actor import Actor
from workflow_app.domain.clock import Clock
from workflow_app.models import Descriptor, DescriptorBatchStatus, Idea, IdeaStatus, Role, Skill

IDEA_STATUSES = [s for s in IdeaStatus if s != IdeaStatus.DRAFT]


def idea_status_counts(session: Session, actor: Actor, *, mine: bool) -> dict[str, int]:
    """Ideas per status (drafts never counted here); `mine` limits to the actor's own."""
    statement = select(Idea.status, func.count()).where(Idea.status != IdeaStatus.DRAFT)
    if mine or not actor.is_admin:
        statement = statement.where(Idea.author_id == actor.user_id)
    counts = {s.value: 0 for s in IDEA_STATUSES}
    for status, n in session.exec(statement.group_by(Idea.status)):
        counts[IdeaStatus(status).value] = n
    return counts


def active_draft_count(session: Session, actor: Actor, *, clock: Clock) -> int:
    statement = select(func.count()).select_from(Idea).where(
        Idea.author_id == actor.user_id,
        Idea.status == IdeaStatus.DRAFT,
        Idea.is_expired_draft.is_(False),
        Idea.draft_expires_at > clock.now(),
    )
    return session.exec(statement).one()


def my_descriptor_counts(session: Session, actor: Actor) -> dict[str, int]:
    statement = (
        select(Descriptor.batch_status, func.count())
        .where(Descriptor.created_by_id == actor.user_id, Descriptor.deleted_at.is_(None))
        .group_by(Descriptor.batch_status)
    )
    counts = {s.value: 0 for s in DescriptorBatchStatus}
    for status, n in session.exec(statement):
        if status is not None:
            counts[DescriptorBatchStatus(status).value] = n
    return counts


def descriptors_awaiting_me(session: Session, actor: Actor) -> int:
    """PENDING_REVIEW descriptors of the SCMs of the skills this SA advises."""
    scm_ids = select(Skill.scm_id).where(Skill.sa_id == actor.user_id, Skill.scm_id.is_not(None))
    statement = select(func.count()).select_from(Descriptor).where(
        Descriptor.created_by_id.in_(scm_ids),
        Descriptor.batch_status == DescriptorBatchStatus.PENDING_REVIEW,
        Descriptor.deleted_at.is_(None),
    )
    return session.exec(statement).one()


def home_counts(session: Session, actor: Actor, *, clock: Clock) -> dict:
    """What the home page shows this person: their ideas, plus their role's descriptor work."""
    return {
        "ideas": idea_status_counts(session, actor, mine=True),
        "drafts": active_draft_count(session, actor, clock=clock),
        "descriptors": my_descriptor_counts(session, actor) if actor.role == Role.SCM else {},
        "awaiting_me": descriptors_awaiting_me(session, actor) if actor.role == Role.SA else 0,
    }
