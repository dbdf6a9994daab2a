"""The descriptor library: search with facets, related descriptors, favorites, compare (ORIGINS C6).

The library holds imported and admin descriptors (no batch status) and approved ones, never
drafts or batches under review; soft-deleted rows are gone; SCMs never see NEEDS_REVIEW.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, func, or_, select

from workflow_app.core.actor import Actor
from workflow_app.core.arguments import checked
from workflow_app.core.clock import Clock
from workflow_app.core.errors import ErrorCode
from workflow_app.core.paging import Page, clamp_page, offset_of
from workflow_app.core.result import Ok, Result, err
from workflow_app.core.similarity import SECTION_SIMILARITY, SIMILAR_LIMIT, as_percent, similar_names
from workflow_app.descriptors.domain import library_search
from workflow_app.descriptors.domain.library_index import clean_query, only_excluded
from workflow_app.models import (
    Descriptor,
    DescriptorBatchStatus,
    DescriptorFavorite,
    QualityIndicator,
    Role,
    WsosSection,
)

log = logging.getLogger(__name__)
# Any statement over descriptors, narrowed and given back (its row type is the caller's).
_S = TypeVar("_S", bound=Any)

PAGE_SIZE = 20
MAX_PAGE = 20  # deep pagination is capped, as in the origin
MAX_PAGE_SIZE = 50
MAX_COMPARE = 3
COMPARE_TOO_MANY = "You can only compare up to 3 descriptors at a time"
COMPARE_TOO_FEW = "Select at least 2 descriptors to compare"
UNKNOWN_QUALITY = "Unknown quality."
QUALITY_LABELS = {
    QualityIndicator.EXCELLENT: "Excellent",
    QualityIndicator.GOOD: "Good",
    QualityIndicator.REFERENCE: "Reference",
    QualityIndicator.NEEDS_REVIEW: "Needs Review",
}


@dataclass(frozen=True)
class LibraryItem:
    id: str
    code: str
    criterion_name: str
    score3: str | None
    score2: str | None
    score1: str | None
    score0: str | None
    tags: list[str]
    categories: list[str]
    skill_names: list[str]
    section_name: str | None
    quality: str
    source: str
    is_favorite: bool
    rank: float | None = None


@dataclass(frozen=True)
class FacetCount:
    key: str  # the filter value: category name, quality value or section id
    name: str  # what the filter shows: "Safety (23)"
    count: int


@dataclass(frozen=True)
class LibraryFacets:
    categories: list[FacetCount] = field(default_factory=list)
    qualities: list[FacetCount] = field(default_factory=list)
    sections: list[FacetCount] = field(default_factory=list)


@dataclass(frozen=True)
class LibraryPage(Page[LibraryItem]):
    facets: LibraryFacets = field(default_factory=LibraryFacets)

    @property
    def has_more(self) -> bool:
        return self.page * self.page_size < self.total

    @property
    def total_pages(self) -> int:
        return min(MAX_PAGE, super().total_pages)


@dataclass(frozen=True)
class RelatedDescriptor:
    id: str
    code: str
    criterion_name: str
    quality: str
    similarity: float

    @property
    def percent(self) -> int:
        return as_percent(self.similarity)


def in_library(actor: Actor) -> list[sa.ColumnElement[bool]]:
    """What the actor may see in the library (ORIGINS A, C6; SPEC §2)."""
    conditions = [
        col(Descriptor.deleted_at).is_(None),
        or_(col(Descriptor.batch_status).is_(None), col(Descriptor.batch_status) == DescriptorBatchStatus.APPROVED),
    ]
    if actor.role == Role.SCM:
        conditions.append(col(Descriptor.quality_indicator) != QualityIndicator.NEEDS_REVIEW)
    return conditions


def parse_quality(raw: str) -> tuple[bool, QualityIndicator | None]:
    """(known, value): blank means any quality; an unknown value is a validation error."""
    text = (raw or "").strip().upper()
    if not text:
        return True, None
    try:
        return True, QualityIndicator(text)
    except ValueError:
        return False, None


def _item(d: Descriptor, section_name: str | None, favorite_ids: set[str], rank: float | None = None) -> LibraryItem:
    return LibraryItem(
        id=d.id,
        code=d.code,
        criterion_name=d.criterion_name,
        score3=d.score3,
        score2=d.score2,
        score1=d.score1,
        score0=d.score0,
        tags=list(d.tags or []),
        categories=list(d.categories or []),
        skill_names=list(d.skill_names or []),
        section_name=section_name,
        quality=QualityIndicator(d.quality_indicator).value,
        source=d.source,
        is_favorite=d.id in favorite_ids,
        rank=None if rank is None else float(rank),
    )


def _favorite_ids(session: Session, actor: Actor, ids: list[str]) -> set[str]:
    if not ids:
        return set()
    return set(
        session.exec(
            select(DescriptorFavorite.descriptor_id).where(
                col(DescriptorFavorite.user_id) == actor.user_id, col(DescriptorFavorite.descriptor_id).in_(ids)
            )
        )
    )


def _with_section(statement: _S) -> _S:
    joined: _S = statement.outerjoin(WsosSection, col(WsosSection.id) == Descriptor.wsos_section_id)
    return joined


def wanted_of(
    actor: Actor, section_id: str, quality: str, category: str, skill: str, *, offset: int, limit: int
) -> library_search.Wanted | None:
    """The library's filters and audience as library_search reads them; None for an unknown quality."""
    known, wanted_quality = parse_quality(quality)
    if not known:
        return None
    return library_search.Wanted(
        section_id=(section_id or "").strip(),
        quality=None if wanted_quality is None else wanted_quality.value,
        category=(category or "").strip(),
        skill=(skill or "").strip(),
        hide_needs_review=actor.role == Role.SCM,
        offset=offset,
        limit=limit,
    )


