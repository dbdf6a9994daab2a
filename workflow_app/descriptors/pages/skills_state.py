"""The state of /admin/skills (descriptors/pages/skills.py): the skills, whom they may name as
Skill Advisor and SCM, and the form or delete waiting for its confirm. Saving and deleting go to
the domain (descriptors/domain/skills.py), which decides."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import reflex as rx

from workflow_app.core import errors as e
from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.descriptors.domain import skills
from workflow_app.models.enums import Role
from workflow_app.ui import inputs
from workflow_app.ui.rows import as_page_row
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


@dataclass(frozen=True)
class SkillLine:
    """One skill in the table; its fields also fill the edit form."""

    id: str = ""
    name: str = ""
    code: str = ""
    sector: str = ""
    notes: str = ""
    sa_id: str = ""
    sa_name: str = ""
    scm_id: str = ""
    scm_name: str = ""


@dataclass(frozen=True)
class SkillsListing:
    """The table and the people the form may name, loaded together."""

    skills: list[SkillLine]
    advisors: list[dict[str, str]]  # select options: id, label
    managers: list[dict[str, str]]


def _choices(result) -> list[dict[str, str]]:
    if not result.ok:
        return []
    return [{"id": u.id, "label": f"{u.display_name} ({u.email})"} for u in result.value]


class SkillsState(SessionState):
    skills: list[SkillLine] = []
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

    def _show(self, listing: SkillsListing | None) -> None:
        """The lists, or none when not signed in or not an admin (the page shows its 403 view)."""
        listing = listing or SkillsListing(skills=[], advisors=[], managers=[])
        self.skills, self.advisors, self.managers = listing.skills, listing.advisors, listing.managers
        self.load_error = ""

    def _open(self, skill_id: str, values: dict[str, str]) -> None:
        self.editing_id, self.form_values = skill_id, values
        self.field_errors, self.form_error, self.form_open = {}, "", True

    @rx.event
    def open_create(self):
        self._open("", {name: "" for name in (*FORM_FIELDS, "notes")})

    def _row(self, skill_id: object) -> SkillLine | None:
        skill_id = inputs.short_text(skill_id, limit=ID_MAX)
        return next((r for r in self.skills if r.id == skill_id), None) if skill_id else None

    @rx.event
    def open_edit(self, skill_id: str):
        row = self._row(skill_id)
        if row is None:
            return rx.toast.error(message_for(ErrorCode.SKILL_NOT_FOUND))
        self._open(row.id, {name: getattr(row, name) for name in (*FORM_FIELDS, "notes")})

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
        self.pending_delete_id, self.pending_delete_name, self.delete_error = row.id, row.name, ""

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


def _listing(session, actor) -> SkillsListing | None:
    if not actor.is_admin:
        return None
    return SkillsListing(
        skills=[as_page_row(SkillLine, r) for r in skills.list_skills(session)],
        advisors=_choices(skills.users_with_role(session, actor, role=Role.SA)),
        managers=_choices(skills.users_with_role(session, actor, role=Role.SCM)),
    )


def _save_and_list(session, actor, *, skill_id: str, values: dict[str, str]):
    if skill_id:
        result = skills.update_skill(session, actor, skill_id=skill_id, **values, clock=system_clock)
    else:
        result = skills.create_skill(session, actor, **values, clock=system_clock)
    return result, _listing(session, actor)


def _delete_and_list(session, actor, *, skill_id: str):
    result = skills.delete_skill(session, actor, skill_id=skill_id, clock=system_clock)
    return result, _listing(session, actor)
