"""The library search's statements: what a page of the library reads, and nothing more.

Every search reads a **grid**: how many visible descriptors there are per (category, quality,
section), category '' counting each descriptor once. The total and the three facets are sums
over it (`Grid`), a facet leaving out its own filter so it lists the alternatives; the grid has
a few hundred cells whatever the library's size.

- **With a text query**, one statement: the match (FTS5 MATCH ranked by bm25 on SQLite, the
  stored tsvector ranked by ts_rank_cd on PostgreSQL, library_index) gives the candidate set,
  materialized once with each candidate's library entry (library_entries); its grid and the
  page are cut from it, so the text is matched once per search.
- **Without one**, the grid is the maintained facet counts of the skill (or of every skill),
  and the page a range of the entries' (listed, criterion name) index, A→Z.

Visibility (library.in_library) is the entry's `listed` plus the audience: an SCM never sees
NEEDS_REVIEW.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, func

from workflow_app.descriptors.domain.library_entries import ANY, FACET_TABLE, entry_table
from workflow_app.descriptors.domain.library_index import json_array_has, text_match
from workflow_app.models import QualityIndicator

_HIDDEN_FROM_SCM = QualityIndicator.NEEDS_REVIEW.value
_GRID, _PAGE = 0, 1  # what a row of the one statement is


@dataclass(frozen=True)
class Wanted:
    """The filters ('' or None: any), the audience and the slice of the page."""

    section_id: str
    quality: str | None
    category: str
    skill: str
    hide_needs_review: bool
    offset: int
    limit: int


@dataclass(frozen=True)
class Cell:
    category: str  # '' = every descriptor once
    quality: str
    section_id: str  # '' = no section
    n: int


@dataclass(frozen=True)
class Grid:
    cells: list[Cell]
    wanted: Wanted

    def _sum(self, key: Any, *, without: str) -> dict[str, int]:
        w = self.wanted
        category = ANY if without == "category" else w.category or ANY
        sums: dict[str, int] = defaultdict(int)
        for cell in self.cells:
            if without == "category" and cell.category == ANY:
                continue
            if without != "category" and cell.category != category:
                continue
            if w.quality and without != "quality" and cell.quality != w.quality:
                continue
            if w.section_id and without != "section" and cell.section_id != w.section_id:
                continue
            sums[key(cell)] += cell.n
        return {k: n for k, n in sums.items() if n > 0}

    @property
    def total(self) -> int:
        return sum(self._sum(lambda _: "", without="").values())

    @property
    def qualities(self) -> dict[str, int]:
        return self._sum(lambda c: c.quality, without="quality")

    @property
    def sections(self) -> dict[str, int]:
        found = self._sum(lambda c: c.section_id, without="section")
        found.pop(ANY, None)
        return found

    @property
    def categories(self) -> dict[str, int]:
        return self._sum(lambda c: c.category, without="category")


@dataclass(frozen=True)
class Found:
    grid: Grid
    ranked: list[tuple[str, float | None]] = field(default_factory=list)  # the page's ids in order, with rank


def _narrowed(dialect: str, wanted: Wanted, columns: Any) -> list[sa.ColumnElement[bool]]:
    """The section, quality and category filters over entry-shaped `columns`."""
    found = []
    if wanted.section_id:
        found.append(columns.section_id == wanted.section_id)
    if wanted.quality:
        found.append(columns.quality == wanted.quality)
    if wanted.category:
        found.append(json_array_has(dialect, columns.categories, wanted.category))
    return found


def _visible(dialect: str, wanted: Wanted, entries: sa.TableClause) -> list[sa.ColumnElement[bool]]:
    found = [entries.c.listed == sa.true()]
    if wanted.hide_needs_review:
        found.append(entries.c.quality != _HIDDEN_FROM_SCM)
    if wanted.skill:
        found.append(json_array_has(dialect, entries.c.skill_names, wanted.skill))
    return found


def _cells(rows: Iterable[Any], wanted: Wanted) -> Grid:
    return Grid([Cell(str(c), str(q), str(s or ANY), int(n)) for c, q, s, n in rows], wanted)


# --- with a text query: one candidate set -----------------------------------------------------


def searched(session: Session, text: str, wanted: Wanted) -> Found:
    """The grid and the page of the descriptors matching `text`, in one statement."""
    dialect = session.get_bind().dialect.name
    entries = entry_table(dialect)
    match = text_match(dialect, text, entries)
    candidates = (
        sa.select(
            entries.c.descriptor_id.label("id"),
            match.rank.label("rank"),
            entries.c.criterion_name.label("name"),
            entries.c.quality,
            entries.c.section_id,
            entries.c.categories,
        )
        .select_from(match.source)
        .where(match.condition, *_visible(dialect, wanted, entries))
        .cte("candidates")
        .prefix_with("MATERIALIZED")
    )
    c = candidates.c
    no_rank: sa.ColumnElement[Any] = sa.cast(sa.null(), sa.Float)
    # The rows: (_GRID, categories as JSON text, quality, section, n, NULL) for the grid, grouped
    # by the whole list so no array is unnested in SQL; (_PAGE, id, name, '', 0, rank) for the
    # page. A compound SELECT keeps no order: the page is sorted after.
    categories = sa.cast(c.categories, sa.Text)
    page = (
        sa.select(
            sa.literal_column(str(_PAGE)).label("page_kind"),
            c.id.label("page_id"),
            c.name.label("page_name"),
            sa.literal_column("''").label("page_blank"),
            sa.literal_column("0").label("page_n"),
            c.rank.label("page_rank"),
        )
        .where(*_narrowed(dialect, wanted, c))
        .order_by(c.rank.desc(), c.name, c.id)
        .offset(wanted.offset)
        .limit(wanted.limit)
        .subquery("page")
    )
    statement = sa.union_all(
        sa.select(sa.literal_column(str(_GRID)), categories, c.quality, c.section_id, func.count(), no_rank)
        .select_from(candidates)
        .group_by(c.categories, c.quality, c.section_id),
        sa.select(*page.c),
    )
    rows = session.execute(statement).all()
    listed = sorted(
        ((str(i), str(name), float(rank or 0.0)) for kind, i, name, *_, rank in rows if kind == _PAGE),
        key=lambda r: (-r[2], r[1], r[0]),
    )
    grouped = [(json.loads(listing or "[]"), q, s, n) for kind, listing, q, s, n, _ in rows if kind == _GRID]
    return Found(_spread(grouped, wanted), [(i, rank) for i, _, rank in listed])


def _spread(grouped: Iterable[tuple[Any, Any, Any, int]], wanted: Wanted) -> Grid:
    """Counts per (category list, quality, section) as the grid: each descriptor once under ''
    and once under each category of its list."""
    sums: dict[tuple[str, str, str], int] = defaultdict(int)
    for listing, quality, section_id, n in grouped:
        names = listing if isinstance(listing, list) else []
        for category in {ANY, *(str(name) for name in names if name not in (None, ANY))}:
            sums[(category, str(quality), str(section_id or ANY))] += int(n)
    return Grid([Cell(category, q, s, n) for (category, q, s), n in sums.items()], wanted)


# --- without one: the entries' index and the facet counts ---------------------------------------


def browsed(session: Session, wanted: Wanted) -> Found:
    """The library A→Z with the grid of the facet counts."""
    dialect = session.get_bind().dialect.name
    entries = entry_table(dialect)
    ids = session.execute(
        sa.select(entries.c.descriptor_id)
        .where(*_visible(dialect, wanted, entries), *_narrowed(dialect, wanted, entries.c))
        .order_by(entries.c.criterion_name, entries.c.descriptor_id)
        .offset(wanted.offset)
        .limit(wanted.limit)
    ).scalars()
    counts = sa.table(FACET_TABLE, *(sa.column(n) for n in ("skill", "category", "quality", "section_id", "n")))
    c = counts.c
    audience = [c.quality != _HIDDEN_FROM_SCM] if wanted.hide_needs_review else []
    cells = session.execute(
        sa.select(c.category, c.quality, c.section_id, c.n).where(c.skill == (wanted.skill or ANY), c.n > 0, *audience)
    ).all()
    return Found(_cells(cells, wanted), [(i, None) for i in ids])
