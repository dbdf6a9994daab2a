"""The Reflex app: theme, pages and the API routes mounted beside the backend."""

from __future__ import annotations

import reflex as rx

from workflow_app.api.app import build_api
from workflow_app.pages import admin, home, login, register, settings  # noqa: F401  (registers pages)
from workflow_app.pages.not_found import not_found_page
from workflow_app.state.session import SessionState

app = rx.App(
    stylesheets=["/styles.css"],
    api_transformer=build_api(),
    toaster=rx.toast.provider(position="top-right", close_button=True),
)
app.add_page(not_found_page, route="404", title="Not found · Workflow", on_load=SessionState.load_optional)
