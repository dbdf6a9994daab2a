"""/admin/descriptors — admins curate the library: filter it, create, edit, set quality, delete
after a confirmation, and restore what was deleted (ORIGINS C3). The state is curation_state's.

Everything that decides what the list shows lives in the URL (q, skill, sector, category,
quality, tag, show, page), as in the library.
"""

from __future__ import annotations

import reflex as rx

from workflow_app.descriptors.components.cards import LEVELS, quality_badge
from workflow_app.descriptors.pages.curation_state import (
    DELETED,
    FIELD_LIMITS,
    QUALITY_LABELS,
    ROUTE,
    CurationLine,
    CurationState,
    SimilarLine,
)
from workflow_app.models import QualityIndicator
from workflow_app.ui.components.forms import link_button, press_once
from workflow_app.ui.components.layout import ADMIN_ROLES, page
from workflow_app.ui.components.listing import empty_state, pager, relative_time
from workflow_app.ui.session import SessionState

S = CurationState
__all__ = ["CurationLine", "CurationState", "curation_page"]  # the state's names, as before the split

# --- the form ------------------------------------------------------------------------------


def _error(name: str) -> rx.Component:
    message = S.field_errors.get(name, "")
    return rx.cond(message != "", rx.text(message, color_scheme="red", size="2", role="alert"))


def _field(label: str, name: str, control: rx.Component, hint: str = "") -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=f"cur-{name}", class_name="field-label"),
        control,
        rx.cond(hint != "", rx.text(hint, size="1", color_scheme="gray")),
        _error(name),
        spacing="1",
        width="100%",
    )


def _text(label: str, name: str, *, area: bool = False, placeholder: str = "", hint: str = "") -> rx.Component:
    make = rx.text_area if area else rx.input
    return _field(
        label,
        name,
        make(
            id=f"cur-{name}",
            value=S.form[name],
            width="100%",
            max_length=FIELD_LIMITS[name][0],
            placeholder=placeholder,
            on_change=lambda v: S.set_form(name, v),
            debounce_timeout=300,
        ),
        hint,
    )


def _select(label: str, name: str, options: list | rx.Var, empty: str | None = None) -> rx.Component:
    items = [rx.el.option(empty, value="")] if empty else []
    if isinstance(options, list):
        items += [rx.el.option(text, value=value) for value, text in options]
    else:
        items.append(rx.foreach(options, lambda o: rx.el.option(o["name"], value=o["id"])))
    return _field(
        label,
        name,
        rx.el.select(
            *items,
            id=f"cur-{name}",
            value=S.form[name],
            class_name="native-select",
            on_change=lambda v: S.set_form(name, v),
        ),
    )


def _similar_item(s: rx.Var[SimilarLine]) -> rx.Component:
    return rx.el.li(
        rx.text.strong(s.code),
        " ",
        rx.link(s.criterion_name, href=s.href, is_external=True),
        rx.cond(s.skills != "", rx.text.span(" · ", s.skills, color_scheme="gray")),
        " (",
        s.percent,
        "% similar)",
    )


def _similar_box() -> rx.Component:
    return rx.cond(
        S.similar.length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle_alert")),
            rx.vstack(
                rx.text("Similar descriptors found", weight="bold", size="2"),
                rx.text("Review these similar descriptors to avoid duplicates:", size="2"),
                rx.el.ul(rx.foreach(S.similar, _similar_item), margin="0", padding_left="1.25em"),
                spacing="1",
            ),
            color_scheme="amber",
            width="100%",
            role="status",
        ),
    )


def _form_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.editing_id != "", "Edit Descriptor", "Create Descriptor")),
            rx.dialog.description("Fields marked * are required.", size="2", color_scheme="gray"),
            rx.vstack(
                rx.cond(
                    S.field_errors.contains("form"),
                    rx.callout(S.field_errors["form"], color_scheme="red", role="alert", width="100%"),
                ),
                _text("Code *", "code", placeholder="A1"),
                _text("Criterion *", "criterion_name", placeholder="Quality of weld seam"),
                _similar_box(),
                _text("Skills *", "skill_names", placeholder="Welding", hint="Comma-separated"),
                _text("Sector", "sector", placeholder="Manufacturing and Engineering Technology"),
                _text("Categories", "categories", placeholder="Weld quality, Safety", hint="Comma-separated"),
                _select("WSOS section", "wsos_section_id", S.section_options, empty="No section"),
                _select("Quality", "quality", [(q.value, QUALITY_LABELS[q.value]) for q in QualityIndicator]),
                rx.text("Performance levels *", class_name="field-label"),
                _error("scores"),
                *[_text(label, name, area=True) for name, label in LEVELS],
                _text("Tags", "tags", placeholder="safety, measurement, quality", hint="Comma-separated"),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="outline")),
                    rx.button("Save Descriptor", on_click=S.save, custom_attrs=press_once()),
                    justify="end",
                    spacing="3",
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            max_width="680px",
        ),
        open=S.form_open,
        on_open_change=S.close_form,
    )


def _delete_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(S.delete_title),
            rx.alert_dialog.description("This descriptor will be soft-deleted and can be restored if needed."),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="outline")),
                rx.button(
                    "Delete",
                    color_scheme="red",
                    high_contrast=True,  # white on Radix red-9 is 3.9:1, under AA's 4.5
                    on_click=S.confirm_delete,
                    custom_attrs=press_once(),
                ),
                justify="end",
                spacing="3",
                margin_top="1em",
            ),
        ),
        open=S.pending_delete != "",
        on_open_change=S.delete_dialog_toggled,
    )


# --- the filters and the list ----------------------------------------------------------------


