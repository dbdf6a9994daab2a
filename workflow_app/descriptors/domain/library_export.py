"""The library's descriptors as a CSV download, with the library page's filters (issue 11).

What the page would list (in_library: never drafts or batches under review, never deleted, an
SCM never NEEDS_REVIEW), narrowed by the same section, quality, category, skill and text query,
every row rather than 20 pages of 20, A→Z by criterion name, a text query's matches included.

The visibility and filters are the page's own conditions over the library entries
(library_search), so the download can never filter differently. Each chunk is two statements:
a range of the entries, at most CSV_CHUNK ids A→Z starting after the last one's (criterion_name,
id) as a row-value comparison, so no chunk re-reads or skips rows whatever is written meanwhile;
then those descriptors' columns by id. Without a text query the range is read off the entries'
(listed, criterion name) index, so no chunk sorts the library; with one, the match is the start
(as library_search.searched) and its matches are sorted A→Z.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from workflow_app.core.actor import Actor
from workflow_app.core.arguments import checked
from workflow_app.core.csv_export import csv_text, safe_cells
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Ok, Result, err
from workflow_app.descriptors.domain import library
from workflow_app.descriptors.domain.library_entries import entry_table
from workflow_app.descriptors.domain.library_index import clean_query, only_excluded, text_match, text_unmatched
from workflow_app.descriptors.domain.library_search import Wanted, narrowed_entries, visible_entries
from workflow_app.models import Descriptor, QualityIndicator, WsosSection

CSV_CHUNK = 1000
CSV_HEADER = (
    "code",
    "criterion_name",
    "score_3",
    "score_2",
    "score_1",
    "score_0",
    "quality",
    "section",
    "categories",
    "skills",
    "tags",
    "source",
)
_COLUMNS: tuple[Any, ...] = (
    col(Descriptor.id),
    col(Descriptor.code),
    col(Descriptor.criterion_name),
    col(Descriptor.score3),
    col(Descriptor.score2),
    col(Descriptor.score1),
    col(Descriptor.score0),
    col(Descriptor.quality_indicator),
    col(WsosSection.name).label("section_name"),
    col(Descriptor.categories),
    col(Descriptor.skill_names),
    col(Descriptor.tags),
    col(Descriptor.source),
)
# A chunk's descriptors, by id: the order is the range's, restored when written.
_ROWS = (
    sa.select(*_COLUMNS)
    .select_from(Descriptor)
    .outerjoin(WsosSection, col(WsosSection.id) == Descriptor.wsos_section_id)
    .where(col(Descriptor.id).in_(sa.bindparam("ids", expanding=True)))
)


@dataclass(frozen=True)
class _Ranges:
    """The entries' range statements: (descriptor_id, criterion_name) A→Z, at most :chunk."""

    first: sa.Select[Any]
    next: sa.Select[Any]  # after (:last_name, :last_id)


@checked(any_text=("query",))
def library_csv_chunks(
    session: Session,
    actor: Actor,
    *,
    query: str = "",
    section_id: str = "",
    quality: str = "",
    category: str = "",
    skill: str = "",
) -> Result[Iterator[str]]:
    """The CSV as pieces of at most CSV_CHUNK descriptors, for a streaming download; the
    filters are checked now (as search_descriptors checks them), the rows read as pieces are taken."""
    wanted = library.wanted_of(actor, section_id, quality, category, skill, offset=0, limit=CSV_CHUNK)
    if wanted is None:
        return err(ErrorCode.VALIDATION_ERROR, library.UNKNOWN_QUALITY, quality=library.UNKNOWN_QUALITY)
    ranges = _ranges(session.get_bind().dialect.name, wanted, clean_query(query))
    return Ok(_pieces(session, ranges))


def _ranges(dialect: str, wanted: Wanted, text: str) -> _Ranges:
    entries = entry_table(dialect)
    key = (entries.c.criterion_name, entries.c.descriptor_id)
    source: sa.FromClause = entries
    if excluded := only_excluded(text):
        # "-spatter" alone: the library's range without what the excluded terms match.
        conditions = [*visible_entries(dialect, wanted, entries), text_unmatched(dialect, excluded, entries)]
    elif text:
        # Started from the match, `listed` worded so no planner reads the entries by it.
        match = text_match(dialect, text, entries)
        source = match.source
        conditions = [match.condition, *visible_entries(dialect, wanted, entries, by_index=False)]
    else:
        conditions = visible_entries(dialect, wanted, entries)
    first = (
        sa.select(*key)
        .select_from(source)
        .where(*conditions, *narrowed_entries(dialect, wanted, entries.c))
        .order_by(*key)
        .limit(sa.bindparam("chunk", type_=sa.Integer))
    )
    after = sa.tuple_(*key) > sa.tuple_(
        sa.bindparam("last_name", type_=sa.String), sa.bindparam("last_id", type_=sa.String)
    )
    return _Ranges(first=first, next=first.where(after))


def _pieces(session: Session, ranges: _Ranges) -> Iterator[str]:
    yield csv_text([CSV_HEADER])
    statement, bounds = ranges.first, dict[str, str]()
    while True:
        keys = session.execute(statement, {"chunk": CSV_CHUNK, **bounds}).all()
        if not keys:
            return
        yield csv_text(_lines(session, [descriptor_id for _, descriptor_id in keys]))
        if len(keys) < CSV_CHUNK:
            return
        last_name, last_id = keys[-1]
        statement, bounds = ranges.next, {"last_name": last_name, "last_id": last_id}


def _lines(session: Session, ids: Sequence[str]) -> Iterator[list[str]]:
    """The descriptors' lines in the order of `ids`; one gone meanwhile (a purge) is left out."""
    rows = {row.id: row for row in session.execute(_ROWS, {"ids": list(ids)})}
    return (_cells(rows[i]) for i in ids if i in rows)


def _cells(row: Any) -> list[str]:
    _, code, name, score3, score2, score1, score0, quality, section, categories, skills, tags, source = row
    label = library.QUALITY_LABELS[QualityIndicator(quality)]
    return safe_cells([code, name, score3, score2, score1, score0, label, section, categories, skills, tags, source])
