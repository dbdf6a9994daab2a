"""What the idea pages show: the list, one idea with its decision, and My Ideas (ORIGINS C6–C8)."""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from workflow_app.core.actor import Actor
from workflow_app.core.errors import ErrorCode
from workflow_app.core.paging import Page, capped_count, clamp_page, count_cap, offset_of
from workflow_app.core.result import Ok, Result, err
from workflow_app.ideas.domain.idea_rules import CATEGORIES, category_label
from workflow_app.ideas.domain.ideas import can_delete, delete_needs_confirmation, visible_to
from workflow_app.models import Idea, IdeaReview, IdeaStatus, IdeaVisibility, User

PAGE_SIZE = 20


@dataclass(frozen=True)
class IdeaSummary:
    id: str
    title: str
    author_name: str
    category: str
    category_label: str
    status: str
    visibility: str
    created_at: datetime


@dataclass(frozen=True)
class Decision:
    decision: str | None
    reviewer_name: str
    comment: str | None
    started_at: datetime
    decided_at: datetime | None


@dataclass(frozen=True)
class IdeaDetail:
    summary: IdeaSummary
    description: str
    is_author: bool
    can_delete: bool
    must_confirm_delete: bool  # by typing one's display name
    review: Decision | None


# What a summary is built from: an Idea, or a row of the same columns (no entity to build).
_SUMMARY_COLUMNS: tuple[Any, ...] = (
    col(Idea.id),
    col(Idea.title),
    col(Idea.category),
    col(Idea.status),
    col(Idea.visibility),
    col(Idea.created_at),
)


def _summary(idea: Idea | sa.Row[Any], author_name: str) -> IdeaSummary:
    return IdeaSummary(
        id=idea.id,
        title=idea.title or "Untitled",
        author_name=author_name,
        category=idea.category or "",
        category_label=category_label(idea.category),
        status=IdeaStatus(idea.status).value,
        visibility=idea.visibility.value,
        created_at=idea.created_at,
    )


def list_ideas(
    session: Session, actor: Actor, *, page: int | str = 1, category: str = "", page_size: int = PAGE_SIZE
) -> Result[Page[IdeaSummary]]:
    """Newest first, 20 a page; an unknown category is a validation error, not an empty list.

    What an actor may see is two index ranges read newest first and merged here: the PUBLIC
    ideas, and the PRIVATE ones (an admin's: all of them; anyone else's: their own). Each branch
    reads at most offset + page size keys, the page's rows are then read by id, and the total
    is counted only as far as `count_cap` (paging.py): a page costs its depth, not the million
    ideas behind it, and no statement sorts anything the index has not.
    """
    if category and category not in CATEGORIES:
        return err(ErrorCode.VALIDATION_ERROR, "Unknown category.")
    page = clamp_page(page)
    branches = _visible_branches(actor, category)
    offset = offset_of(page, page_size)
    newest_first = heapq.merge(
        *(session.execute(_newest(where).limit(offset + page_size)).all() for where in branches),
        key=lambda key: (key.created_at, key.id),
        reverse=True,
    )
    shown = [key.id for key in itertools.islice(newest_first, offset, offset + page_size)]
    found = session.execute(
        sa.select(*_SUMMARY_COLUMNS, col(User.display_name))
        .join(User, col(User.id) == Idea.author_id)
        .where(col(Idea.id).in_(shown))
    ).all()
    by_id = {row.id: _summary(row, row.display_name) for row in found}
    counted = [sa.select(col(Idea.id)).where(*where) for where in branches]
    total, more = capped_count(session, counted, count_cap(page, page_size))
    items = [by_id[i] for i in shown if i in by_id]
    return Ok(Page(items=items, page=page, page_size=page_size, total=total, more=more))


def _visible_branches(actor: Actor, category: str) -> list[list[ColumnElement[bool]]]:
    """`visible_to` as two disjoint index ranges: PUBLIC, and the PRIVATE ones this actor sees."""
    listed: list[ColumnElement[bool]] = [col(Idea.status) != IdeaStatus.DRAFT]
    if category:
        listed.append(col(Idea.category) == category)
    private = [col(Idea.visibility) == IdeaVisibility.PRIVATE, *listed]
    if not actor.is_admin:
        private.append(col(Idea.author_id) == actor.user_id)
    return [[col(Idea.visibility) == IdeaVisibility.PUBLIC, *listed], private]


def _newest(where: list[ColumnElement[bool]]) -> sa.Select[Any, Any]:
    return (
        sa.select(col(Idea.id).label("id"), col(Idea.created_at).label("created_at"))
        .where(*where)
        .order_by(col(Idea.created_at).desc(), col(Idea.id).desc())
    )


def idea_detail(session: Session, actor: Actor, *, idea_id: str) -> Result[IdeaDetail]:
    """One idea as this actor may see it; IDEA_NOT_FOUND for missing and hidden alike."""
    reviewer = aliased(User)
    row = session.exec(
        select(Idea, User.display_name, IdeaReview, reviewer.display_name)
        .join(User, col(User.id) == Idea.author_id)
        .outerjoin(IdeaReview, col(IdeaReview.idea_id) == Idea.id)
        .outerjoin(reviewer, col(reviewer.id) == col(IdeaReview.reviewer_id))
        .where(col(Idea.id) == idea_id, visible_to(actor))
    ).first()
    if row is None:
        return err(ErrorCode.IDEA_NOT_FOUND)
    idea, author_name, review, reviewer_name = row
    decision = None
    if review is not None:
        decision = Decision(
            decision=review.decision.value if review.decision else None,
            reviewer_name=reviewer_name or "",
            comment=review.comment,
            started_at=review.started_at,
            decided_at=review.decided_at,
        )
    return Ok(
        IdeaDetail(
            summary=_summary(idea, author_name),
            description=idea.description or "",
            is_author=idea.author_id == actor.user_id,
            can_delete=can_delete(actor, idea),
            must_confirm_delete=delete_needs_confirmation(actor, idea),
            review=decision,
        )
    )


def my_submitted_ideas(session: Session, actor: Actor) -> list[IdeaSummary]:
    """The actor's own ideas that are no longer drafts, newest first (no pagination, ORIGINS C8):
    one range of ix_idea_author_created_id."""
    rows = session.execute(
        sa.select(*_SUMMARY_COLUMNS)
        .where(col(Idea.author_id) == actor.user_id, col(Idea.status) != IdeaStatus.DRAFT)
        .order_by(col(Idea.created_at).desc(), col(Idea.id).desc())
    ).all()
    return [_summary(idea, actor.display_name) for idea in rows]
