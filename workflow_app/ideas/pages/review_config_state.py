"""The state of /admin/review-config (ideas/pages/review_config.py): every category's review
pipeline, and the one being edited.

The editor's rows are this page's working copy: typing, adding, removing and reordering stages
stay here until "Save Pipeline" sends the whole list to the domain (pipelines.create_pipeline /
update_pipeline), which checks it and decides (SUPERADMIN only).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import reflex as rx

from workflow_app.config import settings
from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode
from workflow_app.ideas.domain import pipelines
from workflow_app.ideas.domain.idea_rules import CATEGORIES
from workflow_app.ideas.domain.pipelines import PipelineIn, PipelineView, StageIn
from workflow_app.ui import inputs
from workflow_app.ui.session import SessionState

ROUTE = "/admin/review-config"
CATEGORY_CHOICES = tuple(CATEGORIES)
# Room for the whitespace the domain trims; past it the field's own message.
NAME_INPUT_MAX = pipelines.NAME_MAX + 40
STAGE_NAME_INPUT_MAX = pipelines.STAGE_NAME_MAX + 40
DESCRIPTION_INPUT_MAX = pipelines.STAGE_DESCRIPTION_MAX + 40
STAGE_PARTS = ("name", "description", "is_decision")
FIX_FIELDS = "Please correct the highlighted fields."


@dataclass(frozen=True)
class StageLine:
    stage_id: str
    name: str
    description: str
    is_decision: bool


@dataclass(frozen=True)
class PipelineLine:
    """One category as the list shows it."""

    category: str
    category_label: str
    pipeline_id: str
    name: str
    is_default: bool
    blind_review: bool
    version: int
    active_reviews: int
    stages: list[StageLine]


@dataclass(frozen=True)
class StageRow:
    """One stage in the editor; `stage_id` keeps an existing stage (and the reviews on it)."""

    stage_id: str = ""
    name: str = ""
    description: str = ""
    is_decision: bool = False


def _line(view: PipelineView) -> PipelineLine:
    return PipelineLine(
        category=view.category,
        category_label=view.category_label,
        pipeline_id=view.id,
        name=view.name,
        is_default=view.is_default,
        blind_review=view.blind_review,
        version=view.version,
        active_reviews=view.active_reviews,
        stages=[StageLine(s.id, s.name, s.description, s.is_decision) for s in view.stages],
    )


def _stage_rows(line: PipelineLine) -> list[StageRow]:
    if line.is_default:  # a new pipeline starts as two blank stages, the last the decision
        return [StageRow(), StageRow(is_decision=True)]
    return [StageRow(s.stage_id, s.name, s.description, s.is_decision) for s in line.stages]


class ReviewConfigState(SessionState):
    pipelines: list[PipelineLine] = []
    loaded: bool = False
    error: str = ""
    staged_review_on: bool = True
    blind_review_on: bool = True
    # The blind-review warning, for the category whose switch brought it.
    warning_category: str = ""
    # The editor: which category ("" when closed) and its working copy.
    editing: str = ""
    pipeline_id: str = ""
    version: int = 0
    blind_review: bool = False
    name: str = ""
    rows: list[StageRow] = []
    saving: bool = False
    conflict: bool = False
    editor_error: str = ""
    field_errors: dict[str, str] = {}
    # The delete confirmation: which category, and the domain's refusal.
    pending_delete: str = ""
    delete_error: str = ""

    @rx.var
    def editor_title(self) -> str:
        label = CATEGORIES.get(self.editing, "")
        return f"Edit pipeline · {label}" if self.pipeline_id else f"New pipeline · {label}"

    @rx.var
    def at_stage_limit(self) -> bool:
        return len(self.rows) >= pipelines.MAX_STAGES

    @rx.var
    def pending_delete_name(self) -> str:
        line = self._line_of(self.pending_delete)
        return line.name if line else ""

    @rx.event
    async def load(self):
        # Each visit starts from what is saved: no editor, dialog or warning from the last one.
        self.editing, self.rows, self.field_errors, self.editor_error, self.conflict = "", [], {}, "", False
        self.pending_delete, self.delete_error, self.warning_category = "", "", ""
        call = await self._call(_all)
        self.staged_review_on, self.blind_review_on = settings.multi_stage_review_enabled, settings.blind_review_enabled
        if call.signed_out:
            return
        self.loaded = True
        self._show_all(call.value)

    def _show_all(self, result) -> None:
        if result.ok:
            self.pipelines, self.error = [_line(view) for view in result.value], ""
        else:
            self.pipelines, self.error = [], result.message

    def _line_of(self, category: str) -> PipelineLine | None:
        return next((line for line in self.pipelines if line.category == category), None)

    def _category(self, value: object) -> str:
        """A category the list shows, from the client; "" for anything else."""
        category = inputs.choice(value, CATEGORY_CHOICES)
        return category if self._line_of(category) else ""

    # --- the editor: everything below stays in this state until save --------------------------

    @rx.event
    def open_editor(self, category: str):
        line = self._line_of(self._category(category))
        if line is None:
            return None
        self.editing, self.pipeline_id, self.version = line.category, line.pipeline_id, line.version
        self.blind_review, self.name = line.blind_review, "" if line.is_default else line.name
        self.rows, self.conflict, self.editor_error, self.field_errors = _stage_rows(line), False, "", {}
        return _focus("pipeline-name")

    @rx.event
    def close_editor(self):
        category = self.editing
        self.editing, self.rows, self.field_errors, self.editor_error, self.conflict = "", [], {}, "", False
        return _focus(f"edit-{category}") if category else None

    @rx.event
    def set_name(self, value: str):
        if not self.editing:
            return
        text = inputs.text(value, limit=NAME_INPUT_MAX, too_long=pipelines.NAME_TOO_LONG)
        if isinstance(text, inputs.Refusal):
            self.field_errors = {**self.field_errors, "name": text.message}
            return
        self.name = text
        self.field_errors = {k: v for k, v in self.field_errors.items() if k != "name"}

    def _index(self, index: object) -> int:
        """A row's index from the client; -1 (nothing to do) for anything but an existing row."""
        i = inputs.whole_number(index, low=-1, high=pipelines.MAX_STAGES, default=-1)
        return i if i < len(self.rows) else -1

    @rx.event
    def set_stage(self, index: int, part: str, value: str | bool):
        """One part of one stage, typed and capped; anything else is ignored."""
        i, part = self._index(index), inputs.choice(part, STAGE_PARTS)
        if i < 0 or not part:
            return
        key = f"stage{i + 1}.{part}"
        if part == "is_decision":
            if not isinstance(value, bool):
                return
            checked: str | bool = value
            key = "stages"
        else:
            limit, too_long = (
                (STAGE_NAME_INPUT_MAX, pipelines.STAGE_NAME_TOO_LONG)
                if part == "name"
                else (DESCRIPTION_INPUT_MAX, pipelines.DESCRIPTION_TOO_LONG)
            )
            text = inputs.text(value, limit=limit, too_long=too_long)
            if isinstance(text, inputs.Refusal):
                self.field_errors = {**self.field_errors, key: text.message}
                return
            checked = text
        self.rows = [replace(row, **{part: checked}) if n == i else row for n, row in enumerate(self.rows)]
        self.field_errors = {k: v for k, v in self.field_errors.items() if k != key}

    @rx.event
    def add_stage(self):
        """A blank stage before the decision stage when it is last (the decision ends a review)."""
        if not self.editing or len(self.rows) >= pipelines.MAX_STAGES:
            return None
        at = len(self.rows) - 1 if self.rows and self.rows[-1].is_decision else len(self.rows)
        self.rows = [*self.rows[:at], StageRow(), *self.rows[at:]]
        self.field_errors = {}
        return _focus(f"stage-{at}-name")

    @rx.event
    def remove_stage(self, index: int):
        i = self._index(index)
        if i < 0:
            return None
        self.rows = [row for n, row in enumerate(self.rows) if n != i]
        self.field_errors = {}
        return _focus(f"stage-{i - 1}-remove" if i > 0 else "add-stage")

    @rx.event
    def move_stage(self, index: int, step: int):
        i, step = self._index(index), inputs.whole_number(step, low=-2, high=2, default=0)
        if i < 0 or step not in (-1, 1) or not 0 <= i + step < len(self.rows):
            return None
        rows = list(self.rows)
        rows[i], rows[i + step] = rows[i + step], rows[i]
        self.rows, self.field_errors = rows, {}
        # The focus follows the stage it moved (its other arrow when this one is now disabled).
        j = i + step
        at_end = j == 0 if step < 0 else j == len(rows) - 1
        return _focus(f"stage-{j}-{('down' if step < 0 else 'up') if at_end else ('up' if step < 0 else 'down')}")

    @rx.event
    async def save(self):
        if self.saving or not self.editing:
            return
        self.saving, self.editor_error, self.field_errors, self.conflict = True, "", {}, False
        yield
        pipeline = PipelineIn(
            name=self.name,
            stages=tuple(StageIn(r.name, r.description, r.is_decision, id=r.stage_id) for r in self.rows),
            blind_review=self.blind_review,
        )
        call = await self._call(
            _save, category=self.editing, pipeline_id=self.pipeline_id, version=self.version, pipeline=pipeline
        )
        self.saving = False
        if call.signed_out:
            yield self._signed_out()
            return
        result, listing = call.value
        if not result.ok:
            self.conflict = result.code == ErrorCode.CONFLICT
            self.field_errors = dict(result.field_errors)
            self.editor_error = FIX_FIELDS if result.code == ErrorCode.VALIDATION_ERROR else result.message
            return
        category, name = self.editing, self.name.strip()
        self._show_all(listing)
        self.editing, self.rows = "", []
        yield rx.toast.success(f"Pipeline “{name}” saved.")
        yield _focus(f"edit-{category}")

    @rx.event
    async def reload_editor(self):
        """After a CONFLICT: the list again, and the editor on what is saved now."""
        category = self.editing
        call = await self._call(_all)
        if call.signed_out:
            return
        self._show_all(call.value)
        self.editing = ""
        if line := self._line_of(category):
            self.editing = category
            self.pipeline_id, self.version, self.blind_review = line.pipeline_id, line.version, line.blind_review
            self.name, self.rows = "" if line.is_default else line.name, _stage_rows(line)
        self.conflict, self.editor_error, self.field_errors = False, "", {}

    # --- blind review and delete: written at once ---------------------------------------------

    @rx.event
    async def set_blind(self, category: str, blind: bool):
        line = self._line_of(self._category(category))
        if line is None or line.is_default or not isinstance(blind, bool):
            return
        call = await self._call(_set_blind, pipeline_id=line.pipeline_id, blind=blind)
        if call.signed_out:
            yield self._signed_out()
            return
        result, listing = call.value
        self._show_all(listing)
        if not result.ok:
            yield rx.toast.error(result.message)
            return
        saved = result.value
        self.warning_category = line.category if saved.warning else ""
        if self.editing == line.category and saved.version == self.version + 1:
            # Only this switch changed it since the editor opened: the edit goes on from here.
            self.version, self.blind_review = saved.version, blind
        for notice in saved.notices:
            yield rx.toast.success(notice)

    @rx.event
    def ask_delete(self, category: str):
        line = self._line_of(self._category(category))
        if line is not None and not line.is_default:
            self.pending_delete, self.delete_error = line.category, ""

    @rx.event
    def delete_dialog_toggled(self, is_open: bool):
        if is_open is not True:
            self.pending_delete, self.delete_error = "", ""

    @rx.event
    async def confirm_delete(self):
        category = self.pending_delete
        if not category:
            return
        call = await self._call(_delete, category=category)
        if call.signed_out:
            yield self._signed_out()
            return
        result, listing = call.value
        self._show_all(listing)
        if not result.ok:
            self.delete_error = result.message
            return
        self.pending_delete = ""
        if self.editing == category:
            self.editing, self.rows = "", []
        yield rx.toast.success(f"{CATEGORIES[category]} is reviewed with the default pipeline again.")


def _focus(element_id: str):
    return rx.call_script(f"document.getElementById({element_id!r})?.focus()")


def _all(session, actor):
    return pipelines.all_pipelines(session, actor)


def _save(session, actor, *, category: str, pipeline_id: str, version: int, pipeline: PipelineIn):
    if pipeline_id:
        result = pipelines.update_pipeline(
            session, actor, pipeline_id=pipeline_id, expected_version=version, pipeline=pipeline, clock=system_clock
        )
    else:
        result = pipelines.create_pipeline(session, actor, category=category, pipeline=pipeline, clock=system_clock)
    return result, pipelines.all_pipelines(session, actor)


def _set_blind(session, actor, *, pipeline_id: str, blind: bool):
    result = pipelines.set_blind_review(session, actor, pipeline_id=pipeline_id, blind=blind, clock=system_clock)
    return result, pipelines.all_pipelines(session, actor)


def _delete(session, actor, *, category: str):
    result = pipelines.delete_pipeline(session, actor, category=category, clock=system_clock)
    return result, pipelines.all_pipelines(session, actor)
