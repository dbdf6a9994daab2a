"""Searching the audit log and exporting it as CSV (SPEC §5 /admin/audit)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, func, or_

from workflow_app.core.actor import Actor
from workflow_app.core.audit_sentences import names_for, sentence
from workflow_app.core.errors import ErrorCode
from workflow_app.core.paging import Page, capped_count, clamp_page, count_cap, offset_of
from workflow_app.core.result import Err, Ok, Result, err
from workflow_app.models import AuditAction, AuditLog

AUDIT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
CSV_CHUNK = 1000
CSV_HEADER = ("time", "actor", "action", "target_type", "target_id", "target_title", "details")
# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ACTION_UNKNOWN = "Choose an action from the list."
DATES_REVERSED = "The end date must be on or after the start date."
# Plain columns, not entities: an export of the whole log never fills the session's identity map.
_COLUMNS: tuple[Any, ...] = (
    AuditLog.id,
    AuditLog.created_at,
    AuditLog.actor_id,
    AuditLog.actor_name,
    AuditLog.action,
    AuditLog.target_type,
    AuditLog.target_id,
    AuditLog.target_title,
    AuditLog.details,
)
_NEWEST_FIRST = (col(AuditLog.created_at).desc(), col(AuditLog.id).desc())


@dataclass(frozen=True)
class AuditRow:
    id: int
    created_at: datetime
    actor_id: str | None
    actor_name: str
    action: str
    target_type: str
    target_id: str | None
    target_title: str
    details: dict[str, Any]
    # The details in words, names in place of ids (the audit log page; the CSV keeps the JSON).
    summary: str = ""


@dataclass(frozen=True)
class AuditFilters:
    """Empty text and None dates mean "any"."""

    actor_query: str = ""
    action: str = ""
    target: str = ""
    date_from: date | None = None
    date_to: date | None = None


def search_audit_log(
    session: Session,
    actor: Actor,
    *,
    actor_query: str = "",
    action: str = "",
    target: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    page: int | str = 1,
    page_size: int = AUDIT_PAGE_SIZE,
) -> Result[Page[AuditRow]]:
    """Admins only; newest first, one page at a time."""
    filters = AuditFilters(actor_query, action, target, date_from, date_to)
    where = _where(actor, filters)
    if isinstance(where, Err):
        return where
    page, page_size = clamp_page(page), min(max(1, page_size), MAX_PAGE_SIZE)
    total, more = capped_count(session, [sa.select(col(AuditLog.id)).where(*where)], count_cap(page, page_size))
    rows = session.execute(
        sa.select(*_COLUMNS).where(*where).order_by(*_NEWEST_FIRST).offset(offset_of(page, page_size)).limit(page_size)
    ).all()
    items = [_row(values) for values in rows]
    names = names_for(session, (row.details for row in items))
    items = [dataclasses.replace(row, summary=sentence(row.action, row.details, names)) for row in items]
    return Ok(Page(items=items, page=page, page_size=page_size, total=total, more=more))


def audit_csv(
    session: Session,
    actor: Actor,
    *,
    actor_query: str = "",
    action: str = "",
    target: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> Result[str]:
    """Every matching entry (not one page) as CSV text, newest first."""
    chunks = audit_csv_chunks(session, actor, filters=AuditFilters(actor_query, action, target, date_from, date_to))
    return chunks if isinstance(chunks, Err) else Ok("".join(chunks.value))


def audit_csv_chunks(session: Session, actor: Actor, *, filters: AuditFilters) -> Result[Iterator[str]]:
    """The CSV as pieces of at most CSV_CHUNK rows each, for a streaming download."""
    where = _where(actor, filters)
    if isinstance(where, Err):
        return where
    return Ok(_csv_pieces(session, where))


def _csv_pieces(session: Session, where: list[ColumnElement[bool]]) -> Iterator[str]:
    yield _csv_text([CSV_HEADER])
    after: tuple[datetime, int] | None = None
    while True:
        # Keyset, not OFFSET: each chunk starts where the last ended, however deep the export.
        # A row-value comparison, so both databases read it as a range of ix_audit_log_created_id
        # (an OR of the two conditions is only a filter: chunk k re-read k chunks).
        statement = sa.select(*_COLUMNS).where(*where)
        if after is not None:
            statement = statement.where(sa.tuple_(col(AuditLog.created_at), col(AuditLog.id)) < sa.tuple_(*after))
        rows = session.execute(statement.order_by(*_NEWEST_FIRST).limit(CSV_CHUNK)).all()
        if not rows:
            return
        yield _csv_text(_csv_cells(values) for values in rows)
        after = (rows[-1].created_at, rows[-1].id)
        if len(rows) < CSV_CHUNK:
            return


def _where(actor: Actor, filters: AuditFilters) -> list[ColumnElement[bool]] | Err:
    """The filters as WHERE clauses, or why they cannot be applied."""
    if not actor.is_admin:
        return err(ErrorCode.FORBIDDEN_ROLE)
    clauses: list[ColumnElement[bool]] = []
    if query := filters.actor_query.strip():
        clauses.append(func.lower(col(AuditLog.actor_name)).contains(query.lower(), autoescape=True))
    if action := filters.action.strip():
        if action not in AuditAction.__members__:
            return err(ErrorCode.VALIDATION_ERROR, ACTION_UNKNOWN, action=ACTION_UNKNOWN)
        clauses.append(col(AuditLog.action) == AuditAction(action))
    if target := filters.target.strip():
        clauses.append(
            or_(
                col(AuditLog.target_id) == target,
                col(AuditLog.target_type) == target,
                func.lower(col(AuditLog.target_title)).contains(target.lower(), autoescape=True),
            )
        )
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        return err(ErrorCode.VALIDATION_ERROR, DATES_REVERSED, date_to=DATES_REVERSED)
    if filters.date_from:
        clauses.append(col(AuditLog.created_at) >= _day_start(filters.date_from))
    if filters.date_to:  # inclusive: everything before the next day's midnight (UTC)
        clauses.append(col(AuditLog.created_at) < _day_start(filters.date_to + timedelta(days=1)))
    return clauses


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _row(values: Sequence[Any]) -> AuditRow:
    entry_id, created_at, actor_id, actor_name, action, target_type, target_id, target_title, details = values
    return AuditRow(
        id=entry_id,
        created_at=_as_utc(created_at),
        actor_id=actor_id,
        actor_name=actor_name,
        action=AuditAction(action).value,
        target_type=target_type,
        target_id=target_id,
        target_title=target_title,
        details=dict(details or {}),
    )


def _as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _csv_cells(values: Sequence[Any]) -> list[str]:
    """One entry as CSV cells, straight from its columns (an export of 100,000 builds no rows)."""
    _, created_at, _, actor_name, action, target_type, target_id, target_title, details = values
    cells = [
        _as_utc(created_at).strftime("%Y-%m-%dT%H:%M:%SZ"),
        actor_name,
        getattr(action, "value", action),
        target_type,
        target_id or "",
        target_title,
        json.dumps(details or {}, sort_keys=True, ensure_ascii=False),
    ]
    return [_defused(cell) for cell in cells]


def _defused(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _csv_text(records: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(records)
    return buffer.getvalue()
