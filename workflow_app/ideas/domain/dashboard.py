"""The admin dashboard: stat cards, the Pending Review queue and who holds which claim (ORIGINS C12)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from workflow_app.core.actor import Actor
from workflow_app.core.errors import ErrorCode
from workflow_app.core.paging import Page, clamp_page, offset_of
from workflow_app.core.result import Ok, Result, err
from workflow_app.ideas.domain import idea_counts
from workflow_app.ideas.domain.counts import idea_status_counts
from workflow_app.ideas.domain.idea_rules import category_label
from workflow_app.models import Idea, IdeaReview, IdeaStatus, User

QUEUE_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
EMPTY_QUEUE = "No ideas awaiting review. Great work!"


@dataclass(frozen=True)
class QueueRow:
    idea_id: str
    title: str
    author_name: str
    category: str
    category_label: str
    created_at: datetime


@dataclass(frozen=True)
class InReviewRow:
    idea_id: str
    title: str
    author_name: str
    reviewer_id: str
    reviewer_name: str
    started_at: datetime


def status_cards(session: Session, actor: Actor) -> Result[dict[str, int]]:
    """Total Ideas plus one count per status (drafts never counted)."""
    if not actor.is_admin:
        return err(ErrorCode.FORBIDDEN_ROLE)
    counts = idea_status_counts(session, actor, mine=False)
    return Ok({"TOTAL": sum(counts.values()), **counts})


def pending_review_queue(
    session: Session, actor: Actor, *, page: int | str = 1, page_size: int = QUEUE_PAGE_SIZE
) -> Result[Page[QueueRow]]:
    """SUBMITTED ideas, oldest first, one page at a time.

    WHERE status = ? ORDER BY created_at, id walks ix_idea_status_created_id, so a page costs its
    offset plus its size, not the whole table; authors come from one join, not a query per row;
    the total is the SUBMITTED counter (idea_counts.py), not a count.
    """
    if not actor.is_admin:
        return err(ErrorCode.FORBIDDEN_ROLE)
    page, page_size = clamp_page(page), min(max(1, page_size), MAX_PAGE_SIZE)
    pending = col(Idea.status) == IdeaStatus.SUBMITTED
    total = idea_counts.status_totals(session)[IdeaStatus.SUBMITTED.value]
    # The page's ids from the index alone (it holds status, created_at and id), then their rows.
    shown = (
        session.execute(
            sa.select(col(Idea.id))
            .where(pending)
            .order_by(col(Idea.created_at), col(Idea.id))
            .offset(offset_of(page, page_size))
            .limit(page_size)
        )
        .scalars()
        .all()
    )
    found = session.execute(
        sa.select(col(Idea.id), col(Idea.title), col(Idea.category), col(Idea.created_at), col(User.display_name))
        .join(User, col(User.id) == Idea.author_id)
        .where(col(Idea.id).in_(shown))
    ).all()
    by_id = {row[0]: row for row in found}
    rows = [by_id[i] for i in shown if i in by_id]
    items = [
        QueueRow(
            idea_id=idea_id,
            title=title or "Untitled",
            author_name=author,
            category=category or "",
            category_label=category_label(category),
            created_at=created_at,
        )
        for idea_id, title, category, created_at, author in rows
    ]
    return Ok(Page(items=items, page=page, page_size=page_size, total=total))


def in_review_list(session: Session, actor: Actor) -> Result[list[InReviewRow]]:
    """Ideas UNDER_REVIEW with who holds each claim and since when, oldest claim first: the open
    claims (no decision yet) in the order of ix_idea_review_open_started."""
    if not actor.is_admin:
        return err(ErrorCode.FORBIDDEN_ROLE)
    reviewer = aliased(User)
    rows = session.execute(
        sa.select(
            col(Idea.id),
            col(Idea.title),
            col(User.display_name),
            col(IdeaReview.reviewer_id),
            col(reviewer.display_name),
            col(IdeaReview.started_at),
        )
        .select_from(IdeaReview)
        .join(Idea, col(Idea.id) == IdeaReview.idea_id)
        .join(User, col(User.id) == Idea.author_id)
        .join(reviewer, col(reviewer.id) == col(IdeaReview.reviewer_id))
        .where(col(IdeaReview.decision).is_(None))  # an open claim is an idea UNDER_REVIEW (reviews.py)
        .order_by(col(IdeaReview.started_at), col(IdeaReview.idea_id))
    ).all()
    return Ok(
        [
            InReviewRow(
                idea_id=idea_id,
                title=title or "Untitled",
                author_name=author,
                reviewer_id=reviewer_id,
                reviewer_name=reviewer_name,
                started_at=started_at,
            )
            for idea_id, title, author, reviewer_id, reviewer_name, started_at in rows
        ]
    )
