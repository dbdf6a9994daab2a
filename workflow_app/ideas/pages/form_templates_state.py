"""The state of /admin/forms (ideas/pages/form_templates.py): one category's smart form being edited.

The rows are this page's working copy; Save sends them to the domain (smart_forms.save_template),
which checks them and decides (SUPERADMIN only) and writes the next version.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import reflex as rx

from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode
from workflow_app.ideas.domain import smart_forms
from workflow_app.ideas.domain.idea_rules import CATEGORIES
from workflow_app.ideas.domain.smart_forms import FieldIn, FormTemplate
from workflow_app.ui import inputs
from workflow_app.ui.session import SessionState

ROUTE = "/admin/forms"
CATEGORY_CHOICES = tuple(CATEGORIES)
LABEL_INPUT_MAX = smart_forms.LABEL_MAX + 40  # room for whitespace the domain trims
OPTIONS_INPUT_MAX = (smart_forms.MAX_OPTIONS + 10) * (smart_forms.OPTION_MAX + 2)
EDITABLE = ("label", "key", "kind", "required", "options")


@dataclass(frozen=True)
class FieldRow:
    key: str = ""
    label: str = ""
    kind: str = "text"
    required: bool = False
    options: str = ""  # one option a line


def _rows(template: FormTemplate | None) -> list[FieldRow]:
    if template is None:
        return []
    return [FieldRow(f.key, f.label, f.kind, f.required, "\n".join(f.options)) for f in template.fields]


class FormTemplatesState(SessionState):
    category: str = CATEGORY_CHOICES[0]
    rows: list[FieldRow] = []
    version: int = 0
    loaded: bool = False
    saving: bool = False
    error: str = ""
    field_errors: dict[str, str] = {}

    @rx.var
    def category_label(self) -> str:
        return CATEGORIES.get(self.category, "")

    @rx.var
    def at_field_limit(self) -> bool:
        return len(self.rows) >= smart_forms.MAX_FIELDS

    @rx.event
    async def load(self):
        params = self.router.url.query_parameters
        category = inputs.choice(params.get("category"), CATEGORY_CHOICES) or CATEGORY_CHOICES[0]
        call = await self._call(_for_editing, category=category)
        self.error, self.field_errors = "", {}
        if call.signed_out:
            return
        result = call.value
        self.loaded, self.category = True, category
        if not result.ok:
            self.rows, self.version, self.error = [], 0, result.message
            return
        self._show(result.value)

    def _show(self, template: FormTemplate | None) -> None:
        self.rows = _rows(template)
        self.version = template.version if template else 0

    @rx.event
    def choose_category(self, value: str):
        category = inputs.choice(value, CATEGORY_CHOICES)
        if category:
            return rx.redirect(f"{ROUTE}?category={category}")
        return None

    def _index(self, index: object) -> int:
        """A row's index from the client; -1 (nothing to do) for anything but an existing row."""
        i = inputs.whole_number(index, low=-1, high=smart_forms.MAX_FIELDS, default=-1)
        return i if i < len(self.rows) else -1

    @rx.event
    def set_field(self, index: int, name: str, value: str | bool):
        """One part of one row, typed and capped; anything else is ignored."""
        i, name = self._index(index), inputs.choice(name, EDITABLE)
        if i < 0 or not name:
            return
        if name == "required":
            if not isinstance(value, bool):
                return
            checked: str | bool = value
        elif name == "kind":
            checked = inputs.choice(value, smart_forms.KINDS)
            if not checked:
                return
        else:
            limit = {"label": LABEL_INPUT_MAX, "key": smart_forms.KEY_MAX, "options": OPTIONS_INPUT_MAX}[name]
            text = inputs.text(value, limit=limit, too_long=_too_long(name))
            if isinstance(text, inputs.Refusal):
                self.field_errors = {**self.field_errors, f"fields.{i}.{name}": text.message}
                return
            checked = text
        self.rows = [replace(row, **{name: checked}) if n == i else row for n, row in enumerate(self.rows)]
        self.field_errors = {k: v for k, v in self.field_errors.items() if k != f"fields.{i}.{name}"}

    @rx.event
    def add_row(self):
        if len(self.rows) < smart_forms.MAX_FIELDS:
            self.rows = [*self.rows, FieldRow()]

    @rx.event
    def remove_row(self, index: int):
        i = self._index(index)
        if i >= 0:
            self.rows = [row for n, row in enumerate(self.rows) if n != i]
            self.field_errors = {}

    @rx.event
    def move_row(self, index: int, step: int):
        i, step = self._index(index), inputs.whole_number(step, low=-1, high=1, default=0)
        if i < 0 or step == 0 or not 0 <= i + step < len(self.rows):
            return
        rows = list(self.rows)
        rows[i], rows[i + step] = rows[i + step], rows[i]
        self.rows, self.field_errors = rows, {}

    @rx.event
    async def save(self):
        if self.saving:
            return
        self.saving, self.error, self.field_errors = True, "", {}
        yield
        fields = [
            FieldIn(r.key, r.label, r.kind, r.required, tuple(r.options.splitlines()) if r.kind == "select" else ())
            for r in self.rows
        ]
        call = await self._call(_save, category=self.category, fields=fields, expected_version=self.version)
        self.saving = False
        if call.signed_out:
            yield self._signed_out()
            return
        result = call.value
        if not result.ok:
            self.error = result.message
            self.field_errors = dict(result.field_errors)
            if result.code == ErrorCode.VALIDATION_ERROR:
                self.error = "Please correct the highlighted fields."
            return
        self._show(result.value)
        yield rx.toast.success(f"{self.category_label} form saved as version {result.value.version}.")


def _too_long(name: str) -> str:
    return {"label": smart_forms.LABEL_TOO_LONG, "key": smart_forms.KEY_INVALID}.get(name, smart_forms.OPTION_TOO_LONG)


def _for_editing(session, actor, *, category: str):
    return smart_forms.template_for_editing(session, actor, category=category)


def _save(session, actor, *, category: str, fields: list[FieldIn], expected_version: int):
    return smart_forms.save_template(
        session, actor, category=category, fields=fields, expected_version=expected_version, clock=system_clock
    )
