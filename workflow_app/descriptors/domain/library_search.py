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
- **A query that only excludes** ("-spatter") is the library without what its terms match:
  their candidates' grid taken off the counts, the A→Z range skipping their matches. (Matching
  everything but them would rank and count most of the library.)

Visibility (library.in_library) is the entry's `listed` plus the audience: an SCM never sees
NEEDS_REVIEW.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, func

from workflow_app.descriptors.domain.library_entries import ANY, FACET_TABLE, entry_table
from workflow_app.descriptors.domain.library_index import json_array_has, text_match, text_unmatched
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
class Grid:
    """The total and the facets, summed in one pass over the cells."""

    total: int = 0
    qualities: dict[str, int] = field(default_factory=dict)
    sections: dict[str, int] = field(default_factory=dict)
    categories: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, cells: Iterable[tuple[str, str, str, int]], wanted: Wanted) -> Grid:
        """`cells`: (category, quality, section_id, n), category '' counting each descriptor once
        and section '' for none. A facet leaves out its own filter."""
        total = 0
        qualities: dict[str, int] = defaultdict(int)
        sections: dict[str, int] = defaultdict(int)
        categories: dict[str, int] = defaultdict(int)
        category_wanted = wanted.category or ANY
        for category, quality, section_id, n in cells:
            quality_ok = not wanted.quality or quality == wanted.quality
            section_ok = not wanted.section_id or section_id == wanted.section_id
            if category == category_wanted:
                if quality_ok and section_ok:
                    total += n
                if section_ok:
                    qualities[quality] += n
                if quality_ok and section_id != ANY:
                    sections[section_id] += n
            if category != ANY and quality_ok and section_ok:
                categories[category] += n

        def positive(sums: dict[str, int]) -> dict[str, int]:
            return {key: n for key, n in sums.items() if n > 0}

        return cls(total, positive(qualities), positive(sections), positive(categories))


@dataclass(frozen=True)
class Found:
    grid: Grid
    ranked: list[tuple[str, float | None]] = field(default_factory=list)  # the page's ids in order, with rank


def narrowed_entries(dialect: str, wanted: Wanted, columns: Any) -> list[sa.ColumnElement[bool]]:
    """The section, quality and category filters over entry-shaped `columns`."""
    found = []
    if wanted.section_id:
        found.append(columns.section_id == wanted.section_id)
    if wanted.quality:
        found.append(columns.quality == wanted.quality)
    if wanted.category:
        found.append(json_array_has(dialect, columns.categories, wanted.category))
    return found


def visible_entries(
    dialect: str, wanted: Wanted, entries: sa.TableClause, *, by_index: bool = True
) -> list[sa.ColumnElement[bool]]:
    """The audience's entries; `by_index=False` words `listed` so no planner reads the entries
    by it (a text search must start from the match, whatever the statistics say)."""
    listed = entries.c.listed if by_index else func.coalesce(entries.c.listed, sa.false())
    found = [listed == sa.true()]
    if wanted.hide_needs_review:
        found.append(entries.c.quality != _HIDDEN_FROM_SCM)
    if wanted.skill:
        found.append(json_array_has(dialect, entries.c.skill_names, wanted.skill))
    return found


def _cells(rows: Iterable[Any]) -> Iterator[tuple[str, str, str, int]]:
    for category, quality, section_id, n in rows:
        yield str(category), str(quality), str(section_id or ANY), int(n)


# --- with a text query: one candidate set -----------------------------------------------------


def searched(session: Session, text: str, wanted: Wanted) -> Found:
    """The grid and the page of the descriptors matching `text`, in one statement."""
    grouped, listed = _candidates(session, text, wanted, with_page=True)
    return Found(Grid.of(_spread(grouped), wanted), listed)


