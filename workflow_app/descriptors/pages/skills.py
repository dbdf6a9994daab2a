"""/admin/skills — which Skill Advisor reviews which SCM's descriptors (ORIGINS Part 2 A, B)."""

from __future__ import annotations

import logging

import reflex as rx

from workflow_app.core import errors as e
from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.descriptors.domain import skills
from workflow_app.models.enums import Role
from workflow_app.ui import inputs
from workflow_app.ui.components.forms import field
from workflow_app.ui.components.layout import ADMIN_ROLES, page
from workflow_app.ui.components.listing import empty_state
from workflow_app.ui.rows import as_row
from workflow_app.ui.session import SessionState

log = logging.getLogger(__name__)

SUBTITLE = "A skill routes its SCM's descriptor batches to its Skill Advisor."
EMPTY = "No skills yet. Create one to route an SCM's descriptors to a Skill Advisor."
NO_ADVISORS = "No user has the Skill Advisor role yet."
GIVE_ROLE = "Give someone that role on the People page."
ASK_FOR_ROLE = "Ask a Super Admin to give someone that role."
CREATED, UPDATED, DELETED = "Skill created successfully.", "Skill updated successfully.", "Skill deleted successfully."
FORM_FIELDS = ("name", "code", "sector", "sa_id", "scm_id")
ID_MAX = 64
# What each form field accepts from the client, checked before anything is saved: (length, message).
FIELD_LIMITS: dict[str, tuple[int, str]] = {
    "name": (skills.NAME_MAX, e.SKILL_NAME_TOO_LONG),
    "code": (skills.CODE_MAX, e.SKILL_CODE_TOO_LONG),
    "sector": (skills.SECTOR_MAX, e.SKILL_SECTOR_TOO_LONG),
    "sa_id": (ID_MAX, e.SKILL_SA_INVALID),
    "scm_id": (ID_MAX, e.SKILL_SCM_INVALID),
}


def checked_form(form_data: object) -> tuple[dict[str, str], dict[str, str]]:
    """The form's values that may be saved, and a message per field that may not (a missing field is empty)."""
    checked = inputs.form(form_data, FIELD_LIMITS)
    return checked if checked is not None else ({}, {name: inputs.NOT_TEXT for name in FIELD_LIMITS})


def _choices(result) -> list[dict[str, str]]:
    if not result.ok:
        return []
    return [{"id": u.id, "label": f"{u.display_name} ({u.email})"} for u in result.value]


class SkillsState(SessionState):
    skills: list[dict[str, str]] = []
    advisors: list[dict[str, str]] = []
    managers: list[dict[str, str]] = []
    load_error: str = ""
    form_open: bool = False
    editing_id: str = ""
    form_values: dict[str, str] = {}
    field_errors: dict[str, str] = {}
    form_error: str = ""
    pending_delete_id: str = ""
    pending_delete_name: str = ""
    delete_error: str = ""

    @rx.var
    def form_title(self) -> str:
        return "Edit Skill" if self.editing_id else "Create Skill"

    @rx.event
    async def load(self):
        self.form_open, self.pending_delete_id = False, ""
        try:
            call = await self._call(_listing)
        except Exception:
            log.exception("listing skills failed")
            self.load_error = message_for(ErrorCode.SERVER_ERROR)
            return
        self._show(call.value)

    def _show(self, listing: dict[str, list[dict[str, str]]] | None) -> None:
        """The lists, or none when not signed in or not an admin (the page shows its 403 view)."""
        listing = listing or {}
        self.skills = listing.get("skills", [])
        self.advisors, self.managers = listing.get("advisors", []), listing.get("managers", [])
        self.load_error = ""

    def _open(self, skill_id: str, values: dict[str, str]) -> None:
        self.editing_id, self.form_values = skill_id, values
        self.field_errors, self.form_error, self.form_open = {}, "", True

    @rx.event
    def open_create(self):
        self._open("", {name: "" for name in (*FORM_FIELDS, "notes")})

    def _row(self, skill_id: object) -> dict[str, str] | None:
        skill_id = inputs.short_text(skill_id, limit=ID_MAX)
        return next((r for r in self.skills if r["id"] == skill_id), None) if skill_id else None

    @rx.event
    def open_edit(self, skill_id: str):
        row = self._row(skill_id)
        if row is None:
            return rx.toast.error(message_for(ErrorCode.SKILL_NOT_FOUND))
        self._open(row["id"], {name: row[name] for name in (*FORM_FIELDS, "notes")})

    @rx.event
    def dialog_toggled(self, is_open: bool):
        if is_open is not True:
            self.form_open = False

    @rx.event
    async def save(self, form_data: dict):
        values, problems = checked_form(form_data)
        if problems:  # nothing is stored: the form keeps showing what was typed
            self.field_errors, self.form_error = problems, ""
            return
        # Notes have no field here; an edit keeps the ones the skill already has.
        values["notes"] = self.form_values.get("notes", "")
        self.form_values = values
        try:
            call = await self._call(_save_and_list, skill_id=self.editing_id, values=values)
        except Exception:
            log.exception("saving a skill failed")
            self.form_error = message_for(ErrorCode.SERVER_ERROR)
            return
        if call.signed_out:
            self.form_error = message_for(ErrorCode.UNAUTHENTICATED)
            return
        result, listing = call.value
        if not result.ok:
            self.field_errors = result.field_errors
            self.form_error = "" if result.field_errors else result.message
            return
        created = not self.editing_id
        self.form_open = False
        self._show(listing)
        return [rx.toast.success(CREATED if created else UPDATED), rx.set_focus("create-skill")]

    @rx.event
    def ask_delete(self, skill_id: str, name: str = ""):
        # The name shown is the row's own, not the one the client sent.
        row = self._row(skill_id)
        if row is None:
            return rx.toast.error(message_for(ErrorCode.SKILL_NOT_FOUND))
        self.pending_delete_id, self.pending_delete_name, self.delete_error = row["id"], row["name"], ""

    @rx.event
    def delete_dialog_toggled(self, is_open: bool):
        if is_open is not True:
            self.pending_delete_id = ""

    @rx.event
    async def confirm_delete(self):
        try:
            call = await self._call(_delete_and_list, skill_id=self.pending_delete_id)
        except Exception:
            log.exception("deleting a skill failed")
            self.delete_error = message_for(ErrorCode.SERVER_ERROR)
            return
        if call.signed_out:
            self.delete_error = message_for(ErrorCode.UNAUTHENTICATED)
            return
        result, listing = call.value
        self._show(listing)
        if not result.ok:
            self.delete_error = result.message
            return
        self.pending_delete_id = ""
        return [rx.toast.success(DELETED), rx.set_focus("create-skill")]


