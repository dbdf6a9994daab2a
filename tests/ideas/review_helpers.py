"""Arrangers and readers for the review, dashboard and audit-log tests."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from sqlmodel import Session, func, select

from workflow_app.core.actor import Actor
from workflow_app.ideas.domain import idea_counts
from workflow_app.models import (
    AuditLog,
    Idea,
    IdeaReview,
    IdeaStatus,
    IdeaVisibility,
    Notification,
    ReviewDecision,
    User,
)

GOOD_COMMENT = "Well argued and cheap to try."
DECIDED_BY = {IdeaStatus.ACCEPTED: ReviewDecision.ACCEPTED, IdeaStatus.REJECTED: ReviewDecision.REJECTED}
_seq = itertools.count(1)


def _id_of(person: Actor | User) -> str:
    return person.user_id if isinstance(person, Actor) else person.id


def make_idea(
    session: Session,
    author: Actor | User,
    *,
    status: IdeaStatus = IdeaStatus.SUBMITTED,
    created_at: datetime | None = None,
    visibility: IdeaVisibility = IdeaVisibility.PUBLIC,
    category: str | None = "process-improvement",
    title: str | None = None,
    reviewer: Actor | User | None = None,
) -> Idea:
    """An idea in any status; past SUBMITTED it gets the review row its status implies."""
    when = created_at or datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    idea = Idea(
        title=title or f"Idea {next(_seq)}",
        description="Worth a try, and here is why.",
        category=category,
        status=status,
        visibility=visibility,
        author_id=_id_of(author),
        created_at=when,
        updated_at=when,
    )
    session.add(idea)
    session.flush()
    idea_counts.adjust(session, idea.author_id, status, 1)  # as the workflow would have
    if status not in (IdeaStatus.DRAFT, IdeaStatus.SUBMITTED):
        if reviewer is None:
            raise ValueError(f"an idea {status.value} needs a reviewer")
        make_claim(session, idea, reviewer, started_at=when, decision=DECIDED_BY.get(status))
    session.commit()
    return idea


def make_claim(
    session: Session,
    idea: Idea,
    reviewer: Actor | User,
    *,
    started_at: datetime | None = None,
    decision: ReviewDecision | None = None,
) -> IdeaReview:
    when = started_at or datetime(2026, 1, 2, 12, 0, tzinfo=UTC)
    review = IdeaReview(
        idea_id=idea.id,
        reviewer_id=_id_of(reviewer),
        started_at=when,
        created_at=when,
        decision=decision,
        comment=GOOD_COMMENT if decision else None,
        decided_at=when if decision else None,
    )
    session.add(review)
    session.commit()
    return review


def count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def written(session: Session) -> dict[str, int]:
    """What a refused command must leave untouched: claims, audit entries, notifications."""
    session.rollback()
    return {
        "idea_review": count(session, IdeaReview),
        "audit_log": count(session, AuditLog),
        "notification": count(session, Notification),
    }


def fresh(session: Session, model: type, key):
    """The row as the database has it now, not as this session remembers it."""
    session.rollback()
    session.expire_all()
    return session.get(model, key)


def review_of(session: Session, idea_id: str) -> IdeaReview | None:
    session.rollback()
    session.expire_all()
    return session.exec(select(IdeaReview).where(IdeaReview.idea_id == idea_id)).first()


def audit_for(session: Session, action) -> list[AuditLog]:
    return list(session.exec(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))


def notifications_for(session: Session, user_id: str) -> list[Notification]:
    return list(session.exec(select(Notification).where(Notification.user_id == user_id)))
