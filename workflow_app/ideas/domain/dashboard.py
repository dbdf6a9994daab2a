"""The admin dashboard: stat cards, the Pending Review queue and who holds which claim (ORIGINS C12)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from workflow_app.config import settings
from workflow_app.core.actor import Actor
from workflow_app.core.clock import Clock, system_clock
from workflow_app.core.columns import utc_time
from workflow_app.core.due import is_overdue
from workflow_app.core.errors import ErrorCode
from workflow_app.core.paging import Page, clamp_page, offset_of
from workflow_app.core.result import Ok, Result, err
from workflow_app.ideas.domain import blind_review, idea_counts
from workflow_app.ideas.domain.counts import idea_status_counts
from workflow_app.ideas.domain.idea_rules import category_label
from workflow_app.models import Idea, IdeaReview, IdeaStageProgress, IdeaStatus, User

QUEUE_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
EMPTY_QUEUE = "No ideas awaiting review. Great work!"


# Rows are plain slotted dataclasses built positionally: a frozen one's __init__ sets each field
# through object.__setattr__ and keywords double the cost; the in-review list builds thousands.
@dataclass(slots=True)
class QueueRow:
    idea_id: str
    title: str
    author_name: str
    category: str
    category_label: str
    created_at: datetime
    overdue: bool = False  # waiting longer than the review due time (core/due.py)


@dataclass(slots=True)
class InReviewRow:
    idea_id: str
    title: str
    author_name: str
    reviewer_id: str
    reviewer_name: str
    started_at: datetime
    stale: bool = False  # claimed longer than the stale-claim time: a SUPERADMIN may release it
    stage: str = ""  # reviewed in stages: the stage it is at ("Stage 2: Feasibility"); no release


def status_cards(session: Session, actor: Actor) -> Result[dict[str, int]]:
    """Total Ideas plus one count per status (drafts never counted)."""
    if not actor.is_admin:
        return err(ErrorCode.FORBIDDEN_ROLE)
    counts = idea_status_counts(session, actor, mine=False)
    return Ok({"TOTAL": sum(counts.values()), **counts})


def pending_review_queue(
    session: Session,
    actor: Actor,
    *,
    page: int | str = 1,
    page_size: int = QUEUE_PAGE_SIZE,
    clock: Clock = system_clock,
) -> Result[Page[QueueRow]]:
    """SUBMITTED ideas, oldest first, one page at a time.

    The page's ids come from ix_idea_status_created_id alone (it holds status, created_at and
    id), so a page costs its offset plus its size, not the whole table; then their rows with the
    authors joined in, and the total from the SUBMITTED counters (idea_counts.py), not a count:
    one statement.
    """
    if not actor.is_admin:
        return err(ErrorCode.FORBIDDEN_ROLE)
    page, page_size = clamp_page(page), min(max(1, page_size), MAX_PAGE_SIZE)
    found = session.execute(_QUEUE_PAGE, {"offset": offset_of(page, page_size), "limit": page_size}).all()
    # A page past the end has no row to carry the total.
    total = found[0].total if found else session.execute(_SUBMITTED).scalar_one()
    # Ordered here: an ORDER BY over the joined page would be a sort the index does not give.
    now, due_days = clock.now(), settings.review_due_working_days
    items = [
        QueueRow(
            idea_id,
            title or "Untitled",
            author,
            category or "",
            category_label(category),
            created_at,
            is_overdue(created_at, now, due_days),
        )
        for created_at, idea_id, title, category, author in sorted([row[:5] for row in found])
    ]
    return Ok(Page(items=items, page=page, page_size=page_size, total=int(total)))


def _queue_page() -> sa.Select[Any]:
    """One page of the queue (offset, limit): its ids and times from the index, then the rows,
    each with the queue's total (uncorrelated: evaluated once)."""
    idea, user = _table(Idea), _table(User)
    shown = (
        sa.select(idea.c.id, utc_time(idea.c.created_at))
        .where(idea.c.status == IdeaStatus.SUBMITTED)
        .order_by(idea.c.created_at, idea.c.id)
        .offset(sa.bindparam("offset", type_=sa.Integer))
        .limit(sa.bindparam("limit", type_=sa.Integer))
        .subquery("shown")
    )
    row = idea.alias("row")
    total = idea_counts.total_of(IdeaStatus.SUBMITTED).label("total")
    return (
        sa.select(shown.c.created_at, shown.c.id, row.c.title, row.c.category, user.c.display_name, total)
        .select_from(shown)
        .join(row, row.c.id == shown.c.id)
        .join(user, user.c.id == row.c.author_id)
    )


