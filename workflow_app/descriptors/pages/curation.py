"""/admin/descriptors — admins curate the library: create, edit, set quality, delete (ORIGINS C3)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import reflex as rx

from workflow_app.core import errors as e
from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.descriptors.components.cards import LEVELS, quality_badge
from workflow_app.descriptors.domain import curation, descriptors, library, sections
from workflow_app.models import QualityIndicator
from workflow_app.ui import inputs
from workflow_app.ui.components.forms import link_button, press_once
from workflow_app.ui.components.layout import ADMIN_ROLES, page
from workflow_app.ui.components.listing import empty_state, pager
from workflow_app.ui.rows import as_page_row
from workflow_app.ui.session import SessionState

FIELDS = ("code", "criterion_name", "wsos_section_id", "score3", "score2", "score1", "score0", "tags", "quality")
QUALITY_LABELS = {"EXCELLENT": "Excellent", "GOOD": "Good", "REFERENCE": "Reference", "NEEDS_REVIEW": "Needs Review"}
ROUTE = "/admin/descriptors"
SEARCH_MAX = 200
ID_MAX = 64
PAGE_MAX = 10_000
SCORE_LIMIT = (descriptors.SCORE_MAX, e.SCORE_TOO_LONG)
# What each form field accepts from the client, checked before it is stored: (length, message).
# The criterion is capped before the similar-descriptor check, so the check's work is bounded.
FIELD_LIMITS: dict[str, tuple[int, str]] = {
    "code": (descriptors.CODE_MAX + 20, e.CODE_TOO_LONG),  # room for spaces the domain trims
    "criterion_name": (descriptors.CRITERION_MAX + 20, e.CRITERION_TOO_LONG),
    "wsos_section_id": (ID_MAX, message_for(ErrorCode.SECTION_NOT_FOUND)),
    "score3": SCORE_LIMIT,
    "score2": SCORE_LIMIT,
    "score1": SCORE_LIMIT,
    "score0": SCORE_LIMIT,
    "tags": (descriptors.TAGS_TEXT_MAX, e.TAGS_TOO_LONG),  # all tags together, before they are split
    "quality": (32, e.QUALITY_INVALID),
}


def checked_field(name: object, value: object) -> tuple[str, str | inputs.Refusal]:
    """Which form field (empty when unknown) and its value, if it may be stored."""
    field = inputs.choice(name, FIELDS)
    if not field:
        return "", inputs.Refusal(message_for(ErrorCode.VALIDATION_ERROR))
    limit, too_long = FIELD_LIMITS[field]
    checked = inputs.text(value, limit=limit, too_long=too_long)
    if field == "quality" and isinstance(checked, str) and checked not in QUALITY_LABELS:
        return field, inputs.Refusal(e.QUALITY_INVALID)
    return field, checked


@dataclass(frozen=True)
class CurationLine:
    """One library descriptor in the admin's table, and what its edit form starts from."""

    id: str = ""
    code: str = ""
    criterion_name: str = ""
    score3: str = ""
    score2: str = ""
    score1: str = ""
    score0: str = ""
    tags: str = ""  # "a, b, c", as the form's field takes them
    section_name: str = ""
    quality: str = ""
    source: str = ""


NEW_LINE = CurationLine(quality="REFERENCE")  # what the form starts from for a new descriptor


def _row(item: library.LibraryItem) -> CurationLine:
    return as_page_row(CurationLine, item, tags=", ".join(item.tags), section_name=item.section_name or "No section")


