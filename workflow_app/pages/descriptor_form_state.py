"""State of the SCM's descriptor form: /descriptors/new and /descriptors/[descriptor_id]/edit.

Same two autosave layers as the idea drafts: the browser keeps every keystroke in localStorage,
and a DRAFT descriptor is written to the database after a pause in typing (AutosaveMixin).
"""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from workflow_app.components.similar import SectionFormState
from workflow_app.db import open_session
from workflow_app.domain import descriptor_queries, descriptors, sections
from workflow_app.domain.actor import Actor
from workflow_app.domain.clock import system_clock
from workflow_app.models import DescriptorBatchStatus as B
from workflow_app.state.autosave import AutosaveMixin
from workflow_app.state.rows import iso_utc
from workflow_app.state.session import SessionState

FIELDS = ("code", "criterion_name", "wsos_section_id", "score3", "score2", "score1", "score0", "tags")


class DescriptorFormState(AutosaveMixin, SessionState):
    FIELDS: ClassVar[tuple[str, ...]] = FIELDS
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

    @rx.var
    def storage_key(self) -> str:
        return f"descriptor_autosave_{self.user_id}_{self.descriptor_id or 'new'}" if self.user_id else ""

    @rx.var
    def is_returned(self) -> bool:
        return self.status == B.RETURNED.value

    def _reset(self) -> None:
        for name in FIELDS:
            setattr(self, name, "")
        self.status = self.review_comment = ""
        self.version, self.found, self.editable, self.saving = 0, True, True, False
        self._reset_autosave()
        self._reload_sections()

    def _reload_sections(self) -> None:
        with open_session() as session:
            self.section_options = [{"id": s.id, "name": s.name} for s in sections.list_sections(session)]

    @rx.event
    def open_new(self):
        if self._current_actor() is None:
            return
        self._reset()
        self.descriptor_id, self.loaded = "", True
        return self._ask_for_local_copy()

    @rx.event
    def open_existing(self):
        actor = self._current_actor()
        if actor is None:
            return
        self._reset()
        with open_session() as session:
            result = descriptor_queries.descriptor_for_edit(session, actor, descriptor_id=self.descriptor_ref)
        self.loaded, self.descriptor_id = True, self.descriptor_ref
        if not result.ok:
            self.found = False
            return
        d = result.value
        for name in FIELDS:
            setattr(self, name, d.tags_text if name == "tags" else (getattr(d, name) or ""))
        self.status, self.review_comment = d.batch_status.value if d.batch_status else "", d.review_comment or ""
        self.version, self.server_updated_at, self.editable = d.row_version, iso_utc(d.updated_at), d.editable
        if self.editable:
            return self._ask_for_local_copy()

    @rx.event
    def use_new_section(self, section_id: str):
        self._reload_sections()
        self.wsos_section_id = section_id
        return self._edited()

    # --- typing ----------------------------------------------------------------------------

    @rx.event
    def set_field(self, name: str, value: str):
        if name in FIELDS:
            setattr(self, name, value)
            return self._edited()

    def _can_autosave(self) -> bool:
        # A returned descriptor goes back to DRAFT only through "Update Descriptor" (REVISE).
        return bool(self.descriptor_id) and self.status == B.DRAFT.value

    def _autosave_request(self):
        return _autosave, dict(actor=self._current_actor(), descriptor_id=self.descriptor_id,
                               expected_version=self.version, editing_session_id=self._editing_session,
                               **self._form())

    def _autosaved(self, saved) -> None:
        self.version = saved.row_version
        self.server_updated_at = self.saved_at = iso_utc(saved.updated_at)

    def _form(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in FIELDS}

    # --- saving ----------------------------------------------------------------------------

    @rx.event
    def save(self):
        """"Save as Draft" (new), or "Update Descriptor" (a draft, or a returned one: back to DRAFT)."""
        actor = self._current_actor()
        if actor is None:
            return self._login_redirect()
        self.saving, self.field_errors, self.form_error = True, {}, ""
        yield
        result = _save(actor, self.descriptor_id, self.status, self.version, self._form())
        self.saving = False
        if not result.ok:
            self.field_errors = dict(result.field_errors)
            self.form_error = "" if result.field_errors else result.message
            self.save_status = "conflict" if result.code == "CONFLICT" else self.save_status
            return
        self._dirty = False
        key = self.storage_key
        yield self._clear_local_copy(key)
        yield rx.redirect("/descriptors/mine")
        yield rx.toast.success("Descriptor saved to your draft batch.")


ORIGIN = "descriptor-form"
# "Create new section" beside the section select: the new section is selected at once.
SectionFormState.AFTER_SAVE[ORIGIN] = lambda section_id, created: [DescriptorFormState.use_new_section(section_id)]


def _autosave(*, actor: Actor | None, **fields):
    if actor is None:
        return None
    with open_session() as session:
        return descriptors.autosave_descriptor(session, actor, clock=system_clock, **fields)


def _save(actor: Actor, descriptor_id: str, status: str, version: int, form: dict):
    with open_session() as session:
        if not descriptor_id:
            return descriptors.create_descriptor(session, actor, clock=system_clock, **form)
        command = descriptors.revise_returned_descriptor if status == B.RETURNED.value else descriptors.update_descriptor
        return command(session, actor, descriptor_id=descriptor_id, expected_version=version or None,
                       clock=system_clock, **form)
