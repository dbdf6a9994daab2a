"""The autosave status line: Saving… / Saved at HH:MM / Not saved — offline (SPEC §3)."""

from __future__ import annotations

import reflex as rx
from reflex_components_core.core.banner import has_connection_errors

from workflow_app.ui.components.listing import local_time


def _with_icon(icon: str | None, *children) -> rx.Component:
    parts = [rx.icon(icon, size=14)] if icon else []
    return rx.hstack(*parts, *children, spacing="1", align="center")


def autosave_status(state, *, has_record: rx.Var, new_hint: str) -> rx.Component:
    """`state` mixes in AutosaveMixin; `has_record` says whether a server copy exists yet."""
    return rx.box(
        rx.cond(
            has_connection_errors,
            _with_icon("cloud_off", rx.text("Not saved — offline")),
            rx.match(
                state.save_status,
                ("saving", rx.hstack(rx.spinner(size="1"), rx.text("Saving…"), spacing="1", align="center")),
                ("saved", _with_icon("check", rx.text("Saved at "), local_time(state.saved_at, "HH:mm"))),
                (
                    "dirty",
                    rx.cond(has_record, rx.text("Unsaved changes…"), rx.text("Kept in this browser until you save")),
                ),
                ("invalid", rx.text("Not saved yet — complete the highlighted fields")),
                ("retrying", _with_icon("refresh_cw", rx.text("Not saved — retrying…"))),
                ("failed", rx.text("Not saved — retrying when you type again")),
                ("conflict", rx.text("Not saved — changed in another window")),
                ("gone", _with_icon("lock", rx.text("Can no longer be saved — your text is still here to copy"))),
                rx.cond(has_record, rx.text("Changes are saved automatically"), rx.text(new_hint)),
            ),
        ),
        id="save-status",
        role="status",
        aria_live="polite",
        class_name=rx.cond(
            has_connection_errors
            | (state.save_status == "conflict")
            | (state.save_status == "retrying")
            | (state.save_status == "gone"),
            "save-status alarm",
            "save-status",
        ),
    )
