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
        width="100%",
        height="100%",
    )
    cell = {"min_width": "150px", "flex": "1 1 150px"}  # linked or not, every card the same width
    if href:
        return rx.link(card, href=href, underline="none", class_name="stat-link", **cell)
    return rx.box(card, **cell)


def stat_row(*cards: rx.Component) -> rx.Component:
    return rx.flex(*cards, spacing="3", wrap="wrap", width="100%")
