"""What the idea pages show: the list, one idea with its decision, and My Ideas (ORIGINS C6–C8)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from workflow_app.core.actor import Actor
from workflow_app.core.columns import one_of, one_of_values, places_for, stored, utc_time
from workflow_app.core.errors import ErrorCode
from workflow_app.core.paging import Page, capped_count, clamp_page, count_cap, counter, offset_of
from workflow_app.core.result import Ok, Result, err
from workflow_app.ideas.domain import blind_review, smart_forms
from workflow_app.ideas.domain.idea_rules import CATEGORIES, category_label
from workflow_app.ideas.domain.ideas import can_delete, delete_needs_confirmation, visible_to
from workflow_app.models import Idea, IdeaReview, IdeaStatus, IdeaVisibility, User

PAGE_SIZE = 20


# Not frozen: a frozen dataclass's __init__ sets each field through object.__setattr__, 2.3 µs
# a summary here, a quarter of what My Ideas' 1,000 rows add to their query (issue 11).
@dataclass(slots=True)
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
    # The smart form's answers as (label, value), in the labels the idea was written with.
    additional_details: list[tuple[str, str]] = field(default_factory=list)


def _summary(idea: Idea, author_name: str) -> IdeaSummary:
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
    offset, cap = offset_of(page, page_size), count_cap(page, page_size)
    listing = _listing(actor.is_admin, bool(category))
    params = {"author_id": actor.user_id, "category": category, "depth": offset + page_size, "count_limit": cap + 1}
    keys = session.execute(listing.keys, params).all()
    # Each branch comes newest first: sorting the two runs is a merge. The keys compare as the
    # database ordered them (_KEY_TIME).
    newest_first = sorted([(at, idea_id) for at, idea_id, _ in keys], reverse=True)
    shown = [idea_id for _, idea_id in newest_first[offset : offset + page_size]]
    places = places_for(len(shown))
    found = session.execute(_rows_by_id(places), one_of_values(shown, places)).all()
    shown_as = blind_review.names_for(session, actor)
    by_id = {row[0]: _summary_of(row, shown_as) for row in found}
    # The PUBLIC branch's capped count came with its keys (no keys: it is empty); the PRIVATE
    # one is counted only if that left room under the cap.
    public = next((n for _, _, n in keys if n is not None), 0)
    total, more = capped_count(session, listing.counters[1:], cap, params, found=public)
    items = [by_id[i] for i in shown if i in by_id]
    return Ok(Page(items=items, page=page, page_size=page_size, total=total, more=more))


def _summary_of(row: Sequence[Any], shown_as: blind_review.Shown) -> IdeaSummary:
    """A summary from a row of _SUMMARY_COLUMNS, the author's name and id (the name as this reader
    may see it: blind review)."""
    idea_id, title, category, status, visibility, created_at, name, author_id = row
    author = shown_as(status, author_id, name, category)
    # Positional, in IdeaSummary's field order: keywords made building one twice as dear.
    label = category_label(category)
    return IdeaSummary(idea_id, title or "Untitled", author, category or "", label, status, visibility, created_at)


@dataclass(frozen=True)
class _Listing:
    """The list's statements for one kind of viewer, built once: building and keying a statement
    cost as much as running it. Parameters: author_id, category, depth (keys read per branch)
    and count_limit (how far a branch is counted)."""

    keys: sa.CompoundSelect[Any]  # both branches' newest keys, the first's with its count
    counters: tuple[sa.Select[Any], ...]  # each branch's capped count (paging.counter)


@functools.cache
def _listing(admin: bool, by_category: bool) -> _Listing:
    branches = _visible_branches(admin, by_category)
    newest = [
        sa.select(_KEY_TIME, _IDEA.c.id)
        .where(*where)
        .order_by(_IDEA.c.created_at.desc(), _IDEA.c.id.desc())
        .limit(sa.bindparam("depth", type_=sa.Integer))
        .subquery()
        for where in branches
    ]
    counters = tuple(counter(sa.select(_IDEA.c.id).where(*where)) for where in branches)
    # The count rides in the first branch's rows only (SQLite copies a select over the union into
    # each member, which counted twice); uncorrelated, so it runs once, not once a row.
    first_count = counters[0].scalar_subquery()
    public, private = newest
    keys = sa.union_all(
        sa.select(public.c.created_at, public.c.id, first_count.label("first_count")),
        sa.select(private.c.created_at, private.c.id, sa.null()),
    )
    return _Listing(keys=keys, counters=counters)


def _visible_branches(admin: bool, by_category: bool) -> list[list[ColumnElement[bool]]]:
    """`visible_to` as two disjoint index ranges: PUBLIC, and the PRIVATE ones this actor sees."""
    listed: list[ColumnElement[bool]] = [_IDEA.c.status != IdeaStatus.DRAFT]
    if by_category:
        listed.append(_IDEA.c.category == sa.bindparam("category"))
    private = [_IDEA.c.visibility == IdeaVisibility.PRIVATE, *listed]
    if not admin:
        private.append(_IDEA.c.author_id == sa.bindparam("author_id"))
    return [[_IDEA.c.visibility == IdeaVisibility.PUBLIC, *listed], private]


# SQLModel sets __table__ on the class; its type stubs do not say so.
_IDEA: sa.Table = Idea.__table__  # type: ignore[attr-defined]
_USER: sa.Table = User.__table__  # type: ignore[attr-defined]
# The merge's sort key as stored, not converted: SQLite keeps times as fixed-width text, whose
# order is the one its ORDER BY used; PostgreSQL's driver gives datetimes.
_KEY_TIME = stored(_IDEA.c.created_at)
_SUMMARY_COLUMNS: tuple[Any, ...] = (
    _IDEA.c.id,
    _IDEA.c.title,
    _IDEA.c.category,
    stored(_IDEA.c.status),
    stored(_IDEA.c.visibility),
    utc_time(_IDEA.c.created_at),
)


@functools.cache
def _rows_by_id(places: int) -> sa.Select[Any]:
    return (
        sa.select(*_SUMMARY_COLUMNS, _USER.c.display_name, _IDEA.c.author_id)
        .join(_USER, _USER.c.id == _IDEA.c.author_id)
        .where(one_of(_IDEA.c.id, places))
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
            summary=_summary(
                idea, blind_review.names_for(session, actor)(idea.status, idea.author_id, author_name, idea.category)
            ),
            description=idea.description or "",
            is_author=idea.author_id == actor.user_id,
            can_delete=can_delete(actor, idea),
            must_confirm_delete=delete_needs_confirmation(actor, idea),
            review=decision,
            additional_details=smart_forms.idea_details(session, idea),
        )
    )


def my_submitted_ideas(session: Session, actor: Actor, *, status: IdeaStatus | None = None) -> list[IdeaSummary]:
    """The actor's own ideas that are no longer drafts, newest first (no pagination, ORIGINS C8):
    one range of ix_idea_author_created_id; of one status (what a count on Home links to), one
    range of ix_idea_author_status. A DRAFT status lists nothing: drafts are not submitted ideas."""
    author = actor.display_name
    if status is None:
        rows = session.execute(_MINE, {"author_id": actor.user_id}).all()
    elif status == IdeaStatus.DRAFT:
        rows = []
    else:
        rows = session.execute(_MINE_IN_STATUS, {"author_id": actor.user_id, "of_status": status}).all()
    # Built inline, positionally in IdeaSummary's field order (keywords made it twice as dear):
    # this is most of what My Ideas' thousand rows cost beyond their query.
    return [
        IdeaSummary(idea_id, title or "Untitled", author, category or "", category_label(category), status, seen_by, at)
        for idea_id, title, category, status, seen_by, at in rows
    ]


_MINE = (
    sa.select(*_SUMMARY_COLUMNS)
    .where(_IDEA.c.author_id == sa.bindparam("author_id"), _IDEA.c.status != IdeaStatus.DRAFT)
    .order_by(_IDEA.c.created_at.desc(), _IDEA.c.id.desc())
)
_MINE_IN_STATUS = (
    sa.select(*_SUMMARY_COLUMNS)
    .where(_IDEA.c.author_id == sa.bindparam("author_id"), _IDEA.c.status == sa.bindparam("of_status"))
    .order_by(_IDEA.c.created_at.desc(), _IDEA.c.id.desc())
)