def _table(model: type[SQLModel]) -> sa.Table:
    table: sa.Table = model.__table__  # type: ignore[attr-defined]
    return table


# Built once, not per call: building and keying a statement cost as much as running it.
_QUEUE_PAGE = _queue_page()
_SUBMITTED = sa.select(idea_counts.total_of(IdeaStatus.SUBMITTED))


def in_review_list(session: Session, actor: Actor, *, clock: Clock = system_clock) -> Result[list[InReviewRow]]:
    """Ideas UNDER_REVIEW with who holds each claim and since when, oldest claim first: the open
    claims (no decision yet) in the order of ix_idea_review_open_started, and the claimed stages
    of reviews in stages in that of ix_idea_stage_progress_open_started. A claim held longer
    than STALE_CLAIM_HOURS is stale."""
    if not actor.is_admin:
        return err(ErrorCode.FORBIDDEN_ROLE)
    stale_before = clock.now() - timedelta(hours=settings.stale_claim_hours)
    shown_as = blind_review.names_for(session, actor)
    rows = [
        InReviewRow(
            idea_id,
            title or "Untitled",
            shown_as(IdeaStatus.UNDER_REVIEW, author_id, author, category),
            reviewer_id,
            reviewer_name,
            started_at,
            started_at <= stale_before,
            f"Stage {position}: {stage}" if stage else "",
        )
        for statement in (_IN_REVIEW, _STAGES_IN_REVIEW)
        for idea_id, title, author, reviewer_id, reviewer_name, started_at, author_id, category, position, stage in (
            session.execute(statement).all()
        )
    ]
    return Ok(sorted(rows, key=lambda row: (row.started_at, row.idea_id)))


def _in_review() -> sa.Select[Any]:
    idea, user, review = _table(Idea), _table(User), _table(IdeaReview)
    reviewer = user.alias("reviewer")
    return (
        sa.select(
            idea.c.id,
            idea.c.title,
            user.c.display_name,
            review.c.reviewer_id,
            reviewer.c.display_name,
            utc_time(review.c.started_at),
            idea.c.author_id,
            idea.c.category,
            sa.literal(0),
            sa.literal(""),
        )
        .select_from(review)
        .join(idea, idea.c.id == review.c.idea_id)
        .join(user, user.c.id == idea.c.author_id)
        .join(reviewer, reviewer.c.id == review.c.reviewer_id)
        .where(review.c.decision.is_(None))  # an open claim is an idea UNDER_REVIEW (reviews.py)
        .order_by(review.c.started_at, review.c.idea_id)
    )


_IN_REVIEW = _in_review()


def _stages_in_review() -> sa.Select[Any]:
    idea, user, progress = _table(Idea), _table(User), _table(IdeaStageProgress)
    reviewer = user.alias("reviewer")
    return (
        sa.select(
            idea.c.id,
            idea.c.title,
            user.c.display_name,
            progress.c.reviewer_id,
            reviewer.c.display_name,
            utc_time(progress.c.started_at),
            idea.c.author_id,
            idea.c.category,
            progress.c.position,
            progress.c.stage_name,
        )
        .select_from(progress)
        .join(idea, idea.c.id == progress.c.idea_id)
        .join(user, user.c.id == idea.c.author_id)
        .join(reviewer, reviewer.c.id == progress.c.reviewer_id)
        # The partial index's rows that have started: the stages under way, whose ideas are all
        # UNDER_REVIEW (a decision or an escalation completes its stage; a rejection starts none).
        .where(progress.c.completed_at.is_(None), progress.c.started_at.is_not(None))
        .order_by(progress.c.started_at, progress.c.idea_id)
    )


_STAGES_IN_REVIEW = _stages_in_review()
