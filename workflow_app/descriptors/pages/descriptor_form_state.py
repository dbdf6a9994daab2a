"""State of the SCM's descriptor form: /descriptors/new and /descriptors/[descriptor_id]/edit.

Same two autosave layers as the idea drafts: the browser keeps every keystroke in localStorage,
and a DRAFT descriptor is written to the database after a pause in typing (AutosaveMixin).
"""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from workflow_app.core import errors as e
from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.descriptors.components.cards import LEVELS
from workflow_app.descriptors.domain import descriptor_queries, descriptors, sections
from workflow_app.descriptors.pages.section_form_state import SectionFormState
from workflow_app.models import DescriptorBatchStatus as B
from workflow_app.ui import inputs
from workflow_app.ui.autosave import AutosaveMixin
from workflow_app.ui.rows import iso_utc
from workflow_app.ui.session import SessionState

FIELDS = ("code", "criterion_name", "wsos_section_id", "score3", "score2", "score1", "score0", "tags")
SCORE_LIMIT = (descriptors.SCORE_MAX, e.SCORE_TOO_LONG)
# What each field accepts from the client, checked before it is stored: (length, message).
FIELD_LIMITS: dict[str, tuple[int, str]] = {
    "code": (descriptors.CODE_MAX + 20, e.CODE_TOO_LONG),  # room for spaces the domain trims
    "criterion_name": (descriptors.CRITERION_MAX + 20, e.CRITERION_TOO_LONG),
    "wsos_section_id": (64, e.SECTION_REQUIRED),
    "score3": SCORE_LIMIT,
    "score2": SCORE_LIMIT,
    "score1": SCORE_LIMIT,
    "score0": SCORE_LIMIT,
    "tags": (descriptors.TAGS_TEXT_MAX, e.TAGS_TOO_LONG),
}


CREATED = "Descriptor created and added to draft batch."  # ORIGINS C4, as written
UPDATED = "Descriptor updated successfully."


