"""The idea form's state: /ideas/new and the draft editor /ideas/[idea_id]/edit.

Two layers keep typed text (SPEC §3): the browser copies every keystroke to localStorage
(assets/draft_autosave.js), and while a draft exists this state writes it to the database
after a pause in typing, or at least every 30 s while there are unsaved changes.
"""

from __future__ import annotations

import json
from typing import ClassVar

import reflex as rx

from workflow_app.db import open_session
from workflow_app.domain import draft_queries, drafts, ideas, overview
from workflow_app.domain.actor import Actor
from workflow_app.domain.clock import system_clock
from workflow_app.domain.errors import ErrorCode
from workflow_app.domain.idea_rules import DESCRIPTION_MAX, TITLE_MAX
from workflow_app.state.autosave import AutosaveMixin
from workflow_app.state.rows import iso_utc
from workflow_app.state.session import SessionState

FIELDS = ("title", "description", "category", "visibility")


class IdeaEditorState(AutosaveMixin, SessionState):
    FIELDS: ClassVar[tuple[str, ...]] = FIELDS
    _KEEP_IF_EMPTY: ClassVar[frozenset[str]] = frozenset({"category", "visibility"})
    draft_id: str = ""
    title: str = ""
    description: str = ""
    category: str = ""
    visibility: str = "PUBLIC"
    version: int = 0
    found: bool = True
    loaded: bool = False
    expired: bool = False
    expiry_warning: str = ""
    at_draft_limit: bool = False
    saving_draft: bool = False
    submitting: bool = False

    @rx.var
    def storage_key(self) -> str:
        return f"draft_autosave_{self.user_id}_{self.draft_id or 'new'}" if self.user_id else ""

    @rx.var
    def title_count(self) -> str:
        return f"{len(self.title)} / {TITLE_MAX}"

    @rx.var
    def description_count(self) -> str:
        return f"{len(self.description)} / {DESCRIPTION_MAX}"

    @rx.var
    def title_over(self) -> bool:
        return len(self.title.strip()) > TITLE_MAX

    @rx.var
    def description_over(self) -> bool:
        return len(self.description.strip()) > DESCRIPTION_MAX

    # --- opening ------------------------------------------------------------------------

    def _reset_form(self) -> None:
        self.title = self.description = self.category = ""
        self.visibility = "PUBLIC"
        self.version = 0
        self.found, self.expired, self.expiry_warning = True, False, ""
        self.saving_draft = self.submitting = False
        self._reset_autosave()

    @rx.event
    def open_new(self):
        actor = self._current_actor()
        if actor is None:
            return
        self._reset_form()
        self.draft_id = ""
        with open_session() as session:
            self.at_draft_limit = (
                overview.active_draft_count(session, actor, clock=system_clock) >= drafts.MAX_ACTIVE_DRAFTS
            )
        self.loaded = True
        return self._ask_for_local_copy()

    @rx.event
    def open_draft(self):
        actor = self._current_actor()
        if actor is None:
            return
        self._reset_form()
        with open_session() as session:
            result = draft_queries.draft_for_edit(session, actor, draft_id=self.idea_id, clock=system_clock)
        self.loaded, self.draft_id = True, self.idea_id
        if not result.ok:
            self.found = False
            return
        view = result.value
        self.title, self.description = view.title or "", view.description or ""
        self.category, self.visibility = view.category or "", view.visibility or "PUBLIC"
        self.version, self.server_updated_at = view.version, iso_utc(view.updated_at)
        self.expired, self.expiry_warning = view.is_expired, view.expiry_warning or ""
        if self.expired:
            return
        return self._ask_for_local_copy()

    # --- typing and autosave -------------------------------------------------------------

    def _can_autosave(self) -> bool:
        return bool(self.draft_id) and not self.expired

    def _autosave_request(self):
        return _autosave, dict(
            actor=self._current_actor(), draft_id=self.draft_id, expected_version=self.version,
            editing_session_id=self._editing_session, **{name: getattr(self, name) for name in FIELDS},
        )

    def _autosaved(self, saved) -> None:
        self.version = saved.version
        self.server_updated_at = self.saved_at = iso_utc(saved.updated_at)

    @rx.event
    def set_title(self, value: str):
        self.title = value
        return self._edited()

    @rx.event
    def set_description(self, value: str):
        self.description = value
        return self._edited()

    @rx.event
    def set_category(self, value: str):
        self.category = value
        return self._edited()

    @rx.event
    def set_visibility(self, value: str):
        self.visibility = value
        return self._edited()

    # --- explicit actions ----------------------------------------------------------------

    @rx.event
    def save_draft(self):
        actor = self._current_actor()
        if actor is None:
            return self._login_redirect()
        self.saving_draft, self.field_errors, self.form_error = True, {}, ""
        yield
        with open_session() as session:
            result = drafts.save_draft(
                session, actor, draft_id=self.draft_id or None, expected_version=self.version or None,
                clock=system_clock, **{name: getattr(self, name) for name in FIELDS},
            )
        self.saving_draft = False
        if not result.ok:
            yield self._show_error(result)
            return
        self._dirty = False
        self.version, self.save_status = result.value.version, "saved"
        self.saved_at = self.server_updated_at = iso_utc(result.value.updated_at)
        yield rx.toast.success("Draft saved. You can continue later from My Ideas.", duration=4000)
        if not self.draft_id:
            new_key = f"draft_autosave_{self.user_id}_{result.value.id}"
            yield rx.call_script(
                f"window.workflowDrafts && window.workflowDrafts.move({json.dumps(self.storage_key)}, "
                f"{json.dumps(new_key)})"
            )
            yield rx.redirect(f"/ideas/{result.value.id}/edit", replace=True)

    @rx.event
    def submit(self):
        actor = self._current_actor()
        if actor is None:
            return self._login_redirect()
        self.submitting, self.field_errors, self.form_error = True, {}, ""
        yield
        key = self.storage_key
        result = _submit(actor, self.draft_id, {name: getattr(self, name) for name in FIELDS}, self.version)
        self.submitting = False
        if not result.ok:
            yield self._show_error(result)
            return
        self._dirty = False
        yield self._clear_local_copy(key)
        yield rx.redirect(f"/ideas/{result.value}")
        yield rx.toast.success("Idea submitted successfully.")

    def _show_error(self, result):
        if result.field_errors:
            self.field_errors = dict(result.field_errors)
        elif result.code in (ErrorCode.RATE_LIMITED, ErrorCode.SUBMIT_RATE_LIMITED):
            return rx.toast.error(result.message)
        else:
            self.form_error = result.message
            if result.code == ErrorCode.CONFLICT:
                self.save_status = "conflict"
        return None


def _autosave(*, actor: Actor | None, **fields):
    if actor is None:
        return None
    with open_session() as session:
        return drafts.autosave_draft(session, actor, clock=system_clock, **fields)


def _submit(actor: Actor, draft_id: str, fields: dict, version: int):
    with open_session() as session:
        if draft_id:
            return drafts.submit_draft(session, actor, draft_id=draft_id, expected_version=version or None,
                                       clock=system_clock, **fields)
        return ideas.submit_idea(session, actor, clock=system_clock, **fields)

