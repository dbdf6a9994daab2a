"""Searching the audit log and exporting it as CSV (SPEC §5 /admin/audit)."""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement, Label
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session, func, or_

from workflow_app.core.actor import Actor
from workflow_app.core.audit_sentences import names_for, sentence
from workflow_app.core.columns import stored, utc_from_stored, utc_time
from workflow_app.core.errors import ErrorCode
from workflow_app.core.paging import Page, capped_count, clamp_page, count_cap, counter, offset_of
from workflow_app.core.result import Err, Ok, Result, err
from workflow_app.models import AuditAction, AuditLog

AUDIT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
CSV_CHUNK = 1000
# How many entries of the names an actor search matches are read by name and sorted (_actor_statements).
ACTOR_REACH = 50_000
CSV_HEADER = ("time", "actor", "action", "target_type", "target_id", "target_title", "details")
# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ACTION_UNKNOWN = "Choose an action from the list."
DATES_REVERSED = "The end date must be on or after the start date."
# SQLModel sets __table__ on the class; its type stubs do not say so.
_LOG: sa.Table = AuditLog.__table__  # type: ignore[attr-defined]
# Plain columns, not entities: an export of the whole log never fills the session's identity map.
# The action as its stored value (what a row shows), the time as an aware UTC datetime.
_COLUMNS: tuple[Any, ...] = (
    _LOG.c.id,
    utc_time(_LOG.c.created_at),
    _LOG.c.actor_id,
    _LOG.c.actor_name,
    stored(_LOG.c.action),
    _LOG.c.target_type,
    _LOG.c.target_id,
    _LOG.c.target_title,
    sa.cast(_LOG.c.details, sa.Text).label("details"),  # the JSON text: parsed once per distinct text
)


class _CSVTime(FunctionElement[str]):
    """The time as the CSV writes it (2026-01-10T09:30:00Z), formatted by the database."""

    type = sa.String()
    inherit_cache = True


@compiles(_CSVTime, "sqlite")
def _csv_time_sqlite(element: _CSVTime, compiler: Any, **kw: Any) -> str:
    return f"strftime('%Y-%m-%dT%H:%M:%SZ', {compiler.process(element.clauses, **kw)})"


@compiles(_CSVTime, "postgresql")
def _csv_time_postgresql(element: _CSVTime, compiler: Any, **kw: Any) -> str:
    return f"""to_char({compiler.process(element.clauses, **kw)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"""


class _Holds(FunctionElement[bool]):
    """`text` holds `part` (both as given: no wildcard, no escape), as a position test. Unlike a
    LIKE '%…%' on an expression, which PostgreSQL guesses to match a handful of rows and so reads
    the whole log and sorts it, a comparison of a function is guessed to hold for a third: the
    newest-first index serves the page of a name that is in every other entry."""

    type = sa.Boolean()
    inherit_cache = True


@compiles(_Holds, "sqlite")
def _holds_sqlite(element: _Holds, compiler: Any, **kw: Any) -> str:
    text, part = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"instr({text}, {part}) > 0"


@compiles(_Holds, "postgresql")
def _holds_postgresql(element: _Holds, compiler: Any, **kw: Any) -> str:
    text, part = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"strpos({text}, {part}) > 0"


def _defused(text: ColumnElement[Any], name: str) -> Label[str]:
    """A spreadsheet runs a cell starting with one of FORMULA_STARTS as a formula; the database
    puts a quote before it (OWASP "CSV injection")."""
    formula = sa.func.substr(text, 1, 1).in_([sa.literal(start) for start in FORMULA_STARTS])  # not expanding
    return sa.case((formula, sa.literal("'") + text), else_=text).label(name)


# The export's cells as the database gives them: the time formatted, text cells defused, the
# details as the JSON text stored (written again once per distinct text, _csv_records); the
# stored time for the next chunk's keyset.
_CSV_COLUMNS: tuple[Any, ...] = (
    _CSVTime(_LOG.c.created_at).label("stamp"),
    _defused(_LOG.c.actor_name, "actor_name"),
    _defused(sa.type_coerce(_LOG.c.action, sa.String()), "action"),
    _defused(_LOG.c.target_type, "target_type"),
    _defused(sa.func.coalesce(_LOG.c.target_id, ""), "target_id"),
    _defused(_LOG.c.target_title, "target_title"),
    sa.cast(_LOG.c.details, sa.Text).label("details"),
    stored(_LOG.c.created_at),
    _LOG.c.id,
)


