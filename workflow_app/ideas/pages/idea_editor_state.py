"""The idea form's state: /ideas/new and the draft editor /ideas/[idea_id]/edit.

Two layers keep typed text (SPEC §3): the browser copies every keystroke to localStorage
(assets/draft_autosave.js), and while a draft exists this state writes it to the database
after a pause in typing, or at least every 30 s while there are unsaved changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import ClassVar

import reflex as rx

from workflow_app.core import errors as e
from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.ideas.domain import draft_queries, drafts, ideas, smart_forms
from workflow_app.ideas.domain.idea_rules import (
    CATEGORIES,
    DESCRIPTION_MAX,
    DRAFT_DESCRIPTION_MAX,
    DRAFT_TITLE_MAX,
    TITLE_MAX,
    IdeaIn,
)
from workflow_app.ideas.pages.smart_form import FieldLine, SmartFormMixin, lines_by_category
from workflow_app.ui import inputs, live, wording
from workflow_app.ui.autosave import AutosaveMixin
from workflow_app.ui.rows import iso_utc
from workflow_app.ui.session import SessionState

FIELDS = ("title", "description", "category", "visibility")
VISIBILITIES = ("PUBLIC", "PRIVATE")


class IdeaEditorState(SmartFormMixin, AutosaveMixin, SessionState):
    FIELDS: ClassVar[tuple[str, ...]] = FIELDS
    # Expired, or deleted / submitted from another tab: this draft can never be written again.
    _GONE: ClassVar[frozenset[ErrorCode]] = frozenset({ErrorCode.EXPIRED, ErrorCode.NOT_FOUND})
    _KEEP_IF_EMPTY: ClassVar[frozenset[str]] = frozenset({"category", "visibility"})
    # Save Draft, "Start a new draft" or an autosave after the session ended (ORIGINS C9, check 1).
    _SIGNED_OUT_MESSAGE: ClassVar[str] = e.SIGNED_OUT_SAVING_DRAFT
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
    # What this form's first successful Save Draft / Submit made: a repeated event (a double
    # press that got past the button, a retried request) gets that answer again, never a second
    # draft, a second idea or the submit limit's error.
    _created_draft: str = ""
    _submitted_idea: str = ""

    @rx.var
    def storage_key(self) -> str:
        return f"draft_autosave_{self.user_id}_{self.draft_id or 'new'}" if self.user_id else ""

    @rx.var
    def locked(self) -> bool:
        """Read-only: the draft expired (when opened or since) or is gone from under this tab."""
        return self.expired or self.save_status == "gone"

    @rx.var
    def text_to_copy(self) -> str:
        return "\n\n".join(part for part in (self.title, self.description) if part)

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
        self.dynamic_values = {}
        self.found, self.expired, self.expiry_warning = True, False, ""
        self.saving_draft = self.submitting = False
        self._created_draft = self._submitted_idea = ""
        self._reset_autosave()

    @rx.event
    async def open_new(self):
        call = await self._call(_open_new)
        if call.signed_out:
            return
        self._reset_form()
        self.draft_id = ""
        self.at_draft_limit, self.templates = call.value.at_draft_limit, call.value.templates
        self.loaded = True
        return self._ask_for_local_copy()

    @rx.event
    async def open_draft(self):
        if self.loaded and self.draft_id == self.idea_id and self._dirty:
            # The page is loaded again over the same editor (a reconnect re-runs on_load): what
            # was typed since the last save stays in the fields and the writer saves it.
            return None
        call = await self._call(_draft_for_edit, draft_id=inputs.short_text(self.idea_id, limit=64))
        if call.signed_out:
            return
        self._reset_form()
        result, self.templates = call.value.draft, call.value.templates
        self.loaded, self.draft_id = True, self.idea_id
        if not result.ok:
            self.found = False
            return
        view = result.value
        self.title, self.description = view.title or "", view.description or ""
        self.category, self.visibility = view.category or "", view.visibility or "PUBLIC"
        self.dynamic_values = self._answers_from(view.dynamic_fields, self.category)
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
            draft_id=self.draft_id,
            expected_version=self.version,
            editing_session_id=self._editing_session,
            already_audited=self._audited,
            first_attempt=not self._attempted,
            form=self._form(),
        )

    def _autosaved(self, saved) -> None:
        self.version = saved.version
        self.server_updated_at = self.saved_at = iso_utc(saved.updated_at)

    def _form(self) -> IdeaIn:
        return IdeaIn(
            title=self.title,
            description=self.description,
            category=self.category,
            visibility=self.visibility,
            dynamic_fields=dict(self.dynamic_values),
        )

    def _take(self, name: str, value: object, *, limit: int, too_long: str):
        """Every text field handler: the value is checked before it is stored or saved."""
        checked = inputs.text(value, limit=limit, too_long=too_long)
        if isinstance(checked, inputs.Refusal):
            return self._refuse(name, checked.message)
        return self._store(name, checked)

    def _take_choice(self, name: str, value: object, allowed: tuple[str, ...], message: str):
        choice = inputs.choice(value, allowed, default="\0")
        return self._refuse(name, message) if choice == "\0" else self._store(name, choice)

    def _refuse(self, name: str, message: str) -> None:
        self.field_errors = {**self.field_errors, name: message}

    def _store(self, name: str, value: str):
        setattr(self, name, value)
        if name in self.field_errors:
            self.field_errors = {k: v for k, v in self.field_errors.items() if k != name}
        return self._edited()

    @rx.event
    def set_title(self, value: str):
        return self._take("title", value, limit=DRAFT_TITLE_MAX, too_long=e.DRAFT_TITLE_TOO_LONG)

    @rx.event
    def set_description(self, value: str):
        return self._take("description", value, limit=DRAFT_DESCRIPTION_MAX, too_long=e.DRAFT_DESCRIPTION_TOO_LONG)

    @rx.event
    def set_category(self, value: str):
        before = self.category
        outcome = self._take_choice("category", value, ("", *CATEGORIES), e.CATEGORY_INVALID)
        if self.category != before:  # another category's form: its answers start empty (ORIGINS C15)
            self._reset_answers()
        return outcome

    @rx.event
    def set_visibility(self, value: str):
        return self._take_choice("visibility", value, VISIBILITIES, e.VISIBILITY_INVALID)

    # --- explicit actions ----------------------------------------------------------------

    @rx.event
    async def save_draft(self):
        if self._submitted_idea or self.locked:
            return
        if self._created_draft and not self.draft_id and not self._dirty:
            return  # the new form's first save, repeated before its editor opened
        draft_id = self.draft_id or self._created_draft
        self.saving_draft, self.field_errors, self.form_error = True, {}, ""
        yield
        result = await self._saved_draft(draft_id=draft_id or None, expected_version=self.version or None)
        if result is None:
            return
        if not result.ok:
            yield self._show_error(result)
            return
        self._dirty = False
        self.version, self.save_status = result.value.version, "saved"
        self.saved_at = self.server_updated_at = iso_utc(result.value.updated_at)
        yield rx.toast.success("Draft saved. You can continue later from My Ideas.", duration=4000)
        if not self.draft_id and not draft_id:
            self._created_draft = result.value.id
            yield self._to_editor(result.value.id)

    def _to_editor(self, new_draft_id: str) -> list:
        """The new form's first save made a draft: its local copy moves with it to its editor."""
        new_key = f"draft_autosave_{self.user_id}_{new_draft_id}"
        return [
            rx.call_script(
                f"window.workflowDrafts && window.workflowDrafts.move({json.dumps(self.storage_key)}, "
                f"{json.dumps(new_key)})"
            ),
            rx.redirect(f"/ideas/{new_draft_id}/edit", replace=True),
        ]

    async def _draft_for_files(self) -> tuple[str, list | None]:
        """The draft files are attached to: this form's, or one saved now from what the new form
        holds (then with the events that move the page to its editor). ("", None) when there is
        none to attach to: the form says why."""
        if self._submitted_idea or self.locked:
            return "", None
        if self.draft_id or self._created_draft:
            return self.draft_id or self._created_draft, None
        self.field_errors, self.form_error = {}, ""
        result = await self._saved_draft(draft_id=None, expected_version=None)
        if result is None:
            return "", None
        if not result.ok:
            self.form_error = result.message
            return "", None
        self._dirty, self._created_draft = False, result.value.id
        self.version, self.save_status = result.value.version, "saved"
        self.saved_at = self.server_updated_at = iso_utc(result.value.updated_at)
        return result.value.id, self._to_editor(result.value.id)

    @rx.event
    async def submit(self):
        if self.locked:
            return
        if self._submitted_idea:
            yield rx.redirect(f"/ideas/{self._submitted_idea}")
            return
        self.submitting, self.field_errors, self.form_error = True, {}, ""
        yield
        key = self.storage_key
        call = await self._call(
            _submit, draft_id=self.draft_id or self._created_draft, version=self.version, form=self._form()
        )
        self.submitting = False
        if call.signed_out:
            self.form_error = message_for(ErrorCode.UNAUTHENTICATED)
            return
        result = call.value
        if not result.ok:
            yield self._show_error(result)
            return
        self._dirty, self._submitted_idea = False, result.value
        live.publish(live.IDEA_QUEUE)  # a new idea waits for review on the admins' dashboards
        yield self._clear_local_copy(key)
        yield rx.redirect(f"/ideas/{result.value}")
        yield rx.toast.success("Idea submitted successfully.")

    @rx.event
    async def start_new_draft(self):
        """ "Start a new draft with this text": what the locked editor shows becomes a new draft."""
        if not self.locked:
            return
        self.saving_draft, self.field_errors, self.form_error = True, {}, ""
        yield
        result = await self._saved_draft(draft_id=None, expected_version=None)
        if result is None:
            return
        if not result.ok:
            self.form_error = result.message
            yield rx.toast.error(result.message)
            return
        yield rx.redirect(f"/ideas/{result.value.id}/edit")
        yield rx.toast.success(wording.NEW_DRAFT_STARTED)

    async def _saved_draft(self, *, draft_id: str | None, expected_version: int | None):
        """Save Draft's write of what the form holds: its result, or None when the session had
        ended (the form says so)."""
        call = await self._call(_save_draft, draft_id=draft_id, expected_version=expected_version, form=self._form())
        self.saving_draft = False
        if call.signed_out:
            self.form_error = self._SIGNED_OUT_MESSAGE
            return None
        return call.value

    def _show_error(self, result):
        if result.code in self._GONE:
            self._gone(result.message)
            return None
        if result.field_errors:
            self.field_errors = dict(result.field_errors)
        elif result.code in (ErrorCode.RATE_LIMITED, ErrorCode.SUBMIT_RATE_LIMITED):
            return rx.toast.error(result.message)
        else:
            self.form_error = result.message
            if result.code == ErrorCode.CONFLICT:
                self.save_status = "conflict"
        return None


