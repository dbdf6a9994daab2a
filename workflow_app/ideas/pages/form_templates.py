"""/admin/forms — the SUPERADMIN edits the extra fields each idea category asks for (ORIGINS C15).

Each Save is the category's next version; ideas written with an earlier one keep its labels.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from workflow_app.ideas.domain import smart_forms
from workflow_app.ideas.domain.idea_rules import CATEGORIES
from workflow_app.ideas.pages.form_templates_state import ROUTE
from workflow_app.ideas.pages.form_templates_state import FormTemplatesState as S
from workflow_app.models.enums import Role
from workflow_app.ui.components.forms import form_error, press_once
from workflow_app.ui.components.layout import page
from workflow_app.ui.components.listing import loading_skeleton
from workflow_app.ui.session import SessionState

STACKED = {"display": "flex", "flexDirection": "column", "gap": "4px", "width": "100%"}
KIND_LABELS = {"text": "Short text", "textarea": "Long text", "number": "Number", "select": "Choice list"}


def _error(index: Any, part: str) -> rx.Component:
    message = S.field_errors.get("fields." + index.to_string() + "." + part, "")
    return rx.cond(message != "", rx.text(message, color_scheme="red", size="2", role="alert"))


def _labelled(text: str, control: rx.Component, index: Any, part: str, **props: Any) -> rx.Component:
    return rx.vstack(
        rx.el.label(
            rx.text(text, size="2", weight="medium"),
            control,
            style={"display": "flex", "flexDirection": "column", "gap": "4px", "width": "100%"},
        ),
        _error(index, part),
        spacing="1",
        **props,
    )


def _row(row: Any, index: Any) -> rx.Component:
    number = (index + 1).to_string()
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text("Field ", number, weight="bold"),
                rx.spacer(),
                rx.icon_button(
                    rx.icon("arrow_up", size=16),
                    variant="soft",
                    size="1",
                    aria_label="Move field " + number + " up",
                    disabled=index == 0,
                    on_click=S.move_row(index, -1),
                ),
                rx.icon_button(
                    rx.icon("arrow_down", size=16),
                    variant="soft",
                    size="1",
                    aria_label="Move field " + number + " down",
                    disabled=index == S.rows.length() - 1,
                    on_click=S.move_row(index, 1),
                ),
                rx.icon_button(
                    rx.icon("trash_2", size=16),
                    variant="soft",
                    color_scheme="red",
                    size="1",
                    aria_label="Remove field " + number,
                    on_click=S.remove_row(index),
                ),
                spacing="2",
                width="100%",
                align="center",
            ),
            rx.flex(
                _labelled(
                    "Label",
                    rx.input(
                        value=row.label,
                        on_change=lambda v: S.set_field(index, "label", v),
                        debounce_timeout=300,
                        max_length=smart_forms.LABEL_MAX,
                        width="100%",
                    ),
                    index,
                    "label",
                    flex="2",
                    min_width="14em",
                ),
                _labelled(
                    "Type",
                    rx.el.select(
                        *[rx.el.option(text, value=kind) for kind, text in KIND_LABELS.items()],
                        value=row.kind,
                        on_change=lambda v: S.set_field(index, "kind", v),
                        class_name="native-select",
                    ),
                    index,
                    "kind",
                    flex="1",
                    min_width="9em",
                ),
                _labelled(
                    "Key",
                    rx.input(
                        value=row.key,
                        on_change=lambda v: S.set_field(index, "key", v),
                        debounce_timeout=300,
                        max_length=smart_forms.KEY_MAX,
                        placeholder="made from the label",
                        width="100%",
                    ),
                    index,
                    "key",
                    flex="1",
                    min_width="10em",
                ),
                spacing="3",
                wrap="wrap",
                width="100%",
            ),
            rx.el.label(
                rx.checkbox(checked=row.required, on_change=lambda v: S.set_field(index, "required", v)),
                rx.text("Required", size="2"),
                class_name="radio-option",
            ),
            rx.cond(
                row.kind == "select",
                _labelled(
                    "Options (one a line)",
                    rx.text_area(
                        value=row.options,
                        on_change=lambda v: S.set_field(index, "options", v),
                        debounce_timeout=300,
                        rows="4",
                        width="100%",
                    ),
                    index,
                    "options",
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _editor() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.el.label(rx.text("Category", size="2", weight="medium"), html_for="form-category"),
            rx.el.select(
                *[rx.el.option(label, value=slug) for slug, label in CATEGORIES.items()],
                id="form-category",
                value=S.category,
                on_change=S.choose_category,
                class_name="native-select",
            ),
            rx.text(
                rx.cond(S.version > 0, "Version " + S.version.to_string(), "No form yet"),
                size="2",
                color_scheme="gray",
            ),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        form_error(S.error),
        rx.cond(
            S.rows.length() > 0,
            rx.vstack(rx.foreach(S.rows, _row), spacing="3", width="100%"),
            rx.text("This category asks for no additional details.", color_scheme="gray"),
        ),
        rx.hstack(
            rx.button(
                rx.icon("plus", size=16),
                "Add field",
                variant="outline",
                on_click=S.add_row,
                disabled=S.at_field_limit,
            ),
            rx.spacer(),
            rx.button(
                rx.cond(S.saving, "Saving…", "Save"),
                on_click=S.save,
                disabled=S.saving,
                custom_attrs=press_once(),
            ),
            width="100%",
            wrap="wrap",
        ),
        spacing="4",
        width="100%",
        max_width="900px",
    )


@rx.page(route=ROUTE, title="Idea forms · Workflow", on_load=[SessionState.require_signed_in, S.load])
def form_templates_page() -> rx.Component:
    return page(
        rx.vstack(
            rx.heading("Idea forms", size="8"),
            rx.text(
                "The additional details each category asks for. Saving makes a new version; "
                "ideas already written keep the labels they were written with.",
                color_scheme="gray",
            ),
            rx.cond(S.loaded, _editor(), loading_skeleton()),
            spacing="4",
            width="100%",
        ),
        roles=(Role.SUPERADMIN.value,),
    )
