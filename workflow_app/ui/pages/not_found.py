"""The styled 404 page (also used where existence must not leak)."""

from __future__ import annotations

import reflex as rx

from workflow_app.ui.components.layout import public_page, status_view


def not_found_view() -> rx.Component:
    return status_view("404", "Page not found", "The page you are looking for does not exist or you cannot see it.")


def not_found_page() -> rx.Component:
    return public_page(not_found_view())
