"""The smart form's part of the idea pages (ORIGINS C15): the category's extra fields on the idea
form, and "Additional Details" on the idea and its review.

All five templates come with the form when it opens; the fields of the chosen category are picked
out of them in the browser, so a switch of category asks the server for no template (it resets
the answers, and only them). Every answer is checked by its field before it is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import reflex as rx

from workflow_app.ideas.domain import smart_forms
from workflow_app.ideas.domain.idea_rules import CATEGORIES
from workflow_app.ideas.domain.smart_forms import PREFIX, FormField, FormTemplate
from workflow_app.ui import inputs

KEY_MAX = smart_forms.KEY_MAX
# What each kind of field takes before the browser stops (the server checks again on submit).
LIMITS = {"text": smart_forms.TEXT_MAX, "textarea": smart_forms.TEXTAREA_MAX, "number": smart_forms.NUMBER_MAX}
TOO_LONG = {
    "text": smart_forms.TEXT_TOO_LONG,
    "textarea": smart_forms.TEXTAREA_TOO_LONG,
    "number": smart_forms.NOT_A_NUMBER,
}


@dataclass(frozen=True)
class FieldLine:
    """One field as the form renders it."""

    key: str = ""
    label: str = ""
    kind: str = "text"
    required: bool = False
    options: list[str] = field(default_factory=list)
    dom_id: str = ""
    error_id: str = ""


@dataclass(frozen=True)
class DetailLine:
    label: str = ""
    value: str = ""


def _line(f: FormField) -> FieldLine:
    dom_id = f"dyn-{f.key}"
    return FieldLine(f.key, f.label, f.kind, f.required, list(f.options), dom_id, f"{dom_id}-error")


def lines_by_category(templates: dict[str, FormTemplate]) -> dict[str, list[FieldLine]]:
    """The categories whose form has fields to show, each with its fields."""
    return {slug: [_line(f) for f in t.shown_fields] for slug, t in templates.items() if t.shown_fields}


def detail_lines(details: list[tuple[str, str]]) -> list[DetailLine]:
    return [DetailLine(label, value) for label, value in details]


class SmartFormMixin(rx.State, mixin=True):
    """The idea form's templates and answers; the form's state mixes it in before AutosaveMixin."""

    templates: dict[str, list[FieldLine]] = {}
    dynamic_values: dict[str, str] = {}

    def _dynamic_line(self, key: object, category: str | None = None) -> FieldLine | None:
        key = inputs.short_text(key, limit=KEY_MAX)
        lines = self.templates.get(self.category if category is None else category, [])  # type: ignore[attr-defined]
        return next((line for line in lines if line.key == key), None)

    def _checked_answer(self, line: FieldLine, value: object) -> str | inputs.Refusal:
        limit = LIMITS.get(line.kind, smart_forms.OPTION_MAX)
        message = TOO_LONG.get(line.kind, smart_forms.INVALID_SELECTION).format(label=line.label)
        checked = inputs.text(value, limit=limit, too_long=message)
        if isinstance(checked, str) and line.kind == "select" and checked and checked not in line.options:
            return inputs.Refusal(smart_forms.INVALID_SELECTION.format(label=line.label))
        return checked

    @rx.event
    def set_dynamic_field(self, key: str, value: str):
        """One answer: only a field of the chosen category's form, checked by its kind and length."""
        line = self._dynamic_line(key)
        if line is None:
            return None
        checked = self._checked_answer(line, value)
        if isinstance(checked, inputs.Refusal):
            return self._refuse(PREFIX + line.key, checked.message)  # type: ignore[attr-defined]
        self.dynamic_values = {**self.dynamic_values, line.key: checked}
        self._drop_dynamic_errors(line.key)
        return self._edited()  # type: ignore[attr-defined]

    def _drop_dynamic_errors(self, key: str | None = None) -> None:
        errors: dict[str, str] = self.field_errors  # type: ignore[attr-defined]
        wanted = PREFIX + key if key else PREFIX
        if any(name.startswith(wanted) for name in errors):
            self.field_errors = {k: v for k, v in errors.items() if not k.startswith(wanted)}

    def _reset_answers(self) -> None:
        self.dynamic_values = {}
        self._drop_dynamic_errors()

    def _answers_from(self, stored: dict[str, str], category: str) -> dict[str, str]:
        """Of stored answers, those of the category's current fields that pass their checks."""
        kept: dict[str, str] = {}
        for key, value in stored.items():
            line = self._dynamic_line(key, category)
            if line is not None and isinstance(self._checked_answer(line, value), str):
                kept[line.key] = value
        return kept

    # The browser's copy (AutosaveMixin): the answers are kept under "dyn:<key>", as the form names them.

    def _copied_names(self, copy: dict[str, Any]) -> tuple[str, ...]:
        category = inputs.choice(copy.get("category"), tuple(CATEGORIES)) or self.category  # type: ignore[attr-defined]
        keys = [PREFIX + line.key for line in self.templates.get(category, [])]
        return (*self.FIELDS, *keys)  # type: ignore[attr-defined]

    def _value_of(self, name: str) -> str:
        if name.startswith(PREFIX):
            return self.dynamic_values.get(name[len(PREFIX) :], "")
        return str(getattr(self, name))

    def _restore(self, name: str, value: str) -> None:
        if name == "category" and value != self.category:  # type: ignore[attr-defined]
            self._reset_answers()
        if not name.startswith(PREFIX):
            setattr(self, name, value)
            return
        line = self._dynamic_line(name[len(PREFIX) :])
        if line is not None and isinstance(self._checked_answer(line, value), str):
            others = {k: v for k, v in self.dynamic_values.items() if k != line.key}
            self.dynamic_values = {**others, line.key: value} if value else others