@checked(any_text=("query",))
def search_descriptors(
    session: Session,
    actor: Actor,
    *,
    query: str = "",
    section_id: str = "",
    quality: str = "",
    category: str = "",
    skill: str = "",
    page: int | str = 1,
    page_size: int = PAGE_SIZE,
) -> Result[LibraryPage]:
    """Ranked full-text search (or A→Z without a query), 20 a page up to page 20, with facets
    counted under the same text condition and the other filters, so they follow the query.
    The statements are library_search's: one over the match's candidates with a query, the
    entries' index and the facet counts without."""
    page = min(clamp_page(page), MAX_PAGE)
    page_size = max(1, min(int(page_size or PAGE_SIZE), MAX_PAGE_SIZE))
    wanted = wanted_of(actor, section_id, quality, category, skill, offset=offset_of(page, page_size), limit=page_size)
    if wanted is None:
        return err(ErrorCode.VALIDATION_ERROR, UNKNOWN_QUALITY)
    text = clean_query(query)
    if not text:
        found = library_search.browsed(session, wanted)
    elif excluded := only_excluded(text):
        found = library_search.browsed(session, wanted, unmatched=excluded)
    else:
        found = library_search.searched(session, text, wanted)
    ids = [descriptor_id for descriptor_id, _ in found.ranked]
    rows = {
        d.id: (d, name)
        for d, name in session.exec(
            _with_section(select(Descriptor, WsosSection.name).select_from(Descriptor)).where(
                col(Descriptor.id).in_(ids)
            )
        )
    }
    favorite_ids = _favorite_ids(session, actor, ids)
    return Ok(
        LibraryPage(
            items=[_item(*rows[i], favorite_ids, rank) for i, rank in found.ranked if i in rows],
            page=page,
            page_size=page_size,
            total=found.grid.total,
            facets=_facets(session, found.grid),
        )
    )


def _sorted(counts: Iterable[Any]) -> list[FacetCount]:
    found = [FacetCount(key=str(key), name=str(name), count=int(n)) for key, name, n in counts if name]
    return sorted(found, key=lambda f: (-f.count, f.name, f.key))


def _facets(session: Session, grid: library_search.Grid) -> LibraryFacets:
    sections = grid.sections
    named = select(WsosSection.id, WsosSection.name).where(col(WsosSection.id).in_(list(sections)))
    names = dict(session.exec(named).all()) if sections else {}
    return LibraryFacets(
        categories=_sorted((value, value, n) for value, n in grid.categories.items()),
        qualities=_sorted(
            (QualityIndicator(q).value, QUALITY_LABELS[QualityIndicator(q)], n) for q, n in grid.qualities.items()
        ),
        sections=_sorted((key, names[key], n) for key, n in sections.items() if key in names),
    )