# --- the work each handler sends to a worker thread (gateway) -------------------------------


@dataclass(frozen=True)
class Opening:
    """What the form needs when it opens, in one call: the draft limit or the draft, and the
    smart form of every category (none when the feature is off)."""

    at_draft_limit: bool = False
    draft: object = None
    templates: dict[str, list[FieldLine]] = field(default_factory=dict)


def _open_new(session, actor) -> Opening:
    at_limit = drafts.at_draft_limit(session, actor, clock=system_clock)
    return Opening(at_draft_limit=at_limit, templates=lines_by_category(smart_forms.current_templates(session)))


def _draft_for_edit(session, actor, *, draft_id: str) -> Opening:
    draft = draft_queries.draft_for_edit(session, actor, draft_id=draft_id, clock=system_clock)
    templates = lines_by_category(smart_forms.current_templates(session)) if draft.ok else {}
    return Opening(draft=draft, templates=templates)


def _autosave(session, actor, **arguments):
    return drafts.autosave_draft(session, actor, clock=system_clock, **arguments)


def _save_draft(session, actor, **arguments):
    return drafts.save_draft(session, actor, clock=system_clock, **arguments)


def _submit(session, actor, *, draft_id: str, version: int, form: IdeaIn):
    if draft_id:
        return drafts.submit_draft(
            session, actor, form, draft_id=draft_id, expected_version=version or None, clock=system_clock
        )
    return ideas.submit_idea(session, actor, form, clock=system_clock)
