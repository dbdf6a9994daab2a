"""/admin/descriptors — admins curate the library: create, edit, set quality, delete (ORIGINS C3)."""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx

from workflow_app.components.descriptors import LEVELS, quality_badge
from workflow_app.components.ideas import empty_state, pager
from workflow_app.components.layout import ADMIN_ROLES, page
from workflow_app.db import open_session
from workflow_app.domain import curation, library, sections
from workflow_app.domain.clock import system_clock
from workflow_app.models import QualityIndicator
from workflow_app.state.rows import as_row
from workflow_app.state.session import SessionState

FIELDS = ("code", "criterion_name", "wsos_section_id", "score3", "score2", "score1", "score0", "tags", "quality")
QUALITY_LABELS = {"EXCELLENT": "Excellent", "GOOD": "Good", "REFERENCE": "Reference", "NEEDS_REVIEW": "Needs Review"}


def _row(item) -> dict[str, str]:
    plain = as_row(item)
    plain["tags"] = ", ".join(item.tags)
    plain["section_name"] = item.section_name or "No section"
    return plain


class CurationState(SessionState):
    rows: list[dict[str, str]] = []
    query: str = ""
    page_number: int = 1
    total_pages: int = 1
    total: int = 0
    section_options: list[dict[str, str]] = []
    editing_id: str = ""
    form: dict[str, str] = {}
    form_open: bool = False
    field_errors: dict[str, str] = {}
    similar: list[str] = []

    @rx.var
    def previous_href(self) -> str:
        return "/admin/descriptors?" + urlencode({"q": self.query, "page": self.page_number - 1})

    @rx.var
    def next_href(self) -> str:
        return "/admin/descriptors?" + urlencode({"q": self.query, "page": self.page_number + 1})

    @rx.event
    def load(self):
        actor = self._current_actor()
        if actor is None or not actor.is_admin:
            return
        params = self.router.url.query_parameters
        self.query, self.form_open = params.get("q", ""), False
        with open_session() as session:
            result = library.search_descriptors(session, actor, query=self.query, page=params.get("page", 1))
            self.section_options = [{"id": s.id, "name": s.name} for s in sections.list_sections(session)]
        if result.ok:
            listing = result.value
            self.rows = [_row(i) for i in listing.items]
            self.page_number, self.total_pages, self.total = listing.page, listing.total_pages, listing.total

    @rx.event
    def search(self, text: str):
        return rx.redirect("/admin/descriptors?" + urlencode({"q": text, "page": 1}))

    @rx.event
    def open_form(self, descriptor_id: str = ""):
        row = next((r for r in self.rows if r["id"] == descriptor_id), {})
        section_id = next((s["id"] for s in self.section_options if s["name"] == row.get("section_name")), "")
        self.form = {name: row.get(name, "") for name in FIELDS} | {"wsos_section_id": section_id,
                                                                   "quality": row.get("quality", "REFERENCE")}
        self.editing_id, self.field_errors, self.similar, self.form_open = descriptor_id, {}, [], True

    @rx.event
    def close_form(self, is_open: bool = False):
        self.form_open = is_open

    @rx.event
    def set_form(self, name: str, value: str):
        self.form = {**self.form, name: value}
        if name == "criterion_name":
            with open_session() as session:
                found = curation.similar_descriptors(session, criterion_name=value, exclude_id=self.editing_id or None)
            self.similar = [f"{s.code} {s.criterion_name} ({s.percent}% similar)" for s in found]

    @rx.event
    def save(self):
        actor = self._current_actor()
        if actor is None:
            return self._login_redirect()
        fields = dict(self.form)
        with open_session() as session:
            if self.editing_id:
                result = curation.update_curated_descriptor(session, actor, descriptor_id=self.editing_id,
                                                            clock=system_clock, **fields)
            else:
                result = curation.create_curated_descriptor(session, actor, clock=system_clock, **fields)
        if not result.ok:
            self.field_errors = dict(result.field_errors) or {"form": result.message}
            return
        return [CurationState.load, rx.toast.success("Descriptor saved.")]

    @rx.event
    def delete(self, descriptor_id: str):
        actor = self._current_actor()
        if actor is None:
            return self._login_redirect()
        with open_session() as session:
            result = curation.delete_curated_descriptor(session, actor, descriptor_id=descriptor_id,
                                                        clock=system_clock)
        if not result.ok:
            return rx.toast.error(result.message)
        return [CurationState.load, rx.toast.success("Descriptor deleted. It no longer shows in the library.")]


