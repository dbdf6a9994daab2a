"""The library's descriptors as a CSV download, with the library page's filters (issue 11).

What the page would list (in_library: never drafts or batches under review, never deleted, an
SCM never NEEDS_REVIEW), narrowed by the same section, quality, category, skill and text query,
every row rather than 20 pages of 20, A→Z by criterion name. Read in chunks: each starts after
the last one's (criterion_name, id), a row-value comparison, so no chunk re-reads or skips rows
whatever is written meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from workflow_app.core.actor import Actor
from workflow_app.core.arguments import checked
from workflow_app.core.csv_export import csv_text, safe_cells
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Ok, Result, err
from workflow_app.descriptors.domain import library
from workflow_app.descriptors.domain.library_index import clean_query, text_hits
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
_KEY = (col(Descriptor.criterion_name), col(Descriptor.id))


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
    filters are checked now (as search_descriptors checks them), the rows read as pieces are taken.

    The quality check and the filter conditions are the library's own (its private `_quality`
    and `_Filters`), so the download can never filter differently from the page."""
    known, wanted_quality = library._quality(quality)
    if not known:
        return err(ErrorCode.VALIDATION_ERROR, library.UNKNOWN_QUALITY, quality=library.UNKNOWN_QUALITY)
    dialect = session.get_bind().dialect.name
    filters = library._Filters(
        section_id=section_id.strip(), quality=wanted_quality, category=category.strip(), skill=skill.strip()
    )
    text = clean_query(query)
    statement = (
        sa.select(*_COLUMNS)
        .select_from(Descriptor)
        .outerjoin(WsosSection, col(WsosSection.id) == Descriptor.wsos_section_id)
        .where(*library.in_library(actor), *filters.conditions(dialect))
    )
    if text:
        hits = text_hits(dialect, text)
        statement = statement.join(hits, hits.c.id == Descriptor.id)
    return Ok(_pieces(session, statement))


def _pieces(session: Session, statement: sa.Select[Any]) -> Iterator[str]:
    yield csv_text([CSV_HEADER])
    after: tuple[str, str] | None = None
    while True:
        chunk = statement if after is None else statement.where(sa.tuple_(*_KEY) > sa.tuple_(*after))
        rows = session.execute(chunk.order_by(*_KEY).limit(CSV_CHUNK)).all()
        if not rows:
            return
        yield csv_text(_cells(row) for row in rows)
        after = (rows[-1].criterion_name, rows[-1].id)
        if len(rows) < CSV_CHUNK:
            return


def _cells(row: Any) -> list[str]:
    _, code, name, score3, score2, score1, score0, quality, section, categories, skills, tags, source = row
    label = library.QUALITY_LABELS[QualityIndicator(quality)]
    return safe_cells([code, name, score3, score2, score1, score0, label, section, categories, skills, tags, source])
