"""The styled 404 page (also used where existence must not leak)."""

from __future__ import annotations

import reflex as rx

from workflow_app.components.layout import public_page


def not_found_view() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.heading("404", size="9", color_scheme="gray"),
            rx.heading("Page not found", size="6"),
            rx.text("The page you are looking for does not exist or you cannot see it."),
            rx.link(rx.button("Go to Home"), href="/"),
            align="center",
            spacing="3",
        ),
        padding_y="6em",
    )


def not_found_page() -> rx.Component:
    return public_page(not_found_view())
