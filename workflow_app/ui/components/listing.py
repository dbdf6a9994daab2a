"""What every list and detail page uses: times in the reader's clock, the pager, the empty state."""

from __future__ import annotations

import reflex as rx


def relative_time(iso: rx.Var) -> rx.Component:
    """ "3 hours ago" in the reader's own clock, with the exact time on hover."""
    return rx.moment(iso, from_now=True, title=iso)


def local_time(iso: rx.Var, fmt: str = "D MMM YYYY, HH:mm") -> rx.Component:
    return rx.moment(iso, format=fmt)


def pager(
    *,
    page: rx.Var,
    total_pages: rx.Var,
    previous_href: rx.Var,
    next_href: rx.Var,
    has_previous: rx.Var,
    has_next: rx.Var,
) -> rx.Component:
    """ "Previous / Page X of Y / Next" (ORIGINS C6); links, so the page lives in the URL. A list
    that fits one page shows none."""
    return rx.cond(has_previous | has_next, _pager(page, total_pages, previous_href, next_href, has_previous, has_next))


def _pager(page, total_pages, previous_href, next_href, has_previous, has_next) -> rx.Component:
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