def _filter_input(label: str, name: str, value: rx.Var, options: rx.Var | None = None) -> rx.Component:
    suggestions = f"cur-filter-{name}-options"
    extra = {"custom_attrs": {"list": suggestions}} if options is not None else {}
    return rx.vstack(
        rx.el.label(label, html_for=f"cur-filter-{name}", class_name="field-label"),
        rx.input(
            id=f"cur-filter-{name}",
            value=value,
            on_change=lambda v: S.choose(name, v),
            debounce_timeout=400,
            max_length=200,
            size="3",  # the height of the native selects beside it
            width="100%",
            **extra,
        ),
        *([rx.el.datalist(rx.foreach(options, lambda o: rx.el.option(value=o)), id=suggestions)] if extra else []),
        spacing="1",
        flex="1 1 10rem",
        min_width="0",
    )


def _native_filter(label: str, name: str, value: rx.Var, options: list[tuple[str, str]]) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=f"cur-filter-{name}", class_name="field-label"),
        rx.el.select(
            *[rx.el.option(text, value=key) for key, text in options],
            id=f"cur-filter-{name}",
            value=value,
            class_name="native-select",
            on_change=lambda v: S.choose(name, v),
        ),
        spacing="1",
        flex="1 1 10rem",
        min_width="0",
    )


def _filters() -> rx.Component:
    qualities = [("", "All qualities"), *((q, label) for q, label in QUALITY_LABELS.items())]
    return rx.vstack(
        rx.input(
            value=S.query,
            on_change=S.search,
            debounce_timeout=400,
            max_length=200,
            placeholder="Search code, name and levels…",
            aria_label="Search descriptors",
            width="100%",
            size="3",
        ),
        rx.flex(
            _filter_input("Skill", "skill", S.skill, S.skill_options),
            _filter_input("Sector", "sector", S.sector, S.sector_options),
            _filter_input("Category", "category", S.category),
            _filter_input("Tag", "tag", S.tag),
            _native_filter("Quality", "quality", S.quality, qualities),
            _native_filter("Show", "show", S.show, [("", "Library"), (DELETED, "Deleted")]),
            wrap="wrap",
            spacing="3",
            width="100%",
        ),
        rx.cond(S.has_filters, rx.link("Reset all filters", href=ROUTE, size="2")),
        spacing="3",
        width="100%",
        role="search",
    )


def _actions(row: rx.Var[CurationLine]) -> rx.Component:
    return rx.cond(
        row.deleted_at != "",
        rx.button(
            "Restore",
            size="1",
            variant="soft",
            on_click=S.restore(row.id),
            aria_label="Restore " + row.code,
            custom_attrs=press_once(),
        ),
        rx.hstack(
            rx.button("Edit", size="1", variant="soft", on_click=S.open_form(row.id), aria_label="Edit " + row.code),
            rx.button(
                "Delete",
                size="1",
                variant="soft",
                color_scheme="red",
                on_click=S.delete(row.id),
                aria_label="Delete " + row.code,
            ),
            spacing="2",
        ),
    )


def _row_view(row: rx.Var[CurationLine]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.badge(row.code, variant="outline")),
        rx.table.row_header_cell(row.criterion_name),
        rx.table.cell(row.skill_names),
        rx.table.cell(row.section_name),
        rx.table.cell(quality_badge(row.quality)),
        rx.table.cell(rx.cond(row.deleted_at != "", relative_time(row.deleted_at), row.source)),
        rx.table.cell(_actions(row)),
        align="center",
    )


def _table() -> rx.Component:
    headers = ("Code", "Criterion", "Skills", "Section", "Quality")
    last = rx.cond(S.show == DELETED, "Deleted", "Source")
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                *[rx.table.column_header_cell(h) for h in headers],
                rx.table.column_header_cell(last),
                rx.table.column_header_cell("Actions"),
            )
        ),
        rx.table.body(rx.foreach(S.rows, _row_view)),
        width="100%",
        variant="surface",
    )


@rx.page(
    route=ROUTE,
    title="Curate descriptors · Workflow",
    on_load=[SessionState.require_signed_in, S.load],
)
def curation_page() -> rx.Component:
    return page(
        rx.vstack(
            rx.hstack(
                rx.vstack(
                    rx.heading("Curate descriptors", size="8"),
                    rx.text(
                        S.total,
                        rx.cond(S.show == DELETED, " deleted descriptor(s)", " descriptor(s) in the library"),
                        color_scheme="gray",
                        role="status",
                    ),
                    spacing="1",
                ),
                rx.spacer(),
                link_button(rx.icon("file_spreadsheet"), "Import workbooks", variant="outline", href="/admin/import"),
                rx.button(rx.icon("plus"), "Create Descriptor", on_click=S.open_form("")),
                align="end",
                width="100%",
                wrap="wrap",
                spacing="3",
            ),
            _filters(),
            rx.cond(S.error != "", rx.callout(S.error, color_scheme="red", icon="triangle_alert", role="alert")),
            rx.cond(
                S.rows.length() > 0,
                _table(),
                rx.cond(
                    S.show == DELETED,
                    empty_state("No deleted descriptors match.", icon="trash_2"),
                    empty_state("No descriptors match your search."),
                ),
            ),
            pager(
                page=S.page_number,
                total_pages=S.total_pages,
                previous_href=S.previous_href,
                next_href=S.next_href,
                has_previous=S.page_number > 1,
                has_next=S.has_next,
            ),
            _form_dialog(),
            _delete_dialog(),
            spacing="4",
            width="100%",
        ),
        roles=ADMIN_ROLES,
    )