@checked
def related_descriptors(
    session: Session,
    actor: Actor,
    *,
    descriptor_id: str,
    limit: int = SIMILAR_LIMIT,
    threshold: float = SECTION_SIMILARITY,
) -> Result[list[RelatedDescriptor]]:
    """Library descriptors whose criterion name is trigram-similar (> threshold), best first."""
    base = session.get(Descriptor, descriptor_id or "")
    if base is None or base.deleted_at is not None:
        return err(ErrorCode.DESCRIPTOR_NOT_FOUND)
    similar = similar_names(
        session,
        name=base.criterion_name,
        column=Descriptor.criterion_name,
        threshold=threshold,
        limit=limit,
        exclude_id=base.id,
        where=in_library(actor),
    )
    found = {d.id: d for d in session.exec(select(Descriptor).where(col(Descriptor.id).in_([s.id for s in similar])))}
    return Ok(
        [
            RelatedDescriptor(
                id=s.id,
                code=found[s.id].code,
                criterion_name=s.name,
                quality=QualityIndicator(found[s.id].quality_indicator).value,
                similarity=s.score,
            )
            for s in similar
            if s.id in found
        ]
    )


@checked
def toggle_favorite(session: Session, actor: Actor, *, descriptor_id: str, clock: Clock) -> Result[bool]:
    """Adds or removes the actor's favorite; the value says whether it is now a favorite."""
    removed = session.exec(
        delete(DescriptorFavorite).where(
            col(DescriptorFavorite.user_id) == actor.user_id,
            col(DescriptorFavorite.descriptor_id) == descriptor_id,
        )
    )
    if removed.rowcount:
        session.commit()
        log.info("favorite.removed", extra={"user_id": actor.user_id, "descriptor_id": descriptor_id})
        return Ok(False)
    visible = session.exec(select(Descriptor.id).where(col(Descriptor.id) == descriptor_id, *in_library(actor))).first()
    if visible is None:
        session.rollback()
        return err(ErrorCode.DESCRIPTOR_NOT_FOUND)
    session.add(DescriptorFavorite(user_id=actor.user_id, descriptor_id=descriptor_id, created_at=clock.now()))
    try:
        session.commit()
    except IntegrityError:
        # Another tab favorited it first (or the row vanished): report what is now true.
        session.rollback()
        if session.get(DescriptorFavorite, {"user_id": actor.user_id, "descriptor_id": descriptor_id}) is None:
            return err(ErrorCode.DESCRIPTOR_NOT_FOUND)
        return Ok(True)
    log.info("favorite.added", extra={"user_id": actor.user_id, "descriptor_id": descriptor_id})
    return Ok(True)


def favorites_page(session: Session, actor: Actor, *, page: int, page_size: int = PAGE_SIZE) -> Page[LibraryItem]:
    """One page of the actor's favorites still in the library, newest favorite first; a page
    past the end shows the last one."""
    mine = (col(DescriptorFavorite.user_id) == actor.user_id, *in_library(actor))
    joined = col(DescriptorFavorite.descriptor_id) == Descriptor.id
    total = session.exec(
        select(func.count()).select_from(Descriptor).join(DescriptorFavorite, joined).where(*mine)
    ).one()
    size = max(1, page_size)
    page = min(clamp_page(page), Page[LibraryItem](page_size=size, total=total).total_pages)
    rows = session.exec(
        _with_section(select(Descriptor, WsosSection.name).select_from(Descriptor))
        .join(DescriptorFavorite, joined)
        .where(*mine)
        .order_by(col(DescriptorFavorite.created_at).desc(), Descriptor.id)
        .offset(offset_of(page, size))
        .limit(size)
    ).all()
    ids = {d.id for d, _ in rows}
    return Page(items=[_item(d, name, ids) for d, name in rows], page=page, page_size=size, total=total)


@checked
def compare_descriptors(session: Session, actor: Actor, *, ids: list[str]) -> Result[list[LibraryItem]]:
    """Two or three library descriptors side by side, in the order they were picked."""
    wanted = list(dict.fromkeys(i for i in ids or [] if i))
    if len(wanted) > MAX_COMPARE:
        return err(ErrorCode.VALIDATION_ERROR, COMPARE_TOO_MANY)
    if len(wanted) < 2:
        return err(ErrorCode.VALIDATION_ERROR, COMPARE_TOO_FEW)
    rows = session.exec(
        _with_section(select(Descriptor, WsosSection.name).select_from(Descriptor)).where(
            col(Descriptor.id).in_(wanted), *in_library(actor)
        )
    ).all()
    if len(rows) != len(wanted):
        return err(ErrorCode.DESCRIPTOR_NOT_FOUND)
    favorite_ids = _favorite_ids(session, actor, wanted)
    items = {d.id: _item(d, name, favorite_ids) for d, name in rows}
    return Ok([items[i] for i in wanted])
