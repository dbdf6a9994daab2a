"""/descriptors/sections — WSOS sections: list, create, rename, delete (ORIGINS Part 2 C2)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import reflex as rx

from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.descriptors.components.section_form import section_dialog
from workflow_app.descriptors.domain import sections
from workflow_app.descriptors.pages.section_form_state import SectionFormState, form_binding
from workflow_app.models.enums import Role
from workflow_app.ui import inputs
from workflow_app.ui.components.forms import press_once
from workflow_app.ui.components.layout import page
from workflow_app.ui.components.listing import empty_state
from workflow_app.ui.rows import as_page_row
from workflow_app.ui.session import SessionState

log = logging.getLogger(__name__)

ROLES = (Role.SCM.value, Role.ADMIN.value, Role.SUPERADMIN.value)
EMPTY = "No WSOS sections have been created yet."
DELETED = "Section deleted successfully."
DELETE_TITLE = "Delete this section?"
DELETE_TEXT = "Its descriptors stay in the library, unlinked."


def _count_label(n: int) -> str:
    return "1 descriptor" if n == 1 else f"{n} descriptors"


def _unlink_note(n: int) -> str:
    if n == 0:
        return "No descriptors are linked to it."
    return f"{_count_label(n)} will be unlinked."


@dataclass(frozen=True)
class SectionLine:
    """One WSOS section on the page, with how many descriptors it holds."""

    id: str = ""
    name: str = ""
    description: str = ""
    created_by_name: str = ""
    created_at: str = ""  # ISO 8601
    descriptor_count: int = 0
    descriptors_label: str = ""  # "1 descriptor", "3 descriptors"


def _section_line(row: sections.SectionRow) -> SectionLine:
    return as_page_row(SectionLine, row, descriptors_label=_count_label(row.descriptor_count))


ORIGIN = "sections-page"
ID_MAX = 64


class SectionsState(SectionFormState):
    rows: list[SectionLine] = []
    load_error: str = ""
    pending_delete_id: str = ""
    pending_delete_name: str = ""
    pending_delete_note: str = ""
    delete_error: str = ""
    deleting: bool = False

    @rx.event
    async def load(self):
        self.form_open, self.pending_delete_id = False, ""
        await self._refresh()

    async def _refresh(self) -> None:
        try:
            call = await self._call(_listing)
        except Exception:
            log.exception("listing sections failed")
            self.load_error = message_for(ErrorCode.SERVER_ERROR)
            return
        self._show(call.value)

    def _show(self, rows: list[sections.SectionRow] | None) -> None:
        """The list, or none when not signed in or not allowed (the page shows its 403 view)."""
        self.rows = [_section_line(r) for r in rows or []]
        self.load_error = ""

    @rx.event
    async def refresh_after_save(self):
        await self._refresh()
        return rx.set_focus("create-section")

    @rx.event
    def ask_delete(self, section_id: str):
        section_id = inputs.short_text(section_id, limit=ID_MAX)
        row = next((r for r in self.rows if r.id == section_id), None) if section_id else None
        if row is None:
            return rx.toast.error(message_for(ErrorCode.SECTION_NOT_FOUND))
        self.pending_delete_id, self.pending_delete_name = section_id, row.name
        self.pending_delete_note = _unlink_note(row.descriptor_count)
        self.delete_error, self.deleting = "", False

    @rx.event
    def delete_dialog_toggled(self, is_open: bool):
        if is_open is not True:
            self.pending_delete_id = ""

    @rx.event
    async def confirm_delete(self):
        self.deleting, self.delete_error = True, ""
        yield
        try:
            call = await self._call(_delete_and_list, section_id=self.pending_delete_id)
        except Exception:
            log.exception("deleting a section failed")
            self.deleting, self.delete_error = False, message_for(ErrorCode.SERVER_ERROR)
            return
        self.deleting = False
        if call.signed_out:
            self.delete_error = message_for(ErrorCode.UNAUTHENTICATED)
            return
        result, rows = call.value
        self._show(rows)
        if not result.ok:
            self.delete_error = result.message
            return
        self.pending_delete_id = ""
        yield [rx.toast.success(DELETED), rx.set_focus("create-section")]


def _listing(session, actor) -> list[sections.SectionRow] | None:
    return sections.list_sections(session, actor)


def _delete_and_list(session, actor, *, section_id: str):
    result = sections.delete_section(session, actor, section_id=section_id, clock=system_clock)
    return result, _listing(session, actor)


SectionFormState.AFTER_SAVE[ORIGIN] = lambda section_id, created: [SectionsState.refresh_after_save]


def _section_card(row: rx.Var[SectionLine]) -> rx.Component:
    muted = {"size": "2", "color_scheme": "gray"}
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.heading(row.name, size="4", as_="h2"),
                rx.cond(row.description != "", rx.text(row.description, size="2", white_space="pre-wrap")),
                rx.hstack(
                    rx.text(row.created_by_name, size="2", weight="medium"),
                    rx.text("·", **muted),
                    rx.text("Created ", rx.moment(row.created_at, format="D MMM YYYY"), **muted),
                    rx.text("·", **muted),
                    rx.text(row.descriptors_label, **muted),
                    spacing="2",
                    align="center",
                    wrap="wrap",
                ),
                spacing="1",
                align="start",
            ),
            rx.spacer(),
            rx.hstack(
                rx.button(
                    rx.icon("pencil", size=14),
                    "Edit",
                    variant="soft",
                    size="2",
                    on_click=SectionsState.open_edit(row.id, row.name, row.description, ORIGIN),
                    aria_label="Edit " + row.name,
                ),
                rx.button(
                    rx.icon("trash_2", size=14),
                    "Delete",
                    variant="soft",
                    color_scheme="red",
                    size="2",
                    on_click=SectionsState.ask_delete(row.id),
                    aria_label="Delete " + row.name,
                ),
                spacing="2",
            ),
            align="center",
            width="100%",
        ),
        width="100%",
    )


def _delete_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(DELETE_TITLE),
            rx.alert_dialog.description(
                rx.text(rx.text.strong(SectionsState.pending_delete_name), " — ", DELETE_TEXT),
            ),
            rx.text(SectionsState.pending_delete_note, size="2", margin_top="0.5em"),
            rx.cond(
                SectionsState.delete_error != "",
                rx.callout(
                    SectionsState.delete_error,
                    icon="triangle_alert",
                    color_scheme="red",
                    role="alert",
                    margin_top="0.75em",
                ),
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="outline")),
                rx.button(
                    "Delete",
                    color_scheme="red",
                    on_click=SectionsState.confirm_delete,
                    loading=SectionsState.deleting,
                    custom_attrs=press_once(),
                ),
                justify="end",
                spacing="3",
                margin_top="1em",
            ),
        ),
        open=SectionsState.pending_delete_id != "",
        on_open_change=SectionsState.delete_dialog_toggled,
    )


def _create_button(**props) -> rx.Component:
    return rx.button(rx.icon("plus"), "Create Section", on_click=SectionsState.open_create(ORIGIN), **props)


@rx.page(
    route="/descriptors/sections",
    title="WSOS Sections · Workflow",
    on_load=[SessionState.require_signed_in, SectionsState.load],
)
def sections_page() -> rx.Component:
    return page(
        rx.vstack(
            rx.hstack(
                rx.vstack(
                    rx.heading("WSOS Sections", size="8"),
                    rx.text(
                        "Sections of the WorldSkills Occupational Standards that descriptors belong to.",
                        color_scheme="gray",
                    ),
                    spacing="1",
                ),
                rx.spacer(),
                _create_button(size="3", id="create-section"),
                align="end",
                width="100%",
            ),
            rx.cond(
                SectionsState.load_error != "",
                rx.callout(SectionsState.load_error, color_scheme="red", icon="triangle_alert", role="alert"),
            ),
            rx.cond(
                SectionsState.rows.length() > 0,
                rx.vstack(rx.foreach(SectionsState.rows, _section_card), spacing="2", width="100%"),
                empty_state(EMPTY, action=_create_button(), icon="folder_open"),
            ),
            section_dialog(form_binding(SectionsState)),
            _delete_dialog(),
            spacing="4",
            width="100%",
        ),
        roles=ROLES,
    )