def _candidates(
    session: Session, text: str, wanted: Wanted, *, with_page: bool
) -> tuple[list[tuple[Any, Any, Any, Any]], list[tuple[str, float | None]]]:
    """(category list, quality, section, n) of the candidates, and the page of them in order."""
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
        .where(match.condition, *visible_entries(dialect, wanted, entries, by_index=False))
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
        .where(*narrowed_entries(dialect, wanted, c))
        .order_by(c.rank.desc(), c.name, c.id)
        .offset(wanted.offset)
        .limit(wanted.limit)
        .subquery("page")
    )
    grid = (
        sa.select(sa.literal_column(str(_GRID)), categories, c.quality, c.section_id, func.count(), no_rank)
        .select_from(candidates)
        .group_by(c.categories, c.quality, c.section_id)
    )
    rows = session.execute(sa.union_all(grid, sa.select(*page.c)) if with_page else grid).all()
    listed = sorted(
        ((str(i), str(name), float(rank or 0.0)) for kind, i, name, *_, rank in rows if kind == _PAGE),
        key=lambda r: (-r[2], r[1], r[0]),
    )
    grouped = [(listing, q, s, n) for kind, listing, q, s, n, _ in rows if kind == _GRID]
    return grouped, [(i, rank) for i, _, rank in listed]


def _spread(grouped: Iterable[tuple[Any, Any, Any, Any]]) -> Iterator[tuple[str, str, str, int]]:
    """Counts per (category list as JSON text, quality, section) as cells: each descriptor once
    under '' and once under each category of its list (each list parsed once)."""
    parsed: dict[str, list[str]] = {}
    for listing, quality, section_id, n in grouped:
        names = parsed.get(listing)
        if names is None:
            found = json.loads(listing or "[]")
            items = found if isinstance(found, list) else []
            names = parsed[listing] = [ANY, *{str(c) for c in items if c not in (None, ANY)}]
        for category in names:
            yield category, str(quality), str(section_id or ANY), int(n)


# --- without one: the entries' index and the facet counts ---------------------------------------


def browsed(session: Session, wanted: Wanted, *, unmatched: str = "") -> Found:
    """The library A→Z with the grid of the facet counts; with `unmatched`, without what that
    query matches (a query that only excludes: "-spatter"), its grid taken off the counts'."""
    dialect = session.get_bind().dialect.name
    entries = entry_table(dialect)
    conditions = [*visible_entries(dialect, wanted, entries), *narrowed_entries(dialect, wanted, entries.c)]
    if unmatched:
        conditions.append(text_unmatched(dialect, unmatched, entries))
    ids = session.execute(
        sa.select(entries.c.descriptor_id)
        .where(*conditions)
        .order_by(entries.c.criterion_name, entries.c.descriptor_id)
        .offset(wanted.offset)
        .limit(wanted.limit)
    ).scalars()
    page = [(i, 0.0 if unmatched else None) for i in ids]
    cells: Counter[tuple[str, str, str]] = Counter()
    for category, quality, section_id, n in _counted_cells(session, wanted):
        cells[(category, quality, section_id)] += n
    if unmatched:
        for category, quality, section_id, n in _matched_cells(session, unmatched, wanted):
            cells[(category, quality, section_id)] -= n
    return Found(Grid.of(((c, q, s, n) for (c, q, s), n in cells.items()), wanted), page)


def _counted_cells(session: Session, wanted: Wanted) -> Iterator[tuple[str, str, str, int]]:
    """The facet counts of the skill (or of every skill) for the audience."""
    counts = sa.table(FACET_TABLE, *(sa.column(n) for n in ("skill", "category", "quality", "section_id", "n")))
    c = counts.c
    audience = [c.quality != _HIDDEN_FROM_SCM] if wanted.hide_needs_review else []
    return _cells(
        session.execute(
            sa.select(c.category, c.quality, c.section_id, c.n).where(
                c.skill == (wanted.skill or ANY), c.n > 0, *audience
            )
        )
    )


def _matched_cells(session: Session, text: str, wanted: Wanted) -> Iterator[tuple[str, str, str, int]]:
    """The grid of every visible descriptor `text` matches (no page), as cells."""
    grouped, _ = _candidates(session, text, wanted, with_page=False)
    return _spread(grouped)
