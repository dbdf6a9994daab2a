"""The state of /descriptors (descriptors/pages/library.py): one page of results or favorites, the
filters read from the URL, the preview and the compare selection. Searching and favoriting go to
the domain (descriptors/domain/library.py)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import reflex as rx

from workflow_app.api import library_export
from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.core.paging import Page
from workflow_app.descriptors.components.cards import LEVELS
from workflow_app.descriptors.domain import library
from workflow_app.ui import inputs
from workflow_app.ui.rows import as_page_row
from workflow_app.ui.session import SessionState

ALL, FAVORITES = "all", "favorites"
FILTERS = ("section", "quality", "category", "skill")
ROUTE = "/descriptors"
SEARCH_MAX = 200
FILTER_MAX = 200  # a category or skill name, a quality
ID_MAX = 64
PAGE_MAX = 10_000  # the domain caps the pages it serves


@dataclass(frozen=True)
class LibraryCard:
    """One library descriptor as the page shows it: on a card, in the preview, in the compare dialog."""

    id: str = ""
    code: str = ""
    criterion_name: str = ""
    score3: str = ""
    score2: str = ""
    score1: str = ""
    score0: str = ""
    tags: list[str] = field(default_factory=list)
    skill_names: list[str] = field(default_factory=list)
    section_name: str = ""
    quality: str = ""
    source: str = ""
    is_favorite: bool = False


@dataclass(frozen=True)
class RelatedLink:
    """A descriptor like the previewed one, linking to a search for its criterion."""

    code: str = ""
    criterion_name: str = ""
    percent: int = 0
    href: str = ""


def _cards(items: list[library.LibraryItem]) -> list[LibraryCard]:
    return [as_page_row(LibraryCard, item) for item in items]


def _related_link(related: library.RelatedDescriptor) -> RelatedLink:
    href = f"{ROUTE}?{urlencode({'q': related.criterion_name})}"
    return RelatedLink(code=related.code, criterion_name=related.criterion_name, percent=related.percent, href=href)


def _facet_options(facets: list[library.FacetCount]) -> list[dict[str, str]]:
    return [{"key": f.key, "label": f"{f.name} ({f.count})"} for f in facets]


class LibraryState(SessionState):
    rows: list[LibraryCard] = []  # one page, ≤ 20
    total: int = 0
    page_number: int = 1
    total_pages: int = 1
    error: str = ""
    view: str = ALL
    query: str = ""
    section: str = ALL
    quality: str = ALL
    category: str = ""
    skill: str = ""
    section_facets: list[dict[str, str]] = []
    quality_facets: list[dict[str, str]] = []
    category_facets: list[dict[str, str]] = []
    preview: LibraryCard | None = None
    preview_open: bool = False
    related: list[RelatedLink] = []
    related_loading: bool = False
    compare_ids: list[str] = []  # kept across pages and searches until cleared
    compared: list[LibraryCard] = []
    compare_open: bool = False

    def _href(self, **changes: Any) -> str:
        current = {
            "view": self.view,
            "q": self.query,
            "section": self.section,
            "quality": self.quality,
            "category": self.category,
            "skill": self.skill,
            "page": 1,
        }
        params = {k: v for k, v in (current | changes).items() if v not in ("", ALL, None)}
        return f"{ROUTE}?{urlencode(params)}"

    @rx.var
    def previous_href(self) -> str:
        return self._href(page=self.page_number - 1)

    @rx.var
    def next_href(self) -> str:
        return self._href(page=self.page_number + 1)

    @rx.var
    def csv_href(self) -> str:
        """Every descriptor the current search finds (not one page), as a CSV file."""
        return self.api_origin + library_export.download_path(self._filters())

    @rx.var
    def preview_copy_all(self) -> str:
        p = self.preview or LibraryCard()
        levels = [f"{label}: {getattr(p, name)}" for name, label in LEVELS if getattr(p, name)]
        return "\n\n".join([f"{p.code} {p.criterion_name}", *levels])

    @rx.var
    def compare_label(self) -> str:
        return f"Compare Descriptors ({len(self.compare_ids)})"

    @rx.var
    def has_filters(self) -> bool:
        return bool(self.query or self.category or self.skill) or ALL not in (self.section, self.quality)

    @rx.event
    async def load(self):
        params = self.router.url.query_parameters
        self.view = inputs.choice(params.get("view"), (ALL, FAVORITES), default=ALL)
        self.query = inputs.short_text(params.get("q", ""), limit=SEARCH_MAX)
        self.section = inputs.short_text(params.get("section"), limit=ID_MAX) or ALL
        self.quality = inputs.short_text(params.get("quality"), limit=FILTER_MAX).upper() or ALL
        self.category = inputs.short_text(params.get("category"), limit=FILTER_MAX)
        self.skill = inputs.short_text(params.get("skill"), limit=FILTER_MAX)
        self.preview_open = self.compare_open = False
        page_number = inputs.whole_number(params.get("page", 1), low=1, high=PAGE_MAX, default=1)
        call = await self._call(_listing, view=self.view, page_number=page_number, **self._filters())
        if not call.signed_out:  # signed out: require_signed_in already redirects
            self._show(call.value, page_number)

    def _filters(self) -> dict[str, str]:
        return {
            "query": self.query,
            "section_id": "" if self.section == ALL else self.section,
            "quality": "" if self.quality == ALL else self.quality,
            "category": self.category,
            "skill": self.skill,
        }

    def _show(self, listing, page_number: int) -> None:
        """A search result, or a page of the favorites."""
        if isinstance(listing, Page):
            self._show_favorites(listing)
            return
        if not listing.ok:
            self.error, self.rows, self.total, self.page_number, self.total_pages = listing.message, [], 0, 1, 1
            return
        found = listing.value
        self.error, self.rows = "", _cards(found.items)
        self.page_number, self.total_pages, self.total = found.page, found.total_pages, found.total
        self.section_facets = _facet_options(found.facets.sections)
        self.quality_facets = _facet_options(found.facets.qualities)
        self.category_facets = _facet_options(found.facets.categories)

    def _show_favorites(self, found: Page[library.LibraryItem]) -> None:
        self.total, self.total_pages, self.page_number = found.total, found.total_pages, found.page
        self.error, self.rows = "", _cards(found.items)

    @rx.event
    def search(self, text: str):
        # Not stripped: the input shows this value back, and a trailing space is still being typed.
        checked = search_text(text)
        if checked is not None and checked != self.query:
            return rx.redirect(self._href(q=checked))

    @rx.event
    def clear_search(self):
        return [rx.redirect(self._href(q="")), rx.set_focus("library-search")]

    @rx.event
    def choose(self, name: str, value: str):
        """Sets one filter (section, quality, category, skill) and goes back to page 1."""
        name = inputs.choice(name, FILTERS)
        if name:
            return rx.redirect(self._href(**{name: inputs.short_text(value, limit=FILTER_MAX)}))

    @rx.event
    def choose_category(self, category: str):
        category = inputs.short_text(category, limit=FILTER_MAX)
        return rx.redirect(self._href(category="" if category == self.category else category))

    @rx.event
    def choose_view(self, view: str):
        view = inputs.choice(view, (ALL, FAVORITES), default=ALL)
        self.view, self.rows = view, []
        return rx.redirect(f"{ROUTE}?view={FAVORITES}" if view == FAVORITES else self._href(view=ALL))

    @rx.event
    async def toggle_favorite(self, descriptor_id: str):
        descriptor_id = inputs.short_text(descriptor_id, limit=ID_MAX)
        if not descriptor_id:
            return rx.toast.error(message_for(ErrorCode.DESCRIPTOR_NOT_FOUND))
        call = await self._call(
            _toggle_favorite,
            descriptor_id=descriptor_id,
            favorites_page=self.page_number if self.view == FAVORITES else 0,
        )
        if call.signed_out:
            return self._signed_out()
        result, favorites = call.value
        if not result.ok:
            return rx.toast.error(result.message)
        now = result.value
        self.rows = [dataclasses.replace(r, is_favorite=now) if r.id == descriptor_id else r for r in self.rows]
        if self.preview is not None and self.preview.id == descriptor_id:
            self.preview = dataclasses.replace(self.preview, is_favorite=now)
        if favorites is not None:
            self._show_favorites(favorites)
        return rx.toast.success("Added to favorites" if now else "Removed from favorites")

    @rx.event
    async def open_preview(self, descriptor_id: str):
        descriptor_id = inputs.short_text(descriptor_id, limit=ID_MAX)
        self.preview = next((r for r in self.rows if r.id == descriptor_id), None) if descriptor_id else None
        if self.preview is None:
            yield rx.toast.error(message_for(ErrorCode.DESCRIPTOR_NOT_FOUND))
            return
        self.preview_open, self.related, self.related_loading = True, [], True
        yield
        call = await self._call(library.related_descriptors, descriptor_id=descriptor_id)
        self.related_loading = False
        if call.signed_out:
            self.preview_open = False
            yield self._signed_out()
            return
        if not call.value.ok:
            yield rx.toast.error(call.value.message)
            return
        self.related = [_related_link(r) for r in call.value.value]

    @rx.event
    def preview_toggled(self, is_open: bool):
        self.preview_open = is_open is True

    @rx.event
    def toggle_compare(self, descriptor_id: str, checked: bool):
        descriptor_id = inputs.short_text(descriptor_id, limit=ID_MAX)
        if not descriptor_id:
            return None
        if checked is not True:
            self.compare_ids = [i for i in self.compare_ids if i != descriptor_id]
        elif descriptor_id not in self.compare_ids:
            if len(self.compare_ids) >= library.MAX_COMPARE:
                return rx.toast.error("Maximum selection reached", description=library.COMPARE_TOO_MANY)
            self.compare_ids = [*self.compare_ids, descriptor_id]
        return None

    @rx.event
    def clear_compare(self):
        self.compare_ids, self.compared, self.compare_open = [], [], False

    @rx.event
    async def open_compare(self):
        call = await self._call(library.compare_descriptors, ids=list(self.compare_ids))
        if call.signed_out:
            return self._signed_out()
        if not call.value.ok:
            return rx.toast.error(call.value.message)
        self.compared, self.compare_open = _cards(call.value.value), True

    @rx.event
    def compare_toggled(self, is_open: bool):
        self.compare_open = is_open is True


def search_text(value: object) -> str | None:
    """The search box's text if it may be searched for (at most SEARCH_MAX characters); else None."""
    checked = inputs.short_text(value, limit=SEARCH_MAX)
    return checked if checked or value == "" else None


def _listing(session, actor, *, view: str, page_number: int, **filters):
    if view == FAVORITES:
        return library.favorites_page(session, actor, page=page_number)
    return library.search_descriptors(session, actor, page=page_number, **filters)


def _toggle_favorite(session, actor, *, descriptor_id: str, favorites_page: int):
    """The toggle, and on the favorites tab (its page number, else 0) the page as it now stands."""
    result = library.toggle_favorite(session, actor, descriptor_id=descriptor_id, clock=system_clock)
    if not (favorites_page and result.ok):
        return result, None
    return result, library.favorites_page(session, actor, page=favorites_page)
