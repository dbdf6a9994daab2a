"""The WSOS section form and its "Similar sections found" warning (ORIGINS Part 2 C2).

Built from what it is given: a `SectionFormBinding` of the Vars it shows and the events it
fires. The state behind it lives with the pages (descriptors/pages/section_form_state.py, whose
`form_binding(state)` builds the binding). `section_dialog` is a modal opened by the state;
`section_inline` renders no <form>, so it may sit inside another form.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx
from reflex.event import EventHandler

from workflow_app.descriptors.domain import sections
from workflow_app.ui.components.forms import press_once

SIMILAR_TITLE = "Similar sections found"
SIMILAR_ADVICE = "Consider using an existing section instead of creating a duplicate."
SIMILAR_DEBOUNCE_MS = 500


@dataclass(frozen=True)
class SectionFormBinding:
    """What the form shows and what it calls."""

    title: rx.Var[str]  # "Create New Section" / "Edit Section"
    save_label: rx.Var[str]
    name: rx.Var[str]
    description: rx.Var[str]
    name_error: rx.Var[str]
    description_error: rx.Var[str]
    form_error: rx.Var[str]
    similar: rx.Var[list[dict[str, str]]]  # {id, name, label}
    saving: rx.Var[bool]
    is_open: rx.Var[bool]
    on_name_change: EventHandler  # (value), debounced
    on_description_change: EventHandler  # (value)
    on_submit: EventHandler  # (form_data), from the dialog's form
    on_save: EventHandler  # from the inline form's button
    on_close: EventHandler
    on_open_change: EventHandler  # (is_open), from the dialog


def similar_sections_box(items: rx.Var) -> rx.Component:
    """The amber advice box; the live region stays mounted so screen readers hear changes."""
    return rx.box(
        rx.cond(
            items.length() > 0,
            rx.callout.root(
                rx.callout.icon(rx.icon("triangle_alert")),
                rx.callout.text(SIMILAR_TITLE, weight="bold"),
                rx.el.ul(rx.foreach(items, lambda s: rx.el.li(s["label"])), margin="0", padding_left="1.25em"),
                rx.callout.text(SIMILAR_ADVICE, size="2"),
                color_scheme="amber",
                width="100%",
            ),
        ),
        aria_live="polite",
        width="100%",
    )


def _error(message: rx.Var, error_id: str) -> rx.Component:
    return rx.cond(
        message != "",
        rx.text(message, id=error_id, size="2", color_scheme="red", role="alert"),
        rx.el.span(id=error_id),
    )


def section_form(form: SectionFormBinding, *, id_prefix: str = "section", named: bool = False) -> rx.Component:
    """Name, similar-sections advice, description and errors; no buttons, no <form>.

    `named` gives the inputs form names (inside its own form only: in another page's form
    they would join that form's data)."""
    name_id, description_id = f"{id_prefix}-name", f"{id_prefix}-description"
    names = ({"name": name_id}, {"name": description_id}) if named else ({}, {})
    name_error, description_error = form.name_error, form.description_error
    return rx.vstack(
        rx.el.label("Name", html_for=name_id, class_name="field-label"),
        rx.input(
            id=name_id,
            value=form.name,
            on_change=form.on_name_change,
            debounce_timeout=SIMILAR_DEBOUNCE_MS,
            max_length=sections.NAME_MAX,
            size="3",
            width="100%",
            placeholder="e.g. Work Organisation and Management",
            auto_complete="off",
            aria_required="true",
            aria_invalid=rx.cond(name_error != "", "true", "false"),
            aria_describedby=f"{name_id}-error",
            **names[0],
        ),
        _error(name_error, f"{name_id}-error"),
        similar_sections_box(form.similar),
        rx.el.label("Description", html_for=description_id, class_name="field-label"),
        rx.text_area(
            id=description_id,
            value=form.description,
            on_change=form.on_description_change,
            debounce_timeout=300,
            max_length=sections.DESCRIPTION_MAX,
            rows="4",
            size="3",
            width="100%",
            aria_invalid=rx.cond(description_error != "", "true", "false"),
            aria_describedby=f"{description_id}-error",
            **names[1],
        ),
        _error(description_error, f"{description_id}-error"),
        rx.cond(
            form.form_error != "",
            rx.callout(form.form_error, icon="triangle_alert", color_scheme="red", role="alert", width="100%"),
        ),
        spacing="2",
        width="100%",
        align="stretch",
    )


def section_dialog(form: SectionFormBinding, *, id_prefix: str = "section") -> rx.Component:
    """The form in a modal, open while `form.is_open`; Enter submits."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(form.title),
            rx.dialog.description("Descriptors are grouped by WSOS section.", size="2", color_scheme="gray"),
            rx.form(
                section_form(form, id_prefix=id_prefix, named=True),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", type="button", variant="outline")),
                    rx.button(form.save_label, type="submit", loading=form.saving, custom_attrs=press_once()),
                    justify="end",
                    spacing="3",
                    margin_top="1em",
                ),
                on_submit=form.on_submit,
                reset_on_submit=False,
            ),
            max_width="560px",
        ),
        open=form.is_open,
        on_open_change=form.on_open_change,
    )


def section_inline(form: SectionFormBinding, *, id_prefix: str = "new-section") -> rx.Component:
    """The form in place (a card shown while open); safe inside another page's <form>."""
    return rx.cond(
        form.is_open,
        rx.card(
            rx.vstack(
                rx.heading(form.title, size="4", as_="h3"),
                section_form(form, id_prefix=id_prefix),
                rx.hstack(
                    rx.button("Cancel", type="button", variant="outline", on_click=form.on_close),
                    rx.button(
                        form.save_label,
                        type="button",
                        on_click=form.on_save,
                        loading=form.saving,
                        custom_attrs=press_once(),
                    ),
                    justify="end",
                    spacing="3",
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            width="100%",
        ),
    )
