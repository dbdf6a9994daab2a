"""Stat cards used on the home page and dashboards."""

from __future__ import annotations

import reflex as rx


def stat_card(label: str, value: rx.Var, *, color: str = "gray", href: str | None = None) -> rx.Component:
    card = rx.card(
        rx.vstack(
            rx.text(label, size="2", color_scheme="gray", weight="medium"),
            rx.heading(value, size="8", color_scheme=color),
            spacing="1",
        ),
        size="2",
        min_width="160px",
        flex="1",
    )
    return rx.link(card, href=href, underline="none") if href else card


def stat_row(*cards: rx.Component) -> rx.Component:
    return rx.flex(*cards, gap="3", wrap="wrap", width="100%")
