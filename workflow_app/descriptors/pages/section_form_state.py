"""The WSOS section form's state: what it holds, its checks, and the work it sends to the gateway
(ORIGINS Part 2 C2). The form itself is descriptors/components/section_form.py; it reads this
state through the `SectionFormBinding` that `form_binding` builds.

Both the sections page and the descriptor form create sections. While the name is typed the
form lists up to five similar sections; the list is advice only and never disables Save. The
name is capped to its limit before the comparison, and the comparison runs through the gateway,
off the event loop.

Reuse on another page: open it with an origin and register what follows a save there.
(Event handlers inherited by a Reflex substate run on the parent state, so a subclass cannot
override `_after_save`; the origin picks the page's hook instead.)

    SectionFormState.AFTER_SAVE["descriptor-form"] = lambda section_id, created: [
        DescriptorFormState.use_new_section(section_id)]
    rx.button("Create new section", on_click=SectionFormState.open_create("descriptor-form"))
    section_dialog(form_binding(SectionFormState))   # a modal; or section_inline(...) in place

Public handlers: `open_create(origin)`, `open_edit(section_id, name, description, origin)`,
`close()`, `set_section_name(value)`, `set_section_description(value)`, `save()` (from a button),
`submit(form_data)` (from a form). State: `similar` (list of {id, name, label}),
`last_saved_id`, `form_open`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import ClassVar

import reflex as rx

from workflow_app.core import errors as e
from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.descriptors.components.section_form import SectionFormBinding
from workflow_app.descriptors.domain import sections
from workflow_app.ui import inputs
from workflow_app.ui.session import SessionState

log = logging.getLogger(__name__)

CREATED = "Section created successfully."
UPDATED = "Section updated successfully."
ID_MAX = 64


def checked_name(value: object) -> str | inputs.Refusal:
    """The section name as typed, if it may be stored and compared (at most NAME_MAX characters)."""
    return inputs.text(value, limit=sections.NAME_MAX, too_long=e.SECTION_NAME_TOO_LONG)


def checked_description(value: object) -> str | inputs.Refusal:
    return inputs.text(value, limit=sections.DESCRIPTION_MAX, too_long=e.SECTION_DESCRIPTION_TOO_LONG)


class SectionFormState(SessionState):
    form_open: bool = False
    editing_id: str = ""
    section_name: str = ""
    section_description: str = ""
    field_errors: dict[str, str] = {}
    form_error: str = ""
    similar: list[dict[str, str]] = []
    saving: bool = False
    last_saved_id: str = ""
    # Who opened the form; its AFTER_SAVE hook gives the events that follow a save there.
    _origin: str = ""
    # Fields whose last value was refused (not stored): saving now would save an older value.
    _refused: list[str] = []
    AFTER_SAVE: ClassVar[dict[str, Callable[[str, bool], list]]] = {}
    # The create form's title where it is opened from elsewhere than the sections page.
    CREATE_TITLES: ClassVar[dict[str, str]] = {}
    create_title: str = "Create New Section"

    @rx.var
    def form_title(self) -> str:
        return "Edit Section" if self.editing_id else self.create_title

    @rx.var
    def save_label(self) -> str:
        return "Save Changes" if self.editing_id else "Create Section"

    def _fill(self, section_id: str, name: str, description: str) -> None:
        self.editing_id, self.section_name, self.section_description = section_id, name, description
        self.field_errors, self.form_error, self.similar, self.saving = {}, "", [], False
        self._refused, self.form_open = [], True

    def _set_origin(self, origin: object) -> None:
        self._origin = inputs.choice(origin, frozenset(self.AFTER_SAVE))

    def _take(self, field: str, attr: str, checked: str | inputs.Refusal) -> bool:
        """Stores an accepted value, or shows the refusal and stores nothing; True when accepted."""
        others = {k: v for k, v in self.field_errors.items() if k != field}
        refused = [f for f in self._refused if f != field]
        if isinstance(checked, inputs.Refusal):
            self.field_errors, self._refused = {**others, field: checked.message}, [*refused, field]
            return False
        setattr(self, attr, checked)
        self.field_errors, self._refused = others, refused
        return True

    @rx.event
    def open_create(self, origin: str = ""):
        self._set_origin(origin)
        self.create_title = self.CREATE_TITLES.get(self._origin, "Create New Section")
        self._fill("", "", "")

    @rx.event
    async def open_edit(self, section_id: str, name: str, description: str, origin: str = ""):
        section_id = inputs.short_text(section_id, limit=ID_MAX)
        if not section_id:
            return rx.toast.error(message_for(ErrorCode.SECTION_NOT_FOUND))
        self._set_origin(origin)
        self._fill(section_id, "", "")
        self._take("description", "section_description", checked_description(description))
        if self._take("name", "section_name", checked_name(name)):
            await self._check_similar()

    @rx.event
    def close(self):
        self.form_open = False

    @rx.event
    def dialog_toggled(self, is_open: bool):
        if is_open is not True:
            self.form_open = False

    @rx.event
    async def set_section_name(self, value: str):
        if self._take("name", "section_name", checked_name(value)):
            await self._check_similar()
        else:
            self.similar = []

    @rx.event
    def set_section_description(self, value: str):
        self._take("description", "section_description", checked_description(value))

    @rx.event
    async def save(self):
        async for update in self._run_save():
            yield update

    @rx.event
    async def submit(self, form_data: dict):
        # The inputs are controlled and flush their debounce on Enter and blur, so the state
        # already holds what the form shows (each value checked by its setter); form_data is
        # not read.
        async for update in self._run_save():
            yield update

    async def _after_save(self, section_id: str, *, created: bool) -> list:
        """The opening page's follow-up events (refresh its list, select the section)."""
        hook = self.AFTER_SAVE.get(self._origin)
        return list(hook(section_id, created)) if hook else []

    async def _check_similar(self) -> None:
        """Advice only: a failed check (or a signed-out session) shows none, and never blocks saving."""
        try:
            call = await self._call(_similar, name=self.section_name, exclude_id=self.editing_id or None)
            found = call.value or []
        except Exception:
            log.exception("similar-section check failed")
            found = []
        self.similar = [{"id": s.id, "name": s.name, "label": f"{s.name} ({s.percent}% similar)"} for s in found]

    async def _run_save(self):
        if self.saving or not self.form_open:
            return  # a save repeated after the first closed the form: that answer stands
        self.saving, self.form_error = True, ""
        yield
        try:
            events = await self._save()
        finally:
            self.saving = False
        yield events

    async def _save(self) -> list:
        if self._refused:  # a value the setters refused was never stored; saving would lose it
            self.form_error = message_for(ErrorCode.VALIDATION_ERROR)
            return []
        created = not self.editing_id
        try:
            call = await self._call(
                _save_section, section_id=self.editing_id, name=self.section_name, description=self.section_description
            )
        except Exception:
            log.exception("saving a section failed")
            self.form_error = message_for(ErrorCode.SERVER_ERROR)
            return []
        if call.signed_out:
            self.form_error = message_for(ErrorCode.UNAUTHENTICATED)
            return []
        result = call.value
        if not result.ok:
            self.field_errors = result.field_errors
            self.form_error = "" if result.field_errors else result.message
            return []
        self.last_saved_id, self.form_open = result.value, False
        followups = await self._after_save(result.value, created=created)
        return [rx.toast.success(CREATED if created else UPDATED), *(followups or [])]


def _similar(session, actor, *, name: str, exclude_id: str | None):
    return sections.similar_sections(session, actor, name=name, exclude_id=exclude_id)


def _save_section(session, actor, *, section_id: str, name: str, description: str):
    if not section_id:
        return sections.create_section(session, actor, name=name, description=description, clock=system_clock)
    return sections.update_section(
        session, actor, section_id=section_id, name=name, description=description, clock=system_clock
    )


def form_binding(state: type[SectionFormState]) -> SectionFormBinding:
    """What the section form reads and calls, from this state or a page's substate of it."""
    return SectionFormBinding(
        title=state.form_title,
        save_label=state.save_label,
        name=state.section_name,
        description=state.section_description,
        name_error=state.field_errors.get("name", ""),
        description_error=state.field_errors.get("description", ""),
        form_error=state.form_error,
        similar=state.similar,
        saving=state.saving,
        is_open=state.form_open,
        on_name_change=state.set_section_name,
        on_description_change=state.set_section_description,
        on_submit=state.submit,
        on_save=state.save,
        on_close=state.close,
        on_open_change=state.dialog_toggled,
    )
