"""Audit log building blocks: action labels, the action filter, the entries table."""

from __future__ import annotations

import reflex as rx

from workflow_app.models.enums import AuditAction
from workflow_app.ui.components.listing import local_time

ALL_ACTIONS = "all"  # a Radix select item cannot have the empty value
# "DRAFT_SAVED" → "Draft saved"
ACTION_LABELS = {action.value: action.value.replace("_", " ").capitalize() for action in AuditAction}
DETAILS_MAX = 300


def action_select(default_value: rx.Var | str) -> rx.Component:
    return rx.vstack(
        rx.el.label("Action", html_for="field-action", class_name="field-label"),
        rx.select.root(
            rx.select.trigger(id="field-action", aria_label="Action", width="100%"),
            rx.select.content(
                rx.select.item("All actions", value=ALL_ACTIONS),
                *[rx.select.item(label, value=value) for value, label in ACTION_LABELS.items()],
            ),
            name="action",
            default_value=default_value,
            size="3",
        ),
        spacing="1",
        width="100%",
        align="stretch",
    )


def _target(entry: rx.Var) -> rx.Component:
    title = rx.cond(
        (entry["target_type"] == "idea") & (entry["target_id"] != ""),
        rx.link(entry["target_label"], href="/ideas/" + entry["target_id"], underline="hover"),
        rx.text(entry["target_label"], as_="span"),
    )
    return rx.vstack(rx.text(entry["target_type"], size="1", color_scheme="gray"), title, spacing="0")


def _entry_row(entry: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(local_time(entry["created_at"]), white_space="nowrap"),
        rx.table.cell(entry["actor_name"]),
        rx.table.cell(rx.badge(entry["action_label"], variant="soft", size="1")),
        rx.table.cell(_target(entry)),
        rx.table.cell(rx.text(entry["details"], size="1", color_scheme="gray", style={"word_break": "break-word"})),
        align="center",
    )


def audit_table(entries: rx.Var) -> rx.Component:
    headers = ["Time", "Actor", "Action", "Target", "Details"]
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
        rx.table.body(rx.foreach(entries, _entry_row)),
        width="100%",
        variant="surface",
        size="1",
        aria_label="Audit log",
    )
