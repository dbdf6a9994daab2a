"""Labelled form fields with their inline error, so every control has an accessible name."""

from __future__ import annotations

import reflex as rx


def press_once() -> dict[str, str]:
    """A command button takes one press until the server has answered (assets/press_once.js):
    `rx.button(..., custom_attrs=press_once())`, a new dict each time (Reflex keeps what it gets)."""
    return {"data-once": "1"}


def field(
    label: str,
    name: str,
    *,
    error: rx.Var | str = "",
    type: str = "text",
    placeholder: str = "",
    autocomplete: str = "off",
    default_value: rx.Var | str | None = None,
    hint: str = "",
    max_length: int | None = None,
) -> rx.Component:
    field_id = f"field-{name}"
    error_id = f"{field_id}-error"
    props = {}
    if default_value is not None:
        props["default_value"] = default_value
    if max_length is not None:
        props["max_length"] = max_length
    return rx.vstack(
        rx.el.label(label, html_for=field_id, class_name="field-label"),
        rx.input(
            id=field_id,
            name=name,
            type=type,
            placeholder=placeholder,
            auto_complete=autocomplete,
            width="100%",
            size="3",
            aria_invalid=rx.cond(error != "", "true", "false"),
            aria_describedby=error_id,
            **props,
        ),
        rx.cond(hint != "", rx.text(hint, size="1", color_scheme="gray")),
        rx.cond(
            error != "",
            rx.text(error, id=error_id, size="2", color_scheme="red", role="alert"),
            rx.el.span(id=error_id),
        ),
        spacing="1",
        width="100%",
        align="stretch",
    )


def form_error(message: rx.Var) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(message, icon="triangle_alert", color_scheme="red", role="alert", width="100%"),
    )


def form_notice(message: rx.Var) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(message, icon="circle_check", color_scheme="green", role="status", width="100%"),
    )


def link_button(*children: rx.Component | str | rx.Var, href: rx.Var | str, **button: object) -> rx.Component:
    """A link that looks like a button: one element, one Tab stop (not a button inside a link).
    Radix's Button lends its classes to the link (`as_child`); routing stays client-side."""
    return rx.button(rx.link(*children, href=href, underline="none"), as_child=True, **button)