class CurationState(SessionState):
    rows: list[CurationLine] = []
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
    # Fields whose last value was refused (not stored): saving now would save an older value.
    _refused: list[str] = []

    @rx.var
    def previous_href(self) -> str:
        return f"{ROUTE}?" + urlencode({"q": self.query, "page": self.page_number - 1})

    @rx.var
    def next_href(self) -> str:
        return f"{ROUTE}?" + urlencode({"q": self.query, "page": self.page_number + 1})

    def _page(self) -> int:
        asked = self.router.url.query_parameters.get("page", 1)
        return inputs.whole_number(asked, low=1, high=PAGE_MAX, default=1)

    @rx.event
    async def load(self):
        self.query = inputs.short_text(self.router.url.query_parameters.get("q", ""), limit=SEARCH_MAX)
        self.form_open = False
        call = await self._call(_listing, query=self.query, page=self._page())
        if not call.signed_out:  # signed out: require_signed_in already redirects
            self._show(call.value)

    def _show(self, listing) -> None:
        """The page of rows and the section choices; nothing for a non-admin (the page shows its 403 view)."""
        if listing is None:
            return
        result, self.section_options = listing
        if result.ok:
            found = result.value
            self.rows = [_row(i) for i in found.items]
            self.page_number, self.total_pages, self.total = found.page, found.total_pages, found.total

    @rx.event
    def search(self, text: str):
        checked = inputs.short_text(text, limit=SEARCH_MAX)
        if checked or text == "":
            return rx.redirect(f"{ROUTE}?" + urlencode({"q": checked, "page": 1}))

    @rx.event
    def open_form(self, descriptor_id: str = ""):
        descriptor_id = inputs.short_text(descriptor_id, limit=ID_MAX)
        row = next((r for r in self.rows if r.id == descriptor_id), None) if descriptor_id else NEW_LINE
        if row is None:
            return rx.toast.error(message_for(ErrorCode.DESCRIPTOR_NOT_FOUND))
        section_id = next((s["id"] for s in self.section_options if s["name"] == row.section_name), "")
        self.form = {name: getattr(row, name, "") for name in FIELDS} | {"wsos_section_id": section_id}
        self.editing_id, self.field_errors, self.similar, self.form_open = descriptor_id, {}, [], True
        self._refused = []

    @rx.event
    def close_form(self, is_open: bool = False):
        self.form_open = is_open is True

    @rx.event
    async def set_form(self, name: str, value: str):
        field, checked = checked_field(name, value)
        key = field or "form"
        self.field_errors = {k: v for k, v in self.field_errors.items() if k != key}
        self._refused = [f for f in self._refused if f != key]
        if isinstance(checked, inputs.Refusal):
            self.field_errors, self._refused = {**self.field_errors, key: checked.message}, [*self._refused, key]
            if field == "criterion_name":
                self.similar = []
            return
        self.form = {**self.form, field: checked}
        if field == "criterion_name":
            call = await self._call(_similar, criterion_name=checked, exclude_id=self.editing_id or None)
            self.similar = [f"{s.code} {s.criterion_name} ({s.percent}% similar)" for s in call.value or []]

    @rx.event
    async def save(self):
        if self._refused:  # a value the form refused was never stored; saving would lose it
            self.field_errors = {**self.field_errors, "form": message_for(ErrorCode.VALIDATION_ERROR)}
            return
        call = await self._call(
            _save_and_list,
            descriptor_id=self.editing_id,
            form=curation.CuratedDescriptorIn(**self.form),
            query=self.query,
            page=self._page(),
        )
        if call.signed_out:
            self.field_errors = {"form": message_for(ErrorCode.UNAUTHENTICATED)}
            return
        result, listing = call.value
        if not result.ok:
            self.field_errors = dict(result.field_errors) or {"form": result.message}
            return
        self.form_open = False
        self._show(listing)
        return rx.toast.success("Descriptor saved.")

    @rx.event
    async def delete(self, descriptor_id: str):
        descriptor_id = inputs.short_text(descriptor_id, limit=ID_MAX)
        if not descriptor_id:
            return rx.toast.error(message_for(ErrorCode.DESCRIPTOR_NOT_FOUND))
        call = await self._call(_delete_and_list, descriptor_id=descriptor_id, query=self.query, page=self._page())
        if call.signed_out:
            return [rx.toast.error(message_for(ErrorCode.UNAUTHENTICATED)), self._login_redirect()]
        result, listing = call.value
        if not result.ok:
            return rx.toast.error(result.message)
        self._show(listing)
        return rx.toast.success("Descriptor deleted. It no longer shows in the library.")


def _listing(session, actor, *, query: str, page: int):
    """One page of the library and the section choices; None for anyone but an admin."""
    if not actor.is_admin:
        return None
    result = library.search_descriptors(session, actor, query=query, page=page)
    return result, [{"id": s.id, "name": s.name} for s in sections.list_sections(session, actor)]


def _similar(session, actor, *, criterion_name: str, exclude_id: str | None):
    return curation.similar_descriptors(session, actor, criterion_name=criterion_name, exclude_id=exclude_id)


def _save_and_list(session, actor, *, descriptor_id: str, form: curation.CuratedDescriptorIn, query: str, page: int):
    if descriptor_id:
        result = curation.update_curated_descriptor(
            session, actor, form, descriptor_id=descriptor_id, clock=system_clock
        )
    else:
        result = curation.create_curated_descriptor(session, actor, form, clock=system_clock)
    return result, _listing(session, actor, query=query, page=page)


def _delete_and_list(session, actor, *, descriptor_id: str, query: str, page: int):
    result = curation.delete_curated_descriptor(session, actor, descriptor_id=descriptor_id, clock=system_clock)
    return result, _listing(session, actor, query=query, page=page)