# Not frozen, and built positionally: a frozen dataclass sets each field through
# object.__setattr__ (2.3 µs a row), keywords double the rest.
@dataclass(slots=True)
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
    query = _query(actor, AuditFilters(actor_query, action, target, date_from, date_to))
    if isinstance(query, Err):
        return query
    statements, params = query
    page, page_size = clamp_page(page), min(max(1, page_size), MAX_PAGE_SIZE)
    cap = count_cap(page, page_size)
    window = {"offset": offset_of(page, page_size), "limit": page_size, "count_limit": cap + 1}
    rows, (total, more) = _page_rows(session, statements, {**params, **window}, cap)
    # Most entries repeat a few details texts ("{}" above all): each is parsed, and each action's
    # sentence for it written, once a page.
    kinds = {(action, text) for _, _, _, _, action, _, _, _, text, *_ in rows}
    parsed = {text: dict(_JSON_READ(text) or {}) for _, text in kinds}
    names = names_for(session, (details for details in parsed.values() if details))
    said = {(action, text): sentence(action, parsed[text], names) for action, text in kinds}
    items = [  # positional, in AuditRow's field order
        AuditRow(entry_id, at, actor_id, name, action, kind, target_id, title, dict(parsed[text]), said[action, text])
        for entry_id, at, actor_id, name, action, kind, target_id, title, text, *_ in rows
    ]
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
    query = _query(actor, filters)
    if isinstance(query, Err):
        return query
    return Ok(_csv_pieces(session, *query))