# --- the form's section ------------------------------------------------------------------------

CATEGORY_LABELS = rx.Var.create(CATEGORIES)


def _required_mark(line: rx.Var) -> rx.Component:
    return rx.cond(line.required, rx.text.span(" *", color_scheme="red", aria_hidden="true"))


def _control(state: Any, line: Any, read_only: rx.Var) -> rx.Component:
    error = state.field_errors.get(PREFIX + line.key, "")
    attrs = {
        "aria-required": rx.cond(line.required, "true", "false"),
        "aria-invalid": rx.cond(error != "", "true", "false"),
        "aria-describedby": line.error_id,
    }
    value = state.dynamic_values.get(line.key, "")
    # Keyed by category too: a switch puts a new control in each place, never the last category's
    # typed text in a field of the next one (a debounced input keeps what it shows).
    common = dict(id=line.dom_id, name=PREFIX + line.key, value=value, key=state.category + "/" + line.key)

    def changed(text: rx.Var) -> Any:
        return state.set_dynamic_field(line.key, text)

    return rx.match(
        line.kind,
        (
            "textarea",
            rx.text_area(
                **common,
                on_change=changed,
                debounce_timeout=300,
                max_length=smart_forms.TEXTAREA_MAX,
                rows="4",
                size="3",
                width="100%",
                read_only=read_only,
                custom_attrs=attrs,
            ),
        ),
        (
            "select",
            rx.el.select(
                rx.el.option("Choose…", value=""),
                rx.foreach(line.options, lambda option: rx.el.option(option, value=option)),
                **common,
                on_change=changed,
                disabled=read_only,
                class_name="native-select",
                custom_attrs=attrs,
            ),
        ),
        rx.input(
            **common,
            type="text",
            on_change=changed,
            debounce_timeout=300,
            max_length=rx.cond(line.kind == "number", smart_forms.NUMBER_MAX, smart_forms.TEXT_MAX),
            size="3",
            width="100%",
            read_only=read_only,
            custom_attrs={**attrs, "inputMode": rx.cond(line.kind == "number", "numeric", "text")},
        ),
    )


def _field(state: Any, line: Any, read_only: rx.Var) -> rx.Component:
    error = state.field_errors.get(PREFIX + line.key, "")
    return rx.vstack(
        rx.el.label(line.label, _required_mark(line), html_for=line.dom_id, class_name="field-label"),
        _control(state, line, read_only),
        rx.cond(error != "", rx.text(error, id=line.error_id, color_scheme="red", size="2", role="alert")),
        spacing="2",
        width="100%",
    )


def additional_fields(state: Any, read_only: rx.Var) -> rx.Component:
    """ "Additional Details for {Category}": the chosen category's fields, when it has any."""
    return rx.cond(
        (state.category != "") & state.templates.contains(state.category),
        rx.el.fieldset(
            rx.el.legend("Additional Details for ", CATEGORY_LABELS[state.category], class_name="field-label"),
            rx.vstack(
                rx.foreach(state.templates[state.category], lambda line: _field(state, line, read_only)),
                spacing="3",
                width="100%",
            ),
            id="additional-details",
            class_name="plain-fieldset smart-form",
            style={"width": "100%"},  # the form's column aligns its items to the start: stretch this one
        ),
    )


# --- the idea's details --------------------------------------------------------------------------


def details_card(lines: Any) -> rx.Component:
    """ "Additional Details" as `Label: Value` lines, line breaks kept; absent when there are none."""
    return rx.cond(
        lines.length() > 0,
        rx.card(
            rx.vstack(
                rx.heading("Additional Details", as_="h2", size="4"),
                rx.foreach(
                    lines,
                    lambda line: rx.text(rx.text.strong(line.label, ": "), line.value, white_space="pre-wrap"),
                ),
                spacing="2",
                width="100%",
            ),
            id="additional-details",
            width="100%",
            size="3",
        ),
    )
