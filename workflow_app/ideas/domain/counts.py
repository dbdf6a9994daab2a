"""Idea counts for the home page and the admin dashboard, scoped to what the actor may see
(per status from the maintained counters, idea_counts.py; a person's drafts counted directly)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, func, select

from workflow_app.core.actor import Actor
from workflow_app.core.clock import Clock
from workflow_app.ideas.domain import idea_counts
from workflow_app.models import Idea, IdeaStatus


def idea_status_counts(session: Session, actor: Actor, *, mine: bool) -> dict[str, int]:
    """Ideas per status (drafts never counted here), read from the counters; `mine` (and
    anyone but an admin) limits them to the actor's own."""
    return idea_counts.status_totals(session, author_id=actor.user_id if mine or not actor.is_admin else None)


def active_draft_count(session: Session, actor: Actor, *, clock: Clock) -> int:
    statement = (
        select(func.count())
        .select_from(Idea)
        .where(
            col(Idea.author_id) == actor.user_id,
            col(Idea.status) == IdeaStatus.DRAFT,
            col(Idea.is_expired_draft).is_(False),
            col(Idea.draft_expires_at) > clock.now(),
        )
    )
    return session.exec(statement).one()


def home_counts(session: Session, actor: Actor, *, clock: Clock) -> dict[str, Any]:
    """The home page's idea tiles: the person's own ideas per status and their live drafts."""
    return {
        "ideas": idea_status_counts(session, actor, mine=True),
        "drafts": active_draft_count(session, actor, clock=clock),
    }
