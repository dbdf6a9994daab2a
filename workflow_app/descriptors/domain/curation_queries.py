"""The admin's list of library descriptors, its filters and the form's choices (ORIGINS C3).

Sorted by code A→Z, the first page of the unfiltered list is a range of the code index; a text
filter is a contains-match (LIKE) on the code, the name and the four levels, which reads every
row: acceptable on an admin page, and what "contains" means (the library's full-text search
matches words, not parts of codes). The soft-deleted descriptors are the same list with
`deleted`, most recently deleted first.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Session, col, func, or_, select

from workflow_app.core import errors as e
from workflow_app.core.actor import Actor
from workflow_app.core.arguments import checked
from workflow_app.core.errors import ErrorCode
from workflow_app.core.paging import Page, capped_count, clamp_page, count_cap, counter, offset_of
from workflow_app.core.result import Ok, Result, err
from workflow_app.descriptors.domain.curation import IN_LIBRARY
from workflow_app.descriptors.domain.descriptors import SCORE_FIELDS
from workflow_app.descriptors.domain.library import parse_quality
from workflow_app.descriptors.domain.library_index import json_array_items
from workflow_app.models import Descriptor, QualityIndicator, Skill, WsosSection

FILTER_MAX = 200
PAGE_SIZE = 20
MAX_PAGE_SIZE = 50
MAX_PAGE = 500  # the capped count's 10,000 rows at 20 a page; deeper than that, filter


@dataclass(frozen=True)
class CuratedDescriptor:
    """One library descriptor as the curation list shows it and its edit form starts from."""

    id: str
    code: str
    criterion_name: str
    score3: str | None
    score2: str | None
    score1: str | None
    score0: str | None
    tags: list[str]
    skill_names: list[str]
    categories: list[str]
    sector: str | None
    section_id: str | None
    section_name: str | None
    quality: str
    source: str
    row_version: int
    deleted_at: datetime | None


@dataclass(frozen=True)
class CurationFilters:
    """The curation list's filters; '' is any. Skill, category and tag match one item of the
    descriptor's list, sector the whole sector, all without case; the query is contained in the
    code, the name or a performance level. `deleted`: only soft-deleted descriptors."""

    query: str = ""
    skill: str = ""
    sector: str = ""
    category: str = ""
    quality: str = ""
    tag: str = ""
    deleted: bool = False


@dataclass(frozen=True)
class CurationChoices:
    """What the form and the filters offer: sections (id, name), known skills and sectors."""

    sections: list[tuple[str, str]]
    skills: list[str]
    sectors: list[str]


# --- the curation list ----------------------------------------------------------------------


def _contains(text: str) -> str:
    """A LIKE pattern for `text` anywhere, its wildcards taken literally (ESCAPE '/')."""
    return "%" + text.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"


def _has_item(dialect: str, column: Any, value: str) -> sa.ColumnElement[bool]:
    """One item of the JSON string list `column` is `value`, without case. Unpacking every row's
    list costs 150–300 ms at 200,000 rows, so the list's stored text is first searched for the
    item as JSON spells it (quoted, non-ASCII as \\u escapes, as SQLAlchemy wrote it): a cheap
    condition every match meets, leaving few lists to unpack."""
    spelt = func.lower(sa.cast(column, sa.Text)).like(func.lower(_contains(json.dumps(value))), escape="/")
    if dialect == "postgresql":  # the lowered text as jsonb holds it: no per-row plan for the planner to overrate
        lowered = sa.cast(func.lower(sa.cast(column, sa.Text)), JSONB)
        return sa.and_(spelt, lowered.op("@>")(func.jsonb_build_array(func.lower(value))))
    items = json_array_items(dialect, column)
    unpacked = sa.exists(select(sa.literal(1)).select_from(items).where(func.lower(items.c.value) == func.lower(value)))
    return sa.and_(spelt, unpacked)


def _wanted(dialect: str, filters: CurationFilters, quality: QualityIndicator | None) -> list[Any]:
    deleted = col(Descriptor.deleted_at)
    found: list[Any] = [IN_LIBRARY, deleted.is_not(None) if filters.deleted else deleted.is_(None)]
    if text := filters.query.strip():
        pattern = _contains(text)
        texts = (Descriptor.code, Descriptor.criterion_name, *(getattr(Descriptor, n) for n in SCORE_FIELDS))
        found.append(or_(*(col(c).ilike(pattern, escape="/") for c in texts)))
    for column, value in (
        (Descriptor.skill_names, filters.skill),
        (Descriptor.categories, filters.category),
        (Descriptor.tags, filters.tag),
    ):
        if value.strip():
            found.append(_has_item(dialect, col(column), value.strip()))
    if filters.sector.strip():
        found.append(func.lower(col(Descriptor.sector)) == func.lower(filters.sector.strip()))
    if quality is not None:
        found.append(col(Descriptor.quality_indicator) == quality)
    return found


def _row(d: Descriptor, section_name: str | None) -> CuratedDescriptor:
    return CuratedDescriptor(
        id=d.id,
        code=d.code,
        criterion_name=d.criterion_name,
        score3=d.score3,
        score2=d.score2,
        score1=d.score1,
        score0=d.score0,
        tags=list(d.tags or []),
        skill_names=list(d.skill_names or []),
        categories=list(d.categories or []),
        sector=d.sector,
        section_id=d.wsos_section_id,
        section_name=section_name,
        quality=QualityIndicator(d.quality_indicator).value,
        source=d.source,
        row_version=d.row_version,
        deleted_at=d.deleted_at,
    )


@checked
def curated_descriptors(
    session: Session, actor: Actor, filters: CurationFilters, *, page: int = 1, page_size: int = PAGE_SIZE
) -> Result[Page[CuratedDescriptor]]:
    """One page of the library as an admin curates it, filtered, by code A→Z; with `deleted`,
    the soft-deleted ones, most recently deleted first. Counted up to 10,000 ("10,000+")."""
    if not actor.is_admin:
        return err(ErrorCode.FORBIDDEN_ROLE, e.ADMIN_ONLY)
    known, quality = parse_quality(filters.quality)
    if not known:
        return err(ErrorCode.VALIDATION_ERROR, e.QUALITY_INVALID)
    if any(len(v) > FILTER_MAX for v in (filters.query, filters.skill, filters.sector, filters.category, filters.tag)):
        return err(ErrorCode.VALIDATION_ERROR)
    wanted = _wanted(session.get_bind().dialect.name, filters, quality)
    size, page = max(1, min(page_size, MAX_PAGE_SIZE)), min(clamp_page(page), MAX_PAGE)
    total, more = capped_count(session, [counter(select(Descriptor.id).where(*wanted))], count_cap(page, size))
    if not more:  # past the end: the last page
        page = min(page, Page[CuratedDescriptor](page_size=size, total=total).total_pages)
    order: tuple[Any, ...]
    if filters.deleted:
        order = (col(Descriptor.deleted_at).desc(), col(Descriptor.id).desc())
    else:
        order = (col(Descriptor.code).asc(), col(Descriptor.id).asc())
    rows = session.exec(
        select(Descriptor, WsosSection.name)
        .outerjoin(WsosSection, col(WsosSection.id) == Descriptor.wsos_section_id)
        .where(*wanted)
        .order_by(*order)
        .offset(offset_of(page, size))
        .limit(size)
    ).all()
    return Ok(Page(items=[_row(d, name) for d, name in rows], page=page, page_size=size, total=total, more=more))


def curation_choices(session: Session, actor: Actor) -> CurationChoices:
    """The sections to pick from and the skills and sectors to suggest; nothing for a non-admin."""
    if not actor.is_admin:
        return CurationChoices([], [], [])
    sections = session.exec(
        select(WsosSection.id, WsosSection.name).order_by(func.lower(col(WsosSection.name)), WsosSection.id)
    ).all()
    skills = session.exec(select(Skill.name, Skill.sector).order_by(Skill.name)).all()
    sectors = sorted({s for _, s in skills if s}, key=str.casefold)
    return CurationChoices([(i, n) for i, n in sections], [n for n, _ in skills], sectors)
