"""Idea building blocks: status badge, idea row, pager, empty state (ORIGINS D)."""

from __future__ import annotations

import reflex as rx

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
            (value, rx.badge(label, color_scheme=color, variant="soft" if value != "DRAFT" else "outline",
                             size="2"))
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


def relative_time(iso: rx.Var) -> rx.Component:
    """"3 hours ago" in the reader's own clock, with the exact time on hover."""
    return rx.moment(iso, from_now=True, title=iso)


def local_time(iso: rx.Var, fmt: str = "D MMM YYYY, HH:mm") -> rx.Component:
    return rx.moment(iso, format=fmt)


def idea_row(idea: rx.Var, *, href: rx.Var) -> rx.Component:
    """One idea in a list: title, author, category, status, time, visibility (ORIGINS C6)."""
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.link(rx.heading(idea["title"], size="4", as_="h3"), href=href, underline="hover"),
                rx.hstack(
                    rx.text(idea["author_name"], size="2", weight="medium"),
                    rx.text("·", size="2", color_scheme="gray"),
                    rx.text(idea["category_label"], size="2", color_scheme="gray"),
                    rx.text("·", size="2", color_scheme="gray"),
                    rx.text(relative_time(idea["created_at"]), size="2", color_scheme="gray"),
                    visibility_icon(idea["visibility"]),
                    spacing="2",
                    align="center",
                    wrap="wrap",
                ),
                spacing="1",
                align="start",
            ),
            rx.spacer(),
            status_badge(idea["status"]),
            align="center",
            width="100%",
        ),
        width="100%",
    )


def pager(*, page: rx.Var, total_pages: rx.Var, previous_href: rx.Var, next_href: rx.Var,
          has_previous: rx.Var, has_next: rx.Var) -> rx.Component:
    """"Previous / Page X of Y / Next" (ORIGINS C6); links, so the page lives in the URL."""
    return rx.el.nav(
        rx.hstack(
            rx.cond(
                has_previous,
                rx.link(rx.button("Previous", variant="soft"), href=previous_href),
                rx.button("Previous", variant="soft", disabled=True),
            ),
            rx.text("Page ", page, " of ", total_pages, size="2"),
            rx.cond(
                has_next,
                rx.link(rx.button("Next", variant="soft"), href=next_href),
                rx.button("Next", variant="soft", disabled=True),
            ),
            spacing="4",
            align="center",
            justify="center",
            width="100%",
        ),
        aria_label="Pagination",
        width="100%",
    )


def empty_state(text: str, *, action: rx.Component | None = None, icon: str = "inbox") -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon(icon, size=36, color=rx.color("gray", 9)),
            rx.text(text, color_scheme="gray", align="center"),
            action if action is not None else rx.fragment(),
            align="center",
            spacing="3",
        ),
        padding_y="3em",
        width="100%",
        border=f"1px dashed {rx.color('gray', 6)}",
        border_radius="var(--radius-3)",
    )
