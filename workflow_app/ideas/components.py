"""Idea building blocks: status badge, visibility icon, idea row (ORIGINS D)."""

from __future__ import annotations

import reflex as rx

from workflow_app.ui.components.listing import relative_time

# status → (label, Radix colour) as in ORIGINS D "Status badges".
STATUS_BADGES = {
    "DRAFT": ("Draft", "gray"),
    "SUBMITTED": ("Submitted", "gray"),
    "UNDER_REVIEW": ("Under Review", "amber"),
    "ACCEPTED": ("Accepted", "green"),
    "REJECTED": ("Rejected", "red"),
}


def status_badge(status: rx.Var) -> rx.Component:
    return rx.match(
        status,
        *[
            (value, rx.badge(label, color_scheme=color, variant="soft" if value != "DRAFT" else "outline", size="2"))
            for value, (label, color) in STATUS_BADGES.items()
        ],
        rx.badge(status, size="2"),
    )


def visibility_icon(visibility: rx.Var) -> rx.Component:
    return rx.cond(
        visibility == "PRIVATE",
        rx.tooltip(rx.icon("lock", size=14, aria_label="Private"), content="Private: only you and admins"),
        rx.tooltip(rx.icon("globe", size=14, aria_label="Public"), content="Public: every signed-in user"),
    )


def idea_row(idea: rx.Var, *, href: rx.Var, show_author: bool = True) -> rx.Component:
    """One idea in a list: title, author, category, status, time, visibility (ORIGINS C6); `idea` is
    a row with those fields (ideas/pages/idea_rows.py `IdeaLine`). My Ideas leaves out the author:
    it is the reader, on every card."""
    author = [rx.text(idea.author_name, size="2", weight="medium"), rx.text("·", size="2", color_scheme="gray")]
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.link(rx.heading(idea.title, size="4", as_="h2"), href=href, underline="hover"),
                rx.hstack(
                    *(author if show_author else []),
                    rx.text(idea.category_label, size="2", color_scheme="gray"),
                    rx.text("·", size="2", color_scheme="gray"),
                    rx.text(relative_time(idea.created_at), size="2", color_scheme="gray"),
                    visibility_icon(idea.visibility),
                    spacing="2",
                    align="center",
                    wrap="wrap",
                ),
                spacing="1",
                align="start",
            ),
            rx.spacer(),
            status_badge(idea.status),
            align="center",
            width="100%",
        ),
        width="100%",
    )