def _field(label: str, name: str, control: rx.Component) -> rx.Component:
    message = CurationState.field_errors.get(name, "")
    return rx.vstack(
        rx.el.label(label, html_for=f"cur-{name}", class_name="field-label"),
        control,
        rx.cond(message != "", rx.text(message, color_scheme="red", size="2", role="alert")),
        spacing="1", width="100%",
    )


def _text(label: str, name: str, *, area: bool = False) -> rx.Component:
    make = rx.text_area if area else rx.input
    return _field(label, name, make(id=f"cur-{name}", value=CurationState.form[name], width="100%",
                                    on_change=lambda v: CurationState.set_form(name, v), debounce_timeout=300))


def _select(label: str, name: str, options: list | rx.Var, empty: str | None = None) -> rx.Component:
    items = [rx.el.option(empty, value="")] if empty else []
    if isinstance(options, list):
        items += [rx.el.option(text, value=value) for value, text in options]
    else:
        items.append(rx.foreach(options, lambda o: rx.el.option(o["name"], value=o["id"])))
    return _field(label, name, rx.el.select(*items, id=f"cur-{name}", value=CurationState.form[name],
                                            class_name="native-select",
                                            on_change=lambda v: CurationState.set_form(name, v)))


def _form_dialog() -> rx.Component:
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title(rx.cond(CurationState.editing_id != "", "Edit Descriptor", "Create Descriptor")),
        rx.vstack(
            rx.cond(CurationState.field_errors.contains("form"),
                    rx.callout(CurationState.field_errors["form"], color_scheme="red", role="alert", width="100%")),
            _text("Code", "code"),
            _text("Criterion", "criterion_name"),
            rx.cond(CurationState.similar.length() > 0, rx.callout.root(
                rx.callout.icon(rx.icon("triangle_alert")),
                rx.callout.text("Similar descriptors found", weight="bold"),
                rx.el.ul(rx.foreach(CurationState.similar, rx.el.li), margin="0", padding_left="1.25em"),
                color_scheme="amber", width="100%",
            )),
            _select("WSOS section", "wsos_section_id", CurationState.section_options, empty="No section"),
            _select("Quality", "quality", [(q.value, QUALITY_LABELS[q.value]) for q in QualityIndicator]),
            *[_text(label, name, area=True) for name, label in LEVELS],
            _text("Tags", "tags"),
            rx.hstack(rx.dialog.close(rx.button("Cancel", variant="outline")),
                      rx.button("Save Descriptor", on_click=CurationState.save), justify="end", spacing="3",
                      width="100%"),
            spacing="3", width="100%",
        ),
        max_width="680px",
    ), open=CurationState.form_open, on_open_change=CurationState.close_form)


def _row_view(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.badge(row["code"], variant="outline")),
        rx.table.row_header_cell(row["criterion_name"]),
        rx.table.cell(row["section_name"]),
        rx.table.cell(quality_badge(row["quality"])),
        rx.table.cell(row["source"]),
        rx.table.cell(rx.hstack(
            rx.button("Edit", size="1", variant="soft", on_click=CurationState.open_form(row["id"]),
                      aria_label="Edit " + row["code"]),
            rx.button("Delete", size="1", variant="soft", color_scheme="red", on_click=CurationState.delete(row["id"]),
                      aria_label="Delete " + row["code"]),
            spacing="2")),
        align="center",
    )


@rx.page(route="/admin/descriptors", title="Curate descriptors · Workflow",
         on_load=[SessionState.require_signed_in, CurationState.load])
def curation_page() -> rx.Component:
    return page(rx.vstack(
        rx.hstack(
            rx.vstack(rx.heading("Curate descriptors", size="8"),
                      rx.text(CurationState.total, " descriptor(s) in the library", color_scheme="gray"), spacing="1"),
            rx.spacer(),
            rx.button(rx.icon("plus"), "Create Descriptor", on_click=CurationState.open_form("")),
            align="end", width="100%",
        ),
        rx.input(value=CurationState.query, on_change=CurationState.search, debounce_timeout=400,
                 placeholder="Search descriptors…", aria_label="Search descriptors", width="100%", size="3"),
        rx.cond(CurationState.rows.length() > 0, rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                           ("Code", "Criterion", "Section", "Quality", "Source", "")])),
            rx.table.body(rx.foreach(CurationState.rows, _row_view)),
            width="100%", variant="surface",
        ), empty_state("No descriptors match your search.")),
        pager(page=CurationState.page_number, total_pages=CurationState.total_pages,
              previous_href=CurationState.previous_href, next_href=CurationState.next_href,
              has_previous=CurationState.page_number > 1,
              has_next=CurationState.page_number < CurationState.total_pages),
        _form_dialog(),
        spacing="4", width="100%",
    ), roles=ADMIN_ROLES)
