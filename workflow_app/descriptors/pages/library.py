"""/descriptors — the descriptor library: search, facets, preview, favorites, compare (ORIGINS C6).

Everything that decides what the page shows lives in the URL (q, section, quality, category,
skill, page, view), so a reload or the back button shows the same results and a saved search
is just a link.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import reflex as rx

from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.core.paging import Page
from workflow_app.descriptors.components.cards import (
    LEVELS,
    category_chips,
    compare_bar,
    compare_checkbox,
    compare_dialog,
    descriptor_card,
    facet_select,
    favorite_button,
    preview_dialog,
    related_list,
    search_box,
)
from workflow_app.descriptors.domain import library
from workflow_app.ui import inputs
from workflow_app.ui.components.layout import page
from workflow_app.ui.components.listing import empty_state, pager
from workflow_app.ui.rows import as_row, as_rows
from workflow_app.ui.session import SessionState

ALL, FAVORITES = "all", "favorites"
FILTERS = ("section", "quality", "category", "skill")
ROUTE = "/descriptors"
SEARCH_MAX = 200
FILTER_MAX = 200  # a category or skill name, a quality
ID_MAX = 64
PAGE_MAX = 10_000  # the domain caps the pages it serves


def _related_row(related: library.RelatedDescriptor) -> dict[str, Any]:
    return as_row(related) | {"percent": related.percent, "href": f"{ROUTE}?{urlencode({'q': related.criterion_name})}"}


def _facet_rows(facets: list[library.FacetCount]) -> list[dict[str, Any]]:
    return [{"key": f.key, "label": f"{f.name} ({f.count})"} for f in facets]


class LibraryState(SessionState):
    rows: list[dict[str, Any]] = []  # one page, ≤ 20
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
    section_facets: list[dict[str, Any]] = []
    quality_facets: list[dict[str, Any]] = []
    category_facets: list[dict[str, Any]] = []
    preview: dict[str, Any] = {}
    preview_open: bool = False
    related: list[dict[str, Any]] = []
    related_loading: bool = False
    compare_ids: list[str] = []  # kept across pages and searches until cleared
    compared: list[dict[str, Any]] = []
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
    def preview_copy_all(self) -> str:
        p = self.preview
        levels = [f"{label}: {p.get(name)}" for name, label in LEVELS if p.get(name)]
        return "\n\n".join([f"{p.get('code', '')} {p.get('criterion_name', '')}", *levels])

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
        self.error, self.rows = "", as_rows(found.items)
        self.page_number, self.total_pages, self.total = found.page, found.total_pages, found.total
        self.section_facets = _facet_rows(found.facets.sections)
        self.quality_facets = _facet_rows(found.facets.qualities)
        self.category_facets = _facet_rows(found.facets.categories)

    def _show_favorites(self, found: Page[library.LibraryItem]) -> None:
        self.total, self.total_pages, self.page_number = found.total, found.total_pages, found.page
        self.error, self.rows = "", as_rows(found.items)

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
        self.rows = [r | {"is_favorite": now} if r["id"] == descriptor_id else r for r in self.rows]
        if self.preview.get("id") == descriptor_id:
            self.preview = self.preview | {"is_favorite": now}
        if favorites is not None:
            self._show_favorites(favorites)
        return rx.toast.success("Added to favorites" if now else "Removed from favorites")

    @rx.event
    async def open_preview(self, descriptor_id: str):
        descriptor_id = inputs.short_text(descriptor_id, limit=ID_MAX)
        self.preview = next((r for r in self.rows if r["id"] == descriptor_id), {}) if descriptor_id else {}
        if not self.preview:
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
        self.related = [_related_row(r) for r in call.value.value]

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
        self.compared, self.compare_open = as_rows(call.value.value), True

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


S = LibraryState


def _filters() -> rx.Component:
    return rx.el.aside(
        rx.vstack(
            facet_select(
                "WSOS Section",
                "library-section",
                all_label="All WSOS Sections",
                all_value=ALL,
                facets=S.section_facets,
                value=S.section,
                on_change=lambda v: S.choose("section", v),
            ),
            facet_select(
                "Quality",
                "library-quality",
                all_label="All Quality",
                all_value=ALL,
                facets=S.quality_facets,
                value=S.quality,
                on_change=lambda v: S.choose("quality", v),
            ),
            category_chips(S.category_facets, selected=S.category, on_choose=S.choose_category),
            rx.cond(
                S.skill != "",
                rx.button(
                    "Skill: ",
                    S.skill,
                    rx.icon("x", size=14),
                    size="1",
                    variant="soft",
                    on_click=S.choose("skill", ""),
                    aria_label="Remove skill filter " + S.skill,
                ),
            ),
            rx.cond(S.has_filters, rx.link("Reset all filters", href=ROUTE, size="2")),
            spacing="3",
            width="100%",
        ),
        aria_label="Filters",
        style={"width": "100%", "max_width": rx.breakpoints(initial="100%", md="260px"), "flex_shrink": "0"},
    )


def _card(row: rx.Var) -> rx.Component:
    return descriptor_card(
        row,
        favorite=favorite_button(row["is_favorite"].to(bool), on_click=S.toggle_favorite(row["id"])),
        compare=compare_checkbox(
            row["code"].to(str),
            checked=S.compare_ids.contains(row["id"]),
            on_change=lambda checked: S.toggle_compare(row["id"], checked),
        ),
        on_preview=S.open_preview(row["id"]),
    )


def _results(empty: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.cond(S.error != "", rx.callout(S.error, color_scheme="red", icon="triangle_alert", role="alert")),
        rx.cond(S.rows.length() > 0, rx.vstack(rx.foreach(S.rows, _card), spacing="3", width="100%"), empty),
        rx.cond(
            S.rows.length() > 0,
            pager(
                page=S.page_number,
                total_pages=S.total_pages,
                previous_href=S.previous_href,
                next_href=S.next_href,
                has_previous=S.page_number > 1,
                has_next=S.page_number < S.total_pages,
            ),
        ),
        spacing="3",
        width="100%",
        min_width="0",
    )


def _search_view() -> rx.Component:
    return rx.vstack(
        search_box("library-search", value=S.query, on_change=S.search, on_clear=S.clear_search),
        rx.flex(
            _filters(),
            rx.vstack(
                rx.text(S.total, " descriptor(s) found", size="2", color_scheme="gray", role="status"),
                _results(
                    empty_state(
                        "No descriptors match your search.",
                        action=rx.link("Clear filters", href=ROUTE),
                        icon="search_x",
                    )
                ),
                spacing="2",
                width="100%",
                min_width="0",
            ),
            direction=rx.breakpoints(initial="column", md="row"),
            gap="5",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


def _favorites_view() -> rx.Component:
    return rx.vstack(
        rx.text(S.total, " favorite descriptor(s)", size="2", color_scheme="gray", role="status"),
        _results(
            empty_state(
                "You have no favorite descriptors yet.", icon="heart", action=rx.link("Browse the library", href=ROUTE)
            )
        ),
        spacing="2",
        width="100%",
    )


@rx.page(route=ROUTE, title="Descriptor Library · Workflow", on_load=[SessionState.require_signed_in, S.load])
def library_page() -> rx.Component:
    return page(
        rx.vstack(
            rx.heading("Descriptor Library", size="8"),
            rx.text(
                "Template descriptors to assist in designing your Marking Scheme. Search, compare and copy "
                "the wording you need.",
                color_scheme="gray",
            ),
            rx.tabs.root(
                rx.tabs.list(
                    rx.tabs.trigger("All descriptors", value=ALL),
                    rx.tabs.trigger(rx.icon("heart", size=14), "My favorites", value=FAVORITES),
                ),
                rx.tabs.content(_search_view(), value=ALL, padding_top="1em"),
                rx.tabs.content(_favorites_view(), value=FAVORITES, padding_top="1em"),
                value=S.view,
                on_change=S.choose_view,
                width="100%",
            ),
            compare_bar(
                S.compare_ids.length(), label=S.compare_label, on_compare=S.open_compare, on_clear=S.clear_compare
            ),
            preview_dialog(
                S.preview,
                favorite=favorite_button(
                    S.preview["is_favorite"].to(bool), on_click=S.toggle_favorite(S.preview["id"])
                ),
                related=related_list(S.related, loading=S.related_loading),
                copy_all_text=S.preview_copy_all,
                open=S.preview_open,
                on_open_change=S.preview_toggled,
            ),
            compare_dialog(S.compared, open=S.compare_open, on_open_change=S.compare_toggled),
            spacing="4",
            width="100%",
        )
    )