def _field(label: str, name: str, control: rx.Component) -> rx.Component:
    message = CurationState.field_errors.get(name, "")
    return rx.vstack(
        rx.el.label(label, html_for=f"cur-{name}", class_name="field-label"),
        control,
        rx.cond(message != "", rx.text(message, color_scheme="red", size="2", role="alert")),
        spacing="1",
        width="100%",
    )


def _text(label: str, name: str, *, area: bool = False) -> rx.Component:
    make = rx.text_area if area else rx.input
    return _field(
        label,
        name,
        make(
            id=f"cur-{name}",
            value=CurationState.form[name],
            width="100%",
            max_length=FIELD_LIMITS[name][0],
            on_change=lambda v: CurationState.set_form(name, v),
            debounce_timeout=300,
        ),
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
            value=CurationState.form[name],
            class_name="native-select",
            on_change=lambda v: CurationState.set_form(name, v),
        ),
    )


def _form_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(CurationState.editing_id != "", "Edit Descriptor", "Create Descriptor")),
            rx.vstack(
                rx.cond(
                    CurationState.field_errors.contains("form"),
                    rx.callout(CurationState.field_errors["form"], color_scheme="red", role="alert", width="100%"),
                ),
                _text("Code", "code"),
                _text("Criterion", "criterion_name"),
                rx.cond(
                    CurationState.similar.length() > 0,
                    rx.callout.root(
                        rx.callout.icon(rx.icon("triangle_alert")),
                        rx.callout.text("Similar descriptors found", weight="bold"),
                        rx.el.ul(rx.foreach(CurationState.similar, rx.el.li), margin="0", padding_left="1.25em"),
                        color_scheme="amber",
                        width="100%",
                    ),
                ),
                _select("WSOS section", "wsos_section_id", CurationState.section_options, empty="No section"),
                _select("Quality", "quality", [(q.value, QUALITY_LABELS[q.value]) for q in QualityIndicator]),
                *[_text(label, name, area=True) for name, label in LEVELS],
                _text("Tags", "tags"),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="outline")),
                    rx.button("Save Descriptor", on_click=CurationState.save, custom_attrs=press_once()),
                    justify="end",
                    spacing="3",
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            max_width="680px",
        ),
        open=CurationState.form_open,
        on_open_change=CurationState.close_form,
    )


def _row_view(row: rx.Var[CurationLine]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.badge(row.code, variant="outline")),
        rx.table.row_header_cell(row.criterion_name),
        rx.table.cell(row.section_name),
        rx.table.cell(quality_badge(row.quality)),
        rx.table.cell(row.source),
        rx.table.cell(
            rx.hstack(
                rx.button(
                    "Edit",
                    size="1",
                    variant="soft",
                    on_click=CurationState.open_form(row.id),
                    aria_label="Edit " + row.code,
                ),
                rx.button(
                    "Delete",
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    on_click=CurationState.delete(row.id),
                    aria_label="Delete " + row.code,
                    custom_attrs=press_once(),
                ),
                spacing="2",
            )
        ),
        align="center",
    )


@rx.page(
    route="/admin/descriptors",
    title="Curate descriptors · Workflow",
    on_load=[SessionState.require_signed_in, CurationState.load],
)
def curation_page() -> rx.Component:
    return page(
        rx.vstack(
            rx.hstack(
                rx.vstack(
                    rx.heading("Curate descriptors", size="8"),
                    rx.text(CurationState.total, " descriptor(s) in the library", color_scheme="gray"),
                    spacing="1",
                ),
                rx.spacer(),
                link_button(rx.icon("file_spreadsheet"), "Import workbooks", variant="outline", href="/admin/import"),
                rx.button(rx.icon("plus"), "Create Descriptor", on_click=CurationState.open_form("")),
                align="end",
                width="100%",
                wrap="wrap",
                spacing="3",
            ),
            rx.input(
                value=CurationState.query,
                on_change=CurationState.search,
                debounce_timeout=400,
                placeholder="Search descriptors…",
                aria_label="Search descriptors",
                width="100%",
                size="3",
            ),
            rx.cond(
                CurationState.rows.length() > 0,
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *[
                                rx.table.column_header_cell(h)
                                for h in ("Code", "Criterion", "Section", "Quality", "Source", "Actions")
                            ]
                        )
                    ),
                    rx.table.body(rx.foreach(CurationState.rows, _row_view)),
                    width="100%",
                    variant="surface",
                ),
                empty_state("No descriptors match your search."),
            ),
            pager(
                page=CurationState.page_number,
                total_pages=CurationState.total_pages,
                previous_href=CurationState.previous_href,
                next_href=CurationState.next_href,
                has_previous=CurationState.page_number > 1,
                has_next=CurationState.page_number < CurationState.total_pages,
            ),
            _form_dialog(),
            spacing="4",
            width="100%",
        ),
        roles=ADMIN_ROLES,
    )
