"""/descriptors — the descriptor library: search, facets, preview, favorites, compare (ORIGINS C6).

Everything that decides what the page shows lives in the URL (q, section, quality, category,
skill, page, view), so a reload or the back button shows the same results and a saved search
is just a link.
"""

from __future__ import annotations

import reflex as rx

from workflow_app.descriptors.components.cards import (
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
from workflow_app.descriptors.pages.library_state import ALL, FAVORITES, ROUTE, LibraryCard, LibraryState
from workflow_app.ui.components.layout import page
from workflow_app.ui.components.listing import empty_state, pager
from workflow_app.ui.session import SessionState

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


def _card(row: rx.Var[LibraryCard]) -> rx.Component:
    return descriptor_card(
        row,
        favorite=favorite_button(row.is_favorite, on_click=S.toggle_favorite(row.id)),
        compare=compare_checkbox(
            row.code,
            checked=S.compare_ids.contains(row.id),
            on_change=lambda checked: S.toggle_compare(row.id, checked),
        ),
        on_preview=S.open_preview(row.id),
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
                rx.hstack(
                    rx.text(S.total, " descriptor(s) found", size="2", color_scheme="gray", role="status"),
                    rx.spacer(),
                    rx.cond(
                        S.error == "",  # no file of a refused filter
                        rx.link(
                            rx.hstack(rx.icon("download", size=16), "Download CSV", align="center", spacing="2"),
                            href=S.csv_href,
                            download=True,
                            reload_document=True,
                            size="2",
                        ),
                    ),
                    align="center",
                    width="100%",
                ),
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
                favorite=favorite_button(S.preview.is_favorite, on_click=S.toggle_favorite(S.preview.id)),
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