def _listing(session, actor) -> dict[str, list[dict[str, str]]] | None:
    if not actor.is_admin:
        return None
    return {
        "skills": [{k: str(v) for k, v in as_row(r).items()} for r in skills.list_skills(session)],
        "advisors": _choices(skills.users_with_role(session, actor, role=Role.SA)),
        "managers": _choices(skills.users_with_role(session, actor, role=Role.SCM)),
    }


def _save_and_list(session, actor, *, skill_id: str, values: dict[str, str]):
    if skill_id:
        result = skills.update_skill(session, actor, skill_id=skill_id, **values, clock=system_clock)
    else:
        result = skills.create_skill(session, actor, **values, clock=system_clock)
    return result, _listing(session, actor)


def _delete_and_list(session, actor, *, skill_id: str):
    result = skills.delete_skill(session, actor, skill_id=skill_id, clock=system_clock)
    return result, _listing(session, actor)


def _no_advisors() -> rx.Component:
    """Only a SUPERADMIN can give roles: they get the way there, an ADMIN whom to ask."""
    return rx.text(
        NO_ADVISORS,
        " ",
        rx.cond(SessionState.role == Role.SUPERADMIN.value, rx.link(GIVE_ROLE, href="/admin/users"), ASK_FOR_ROLE),
        size="2",
        color_scheme="amber",
    )


def _user_select(label: str, name: str, options: rx.Var, *, empty_label: str, required: bool) -> rx.Component:
    field_id, error = f"field-{name}", SkillsState.field_errors.get(name, "")
    return rx.vstack(
        rx.el.label(label, html_for=field_id, class_name="field-label"),
        rx.el.select(
            rx.el.option(empty_label, value=""),
            rx.foreach(options, lambda o: rx.el.option(o["label"], value=o["id"])),
            id=field_id,
            name=name,
            default_value=SkillsState.form_values.get(name, ""),
            class_name="native-select",
            aria_required="true" if required else "false",
            aria_describedby=f"{field_id}-error",
            aria_invalid=rx.cond(error != "", "true", "false"),
        ),
        rx.cond(
            error != "",
            rx.text(error, id=f"{field_id}-error", size="2", color_scheme="red", role="alert"),
            rx.el.span(id=f"{field_id}-error"),
        ),
        spacing="1",
        width="100%",
        align="stretch",
    )