class DescriptorFormState(AutosaveMixin, SessionState):
    FIELDS: ClassVar[tuple[str, ...]] = FIELDS
    # Deleted, or submitted from another tab: this form can never write it again.
    _GONE: ClassVar[frozenset[ErrorCode]] = frozenset(
        {ErrorCode.DESCRIPTOR_NOT_EDITABLE, ErrorCode.DESCRIPTOR_NOT_FOUND}
    )
    _KEEP_IF_EMPTY: ClassVar[frozenset[str]] = frozenset({"wsos_section_id"})

    descriptor_id: str = ""
    code: str = ""
    criterion_name: str = ""
    wsos_section_id: str = ""
    score3: str = ""
    score2: str = ""
    score1: str = ""
    score0: str = ""
    tags: str = ""
    status: str = ""
    review_comment: str = ""
    version: int = 0
    section_options: list[dict[str, str]] = []
    loaded: bool = False
    found: bool = True
    editable: bool = True
    saving: bool = False
    # The descriptor this form's save wrote: a repeated save with nothing typed since (a double
    # press that got past the button, a retried request) gets the first answer again.
    _saved: str = ""

    @rx.var
    def storage_key(self) -> str:
        return f"descriptor_autosave_{self.user_id}_{self.descriptor_id or 'new'}" if self.user_id else ""

    @rx.var
    def text_to_copy(self) -> str:
        """What the form holds, as text to paste elsewhere (a form that can no longer save)."""
        labels = (("code", "Code"), ("criterion_name", "Criterion"), *LEVELS, ("tags", "Tags"))
        return "\n".join(f"{label}: {getattr(self, name)}" for name, label in labels if getattr(self, name))

    def _gone(self, message: str) -> None:
        super()._gone(message)
        self.editable = False

    @rx.var
    def is_returned(self) -> bool:
        return self.status == B.RETURNED.value

    def _reset(self, section_options: list[dict[str, str]]) -> None:
        for name in FIELDS:
            setattr(self, name, "")
        self.status = self.review_comment = ""
        self.version, self.found, self.editable, self.saving = 0, True, True, False
        self._saved = ""
        self._reset_autosave()
        self.section_options = section_options

    @rx.event
    async def open_new(self):
        call = await self._call(_section_options)
        if call.signed_out:
            return
        self._reset(call.value)
        self.descriptor_id, self.loaded = "", True
        return self._ask_for_local_copy()

    @rx.event
    async def open_existing(self):
        call = await self._call(_for_edit, descriptor_id=inputs.short_text(self.descriptor_ref, limit=64))
        if call.signed_out:
            return
        options, result = call.value
        self._reset(options)
        self.loaded, self.descriptor_id = True, self.descriptor_ref
        if not result.ok:
            self.found = False
            return
        d = result.value
        if d.not_editable_message:
            # ORIGINS C4: a descriptor past DRAFT/RETURNED sends its edit page back to the list.
            return [rx.redirect("/descriptors/mine"), rx.toast.error(d.not_editable_message)]
        for name in FIELDS:
            setattr(self, name, d.tags_text if name == "tags" else (getattr(d, name) or ""))
        self.status, self.review_comment = d.batch_status.value if d.batch_status else "", d.review_comment or ""
        self.version, self.server_updated_at, self.editable = d.row_version, iso_utc(d.updated_at), d.editable
        if self.editable:
            return self._ask_for_local_copy()

    @rx.event
    async def use_new_section(self, section_id: str):
        call = await self._call(_section_options)
        if call.signed_out:
            return
        self.section_options = call.value
        return self._take("wsos_section_id", section_id)

    # --- typing ----------------------------------------------------------------------------

    @rx.event
    def set_field(self, name: str, value: str):
        return self._take(name, value)

    def _take(self, name: object, value: object):
        """Every field's value is checked before it is stored or saved."""
        if not isinstance(name, str) or name not in FIELD_LIMITS:
            return None
        limit, too_long = FIELD_LIMITS[name]
        checked = inputs.text(value, limit=limit, too_long=too_long)
        if isinstance(checked, inputs.Refusal):
            self.field_errors = {**self.field_errors, name: checked.message}
            return None
        setattr(self, name, checked)
        if name in self.field_errors:
            self.field_errors = {k: v for k, v in self.field_errors.items() if k != name}
        return self._edited()

    def _can_autosave(self) -> bool:
        # A returned descriptor goes back to DRAFT only through "Update Descriptor" (REVISE).
        return bool(self.descriptor_id) and self.status == B.DRAFT.value

    def _autosave_request(self):
        return _autosave, dict(
            descriptor_id=self.descriptor_id,
            expected_version=self.version,
            editing_session_id=self._editing_session,
            form=self._form(),
        )

    def _autosaved(self, saved) -> None:
        self.version = saved.row_version
        self.server_updated_at = self.saved_at = iso_utc(saved.updated_at)

    def _form(self) -> descriptors.DescriptorIn:
        return descriptors.DescriptorIn(**{name: getattr(self, name) for name in FIELDS})

    # --- saving ----------------------------------------------------------------------------

    @rx.event
    async def save(self):
        """ "Save as Draft" (new), or "Update Descriptor" (a draft, or a returned one: back to DRAFT)."""
        if self._saved and not self._dirty:
            yield rx.redirect("/descriptors/mine")
            return
        self.saving, self.field_errors, self.form_error = True, {}, ""
        yield
        created = not (self.descriptor_id or self._saved)
        call = await self._call(
            _save, descriptor_id=self.descriptor_id or self._saved, version=self.version, form=self._form()
        )
        self.saving = False
        if call.signed_out:
            self.form_error = message_for(ErrorCode.UNAUTHENTICATED)
            return
        result = call.value
        if not result.ok:
            self.field_errors = dict(result.field_errors)
            self.form_error = "" if result.field_errors else result.message
            self.save_status = "conflict" if result.code == ErrorCode.CONFLICT else self.save_status
            return
        self._dirty, self._saved = False, result.value.id
        self.version = result.value.row_version  # typing on before the list opens updates it
        key = self.storage_key
        yield self._clear_local_copy(key)
        yield rx.redirect("/descriptors/mine")
        yield rx.toast.success(CREATED if created else UPDATED)


ORIGIN = "descriptor-form"
# "Create new section" beside the section select: the new section is selected at once.
SectionFormState.AFTER_SAVE[ORIGIN] = lambda section_id, created: [DescriptorFormState.use_new_section(section_id)]
SectionFormState.CREATE_TITLES[ORIGIN] = "Create New WSOS Section"  # ORIGINS C4


# --- the work each handler sends to a worker thread (gateway) -------------------------------


def _section_options(session, actor) -> list[dict[str, str]]:
    return [{"id": s.id, "name": s.name} for s in sections.list_sections(session, actor)]


def _for_edit(session, actor, *, descriptor_id: str):
    return _section_options(session, actor), descriptor_queries.descriptor_for_edit(
        session, actor, descriptor_id=descriptor_id
    )


def _autosave(session, actor, **arguments):
    return descriptors.autosave_descriptor(session, actor, clock=system_clock, **arguments)


def _save(session, actor, *, descriptor_id: str, version: int, form: descriptors.DescriptorIn):
    return descriptors.save_descriptor(
        session, actor, form, descriptor_id=descriptor_id or None, expected_version=version or None, clock=system_clock
    )
