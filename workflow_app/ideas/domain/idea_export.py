"""Every idea an admin sees on /ideas as a CSV download, newest first (issue 11).

The rows are what the admin's list shows (every idea but drafts, optionally one category),
read in chunks as the list reads a page: the PUBLIC and the PRIVATE ideas are two ranges of
ix_idea_visibility_created_id (of ix_idea_visibility_category_created_id with a category),
each read newest first from where the last chunk ended and merged here; the chunk's rows, with
author and review, are then read by id. A chunk costs its size, however deep the export.

An idea's `created_at` is its submission time (a submitted draft takes the submission's), so
the CSV calls it `submitted_at`.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from workflow_app.core.actor import Actor
from workflow_app.core.arguments import checked
from workflow_app.core.csv_export import csv_text, safe_cells
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Ok, Result, err
from workflow_app.ideas.domain import blind_review
from workflow_app.ideas.domain.idea_rules import CATEGORIES, category_label
from workflow_app.models import Idea, IdeaReview, IdeaStatus, IdeaVisibility, User

CSV_CHUNK = 1000
CSV_HEADER = (
    "id",
    "title",
    "description",
    "category",
    "status",
    "visibility",
    "author",
    "author_email",
    "submitted_at",
    "updated_at",
    "reviewer",
    "review_started_at",
    "decision",
    "decided_at",
    "review_comment",
)
UNKNOWN_CATEGORY = "Unknown category."  # as the list says it
_KEY = (col(Idea.created_at), col(Idea.id))
_NEWEST_FIRST = (col(Idea.created_at).desc(), col(Idea.id).desc())


@checked
def ideas_csv_chunks(session: Session, actor: Actor, *, category: str = "") -> Result[Iterator[str]]:
    """ADMIN and SUPERADMIN only: the CSV as pieces of at most CSV_CHUNK ideas, for a
    streaming download. The checks run now; the rows are read as the pieces are taken."""
    if not actor.is_admin:
        return err(ErrorCode.FORBIDDEN_ROLE)
    category = category.strip()
    if category and category not in CATEGORIES:
        return err(ErrorCode.VALIDATION_ERROR, UNKNOWN_CATEGORY, category=UNKNOWN_CATEGORY)
    return Ok(_pieces(session, _branches(category), blind_review.names_for(session, actor)))


def _branches(category: str) -> list[list[ColumnElement[bool]]]:
    """All ideas but drafts, as the two visibility ranges an admin's list reads."""
    listed: list[ColumnElement[bool]] = [col(Idea.status) != IdeaStatus.DRAFT]
    if category:
        listed.append(col(Idea.category) == category)
    return [[col(Idea.visibility) == visibility, *listed] for visibility in IdeaVisibility]


def _pieces(session: Session, branches: list[list[ColumnElement[bool]]], shown_as: blind_review.Shown) -> Iterator[str]:
    yield csv_text([CSV_HEADER])
    after: tuple[datetime, str] | None = None
    while True:
        keys = _next_keys(session, branches, after)
        if not keys:
            return
        yield csv_text(_cells(row, shown_as) for row in _rows(session, [key.id for key in keys]))
        after = (keys[-1].created_at, keys[-1].id)
        if len(keys) < CSV_CHUNK:
            return


def _next_keys(
    session: Session, branches: list[list[ColumnElement[bool]]], after: tuple[datetime, str] | None
) -> list[sa.Row[Any]]:
    """The next chunk's (id, created_at), newest first: each branch reads at most a chunk from
    where the last one ended (a row-value range, so an index range on both databases)."""
    started = [sa.tuple_(*_KEY) < sa.tuple_(*after)] if after is not None else []
    ranges = [
        session.execute(
            sa.select(col(Idea.id).label("id"), col(Idea.created_at).label("created_at"))
            .where(*where, *started)
            .order_by(*_NEWEST_FIRST)
            .limit(CSV_CHUNK)
        ).all()
        for where in branches
    ]
    merged = heapq.merge(*ranges, key=lambda key: (key.created_at, key.id), reverse=True)
    return list(itertools.islice(merged, CSV_CHUNK))


def _rows(session: Session, ids: list[str]) -> list[sa.Row[Any]]:
    """The chunk's ideas with their author and review, in the order of `ids`."""
    reviewer = aliased(User)
    found = session.execute(
        sa.select(
            col(Idea.id),
            col(Idea.title),
            col(Idea.description),
            col(Idea.category),
            col(Idea.status),
            col(Idea.visibility),
            col(User.display_name).label("author_name"),
            col(User.email).label("author_email"),
            col(Idea.created_at),
            col(Idea.updated_at),
            col(reviewer.display_name).label("reviewer_name"),
            col(IdeaReview.started_at),
            col(IdeaReview.decision),
            col(IdeaReview.decided_at),
            col(IdeaReview.comment),
            col(Idea.author_id),
        )
        .join(User, col(User.id) == Idea.author_id)
        .outerjoin(IdeaReview, col(IdeaReview.idea_id) == Idea.id)
        .outerjoin(reviewer, col(reviewer.id) == col(IdeaReview.reviewer_id))
        .where(col(Idea.id).in_(ids))
    ).all()
    by_id = {row.id: row for row in found}
    return [by_id[i] for i in ids if i in by_id]  # one deleted since its key was read is left out


def _cells(row: Sequence[Any], shown_as: blind_review.Shown) -> list[str]:
    (idea_id, title, description, category, status, visibility, name, email, *rest, author_id) = row
    shown = shown_as(status, author_id, name, category)
    if shown == blind_review.ANONYMOUS != name:  # under blind review: neither the name nor the address
        name, email = shown, ""
    return safe_cells([idea_id, title, description, category_label(category), status, visibility, name, email, *rest])