def _form_dialog() -> rx.Component:
    errors, values = SkillsState.field_errors, SkillsState.form_values
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(SkillsState.form_title),
            rx.dialog.description(SUBTITLE, size="2", color_scheme="gray"),
            rx.form(
                rx.vstack(
                    field(
                        "Name",
                        "name",
                        error=errors.get("name", ""),
                        default_value=values.get("name", ""),
                        max_length=skills.NAME_MAX,
                    ),
                    rx.hstack(
                        field(
                            "Code",
                            "code",
                            error=errors.get("code", ""),
                            default_value=values.get("code", ""),
                            max_length=skills.CODE_MAX,
                            placeholder="01",
                        ),
                        field(
                            "Sector",
                            "sector",
                            error=errors.get("sector", ""),
                            default_value=values.get("sector", ""),
                            max_length=skills.SECTOR_MAX,
                        ),
                        spacing="3",
                        width="100%",
                    ),
                    _user_select(
                        "Skill Advisor",
                        "sa_id",
                        SkillsState.advisors,
                        empty_label="Choose a Skill Advisor…",
                        required=True,
                    ),
                    rx.cond(SkillsState.advisors.length() == 0, _no_advisors()),
                    _user_select(
                        "Skill Competition Manager",
                        "scm_id",
                        SkillsState.managers,
                        empty_label="— none —",
                        required=False,
                    ),
                    rx.cond(
                        SkillsState.form_error != "",
                        rx.callout(
                            SkillsState.form_error,
                            icon="triangle_alert",
                            color_scheme="red",
                            role="alert",
                            width="100%",
                        ),
                    ),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", type="button", variant="outline")),
                        rx.button("Save", type="submit"),
                        justify="end",
                        spacing="3",
                        width="100%",
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=SkillsState.save,
                reset_on_submit=False,
            ),
            max_width="600px",
        ),
        open=SkillsState.form_open,
        on_open_change=SkillsState.dialog_toggled,
    )


def _delete_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete this skill?"),
            rx.alert_dialog.description(
                rx.text.strong(SkillsState.pending_delete_name),
                " will be deleted. Descriptors stay as they are; its SCM's batches are no longer routed to its "
                "Skill Advisor.",
            ),
            rx.cond(
                SkillsState.delete_error != "",
                rx.callout(
                    SkillsState.delete_error,
                    icon="triangle_alert",
                    color_scheme="red",
                    role="alert",
                    margin_top="0.75em",
                ),
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="outline")),
                rx.button("Delete", color_scheme="red", on_click=SkillsState.confirm_delete),
                justify="end",
                spacing="3",
                margin_top="1em",
            ),
        ),
        open=SkillsState.pending_delete_id != "",
        on_open_change=SkillsState.delete_dialog_toggled,
    )


def _skill_row(row: rx.Var) -> rx.Component:
    def or_dash(value: rx.Var) -> rx.Var:
        return rx.cond(value != "", value, "—")

    return rx.table.row(
        rx.table.row_header_cell(rx.text(row["name"], weight="medium")),
        rx.table.cell(or_dash(row["code"])),
        rx.table.cell(or_dash(row["sector"])),
        rx.table.cell(row["sa_name"]),
        rx.table.cell(or_dash(row["scm_name"])),
        rx.table.cell(
            rx.hstack(
                rx.button(
                    rx.icon("pencil", size=14),
                    "Edit",
                    size="1",
                    variant="soft",
                    on_click=SkillsState.open_edit(row["id"]),
                    aria_label="Edit " + row["name"],
                ),
                rx.button(
                    rx.icon("trash_2", size=14),
                    "Delete",
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    on_click=SkillsState.ask_delete(row["id"], row["name"]),
                    aria_label="Delete " + row["name"],
                ),
                spacing="2",
            )
        ),
        align="center",
    )


def _table() -> rx.Component:
    header = ["Name", "Code", "Sector", "Skill Advisor", "Skill Competition Manager", "Actions"]
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in header])),
        rx.table.body(rx.foreach(SkillsState.skills, _skill_row)),
        width="100%",
        variant="surface",
        aria_label="Skills",
    )


def _create_button(**props) -> rx.Component:
    return rx.button(rx.icon("plus"), "Create Skill", on_click=SkillsState.open_create, **props)


@rx.page(route="/admin/skills", title="Skills · Workflow", on_load=[SessionState.require_signed_in, SkillsState.load])
def skills_page() -> rx.Component:
    return page(
        rx.vstack(
            rx.hstack(
                rx.vstack(rx.heading("Skills", size="8"), rx.text(SUBTITLE, color_scheme="gray"), spacing="1"),
                rx.spacer(),
                _create_button(size="3", id="create-skill"),
                align="end",
                width="100%",
            ),
            rx.cond(
                SkillsState.load_error != "",
                rx.callout(SkillsState.load_error, color_scheme="red", icon="triangle_alert", role="alert"),
            ),
            rx.cond(SkillsState.skills.length() > 0, _table(), empty_state(EMPTY, action=_create_button())),
            _form_dialog(),
            _delete_dialog(),
            spacing="4",
            width="100%",
        ),
        roles=ADMIN_ROLES,
    )