def _csv_pieces(session: Session, statements: _Statements, params: dict[str, Any]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    yield buffer.getvalue()
    statement, chunk = statements.first_chunk, {**params, "chunk": CSV_CHUNK}
    details_cells: dict[str, tuple[str, str]] = {}
    while True:
        # Keyset, not OFFSET: each chunk starts where the last ended, however deep the export.
        # A row-value comparison, so both databases read it as a range of ix_audit_log_created_id
        # (an OR of the two conditions is only a filter: chunk k re-read k chunks).
        rows = session.execute(statement, chunk).all()
        if not rows:
            return
        buffer.seek(0)
        buffer.truncate()
        _write_lines(rows, buffer, writer, details_cells)
        yield buffer.getvalue()
        if len(rows) < CSV_CHUNK:
            return
        statement = statements.next_chunk
        chunk = {**chunk, "after_at": utc_from_stored(rows[-1].created_at), "after_id": rows[-1].id}


def _page_rows(
    session: Session, statements: _Statements, params: dict[str, Any], cap: int
) -> tuple[Sequence[Any], tuple[int, bool]]:
    """The page's rows and the capped count. Each row carries the count; a page past the end has
    none to carry it. A search by actor name reads the entries of the matching names by index; when
    they are more than it reaches, the log newest first holds them densely and serves the page."""
    rows = session.execute(statements.page, {**params, "reach": max(cap, ACTOR_REACH) + 1}).all()
    if rows:
        found = rows[0].counted
        total, more = capped_count(session, [], cap, found=min(found, cap + 1))
    else:
        total, more = capped_count(session, [statements.counter], cap, params)
        found = total + more
    if found > max(cap, ACTOR_REACH) and statements.dense_page is not None:
        return session.execute(statements.dense_page, params).all(), (total, more)
    return rows, (total, more)


def _query(actor: Actor, filters: AuditFilters) -> tuple[_Statements, dict[str, Any]] | Err:
    """The statements for the filters given and their parameters, or why they cannot be applied."""
    if not actor.is_admin:
        return err(ErrorCode.FORBIDDEN_ROLE)
    params: dict[str, Any] = {}
    if query := filters.actor_query.strip():
        params["actor_text"], params["actor_like"] = query.lower(), _like_escaped(query.lower())
    if action := filters.action.strip():
        if action not in AuditAction.__members__:
            return err(ErrorCode.VALIDATION_ERROR, ACTION_UNKNOWN, action=ACTION_UNKNOWN)
        params["action"] = AuditAction(action)
    if target := filters.target.strip():
        params["target"], params["target_like"] = target, _like_escaped(target.lower())
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        return err(ErrorCode.VALIDATION_ERROR, DATES_REVERSED, date_to=DATES_REVERSED)
    if filters.date_from:
        params["since"] = _day_start(filters.date_from)
    if filters.date_to:  # inclusive: everything before the next day's midnight (UTC)
        params["before"] = _day_start(filters.date_to + timedelta(days=1))
    return _statements(frozenset(params)), params


def _like_escaped(text: str) -> str:
    """What `contains(..., autoescape=True)` binds: % and _ taken literally (escape character /)."""
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")


@dataclass(frozen=True)
class _Statements:
    """The log's statements for one set of filters in use, built once (functools.cache): building
    and keying them cost as much as running them. The filters' values are parameters."""

    counter: sa.Select[Any]  # count_limit
    page: sa.Select[Any]  # offset, limit, count_limit (or reach): the rows, each with the capped count
    dense_page: sa.Select[Any] | None  # offset, limit: an actor's page past the reach
    first_chunk: sa.Select[Any]  # chunk
    next_chunk: sa.Select[Any]  # chunk, after_at, after_id


@functools.cache
def _statements(filters: frozenset[str]) -> _Statements:
    where: list[ColumnElement[bool]] = []
    if "action" in filters:
        where.append(_LOG.c.action == sa.bindparam("action"))
    if "target" in filters:
        where.append(
            or_(
                _LOG.c.target_id == sa.bindparam("target"),
                _LOG.c.target_type == sa.bindparam("target"),
                func.lower(_LOG.c.target_title).contains(sa.bindparam("target_like"), escape="/"),
            )
        )
    if "since" in filters:
        where.append(_LOG.c.created_at >= sa.bindparam("since"))
    if "before" in filters:
        where.append(_LOG.c.created_at < sa.bindparam("before"))
    if "actor_text" in filters:
        return _actor_statements(where)
    return replace(_newest_first(where), dense_page=None)


def _newest_first(where: list[ColumnElement[bool]]) -> _Statements:
    # Never masked by blind review (ORIGINS C17): the audit log names the real actor and target.
    """The log newest first by ix_audit_log_created_id, the filters tested on each entry; the page
    also without its count (dense_page)."""
    newest = (_LOG.c.created_at.desc(), _LOG.c.id.desc())
    newest_first = sa.select(*_COLUMNS).where(*where).order_by(*newest)
    chunk = sa.select(*_CSV_COLUMNS).where(*where).order_by(*newest).limit(sa.bindparam("chunk", type_=sa.Integer))
    after = sa.tuple_(_LOG.c.created_at, _LOG.c.id) < sa.tuple_(
        sa.bindparam("after_at", type_=_LOG.c.created_at.type), sa.bindparam("after_id", type_=_LOG.c.id.type)
    )
    counted = counter(sa.select(_LOG.c.id).where(*where))
    window = newest_first.offset(sa.bindparam("offset", type_=sa.Integer)).limit(
        sa.bindparam("limit", type_=sa.Integer)
    )
    return _Statements(
        counter=counted,
        # Uncorrelated: evaluated once, not once a row.
        page=window.add_columns(counted.scalar_subquery().label("counted")),
        dense_page=window,
        first_chunk=chunk,
        next_chunk=chunk.where(after),
    )


def _actor_statements(where: list[ColumnElement[bool]]) -> _Statements:
    # Never masked by blind review (ORIGINS C17): the names searched are the real ones.
    """A search by a part of the actor's name. The distinct names come from ix_audit_log_actor_name
    by skip-scan (one index seek a name: a thousand names cost a thousand seeks, not a million
    rows), those that match are kept, and their entries are read from the same index, at most
    `reach` of them (ACTOR_REACH, or the count's cap when that is more): the capped count and the
    candidates of the page in one. Sorting that many for the page's ids costs what reading them
    did. When the names hold more entries than that, they are dense in the log (one in twenty at
    a million rows) and the log newest first, testing each entry's name, serves the page; the
    export always reads that way."""
    later = _LOG.alias("later")
    names = sa.select(sa.func.min(_LOG.c.actor_name).label("name")).cte("actor_names", recursive=True)
    following = sa.select(sa.func.min(later.c.actor_name)).where(later.c.actor_name > names.c.name)
    names = names.union_all(sa.select(following.scalar_subquery()).where(names.c.name.is_not(None)))
    matching = sa.select(names.c.name).where(func.lower(names.c.name).contains(sa.bindparam("actor_like"), escape="/"))
    by_name = [_LOG.c.actor_name.in_(matching), *where]
    candidates = (
        sa.select(_LOG.c.id, _LOG.c.created_at)
        .where(*by_name)
        .limit(sa.bindparam("reach", type_=sa.Integer))
        .cte("candidates")
        .prefix_with("MATERIALIZED")
    )
    # The page's ids from the candidates alone; only those rows are read from the log.
    chosen = (
        sa.select(candidates.c.id, candidates.c.created_at)
        .order_by(candidates.c.created_at.desc(), candidates.c.id.desc())
        .offset(sa.bindparam("offset", type_=sa.Integer))
        .limit(sa.bindparam("limit", type_=sa.Integer))
        .subquery("chosen")
    )
    page = (
        sa.select(*_COLUMNS, sa.select(sa.func.count()).select_from(candidates).scalar_subquery().label("counted"))
        .join_from(_LOG, chosen, _LOG.c.id == chosen.c.id)
        .order_by(chosen.c.created_at.desc(), chosen.c.id.desc())
    )
    scanned = _newest_first([_Holds(func.lower(_LOG.c.actor_name), sa.bindparam("actor_text")), *where])
    return replace(scanned, counter=counter(sa.select(_LOG.c.id).where(*by_name)), page=page)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _write_lines(
    rows: Sequence[Sequence[Any]], buffer: io.StringIO, writer: Any, seen: dict[str, tuple[str, str]]
) -> None:
    """Each entry as one CSV line, straight from its columns (an export of 100,000 builds no rows).
    A line none of whose text cells holds a comma, a quote or a line break (csv.writer would quote
    nothing) is joined here; any other goes through csv.writer, so the text is csv.writer's. `seen`
    keeps each details text's cell and CSV field: most entries repeat a few shapes ("{}" above
    all), and each is parsed and written again once an export."""
    write = buffer.write
    for stamp, actor_name, action, target_type, target_id, target_title, details, _, _ in rows:
        if (known := seen.get(details)) is None:
            known = _details_cell(details, seen)
        if _NEEDS_QUOTES(actor_name + action + target_type + target_id + target_title):
            writer.writerow((stamp, actor_name, action, target_type, target_id, target_title, known[0]))
        else:  # the time never needs quotes: digits, "-", ":", "T", "Z"
            write(f"{stamp},{actor_name},{action},{target_type},{target_id},{target_title},{known[1]}\r\n")


def _details_cell(details: str, seen: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """The stored details text as the CSV's cell (keys sorted, non-ASCII as itself, defused: JSON
    starts with "-" only as a negative number) and as csv.writer writes that cell."""
    if len(seen) >= _DETAILS_SEEN:
        seen.clear()
    cell = _JSON_CELL(_JSON_READ(details) or {})
    cell = "'" + cell if cell.startswith(FORMULA_STARTS) else cell
    field = io.StringIO()
    csv.writer(field).writerow((cell,))
    seen[details] = known = (cell, field.getvalue().removesuffix("\r\n"))
    return known


# What makes csv.writer (the excel dialect: QUOTE_MINIMAL) quote a cell: the delimiter, the
# quote character, a character of the line terminator.
_NEEDS_QUOTES = re.compile('[,"\r\n]').search
_JSON_READ = json.JSONDecoder().decode
_JSON_CELL = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode
_DETAILS_SEEN = 1_000  # distinct details texts an export remembers at a time (memory stays flat)
