"""What every list and detail page uses: times in the reader's clock, the pager, the empty state."""

from __future__ import annotations

import reflex as rx

from workflow_app.ui.components.forms import link_button


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
                link_button("Previous", variant="soft", href=previous_href),
                rx.button("Previous", variant="soft", disabled=True),
            ),
            rx.text("Page ", page, " of ", total_pages, size="2"),
            rx.cond(
                has_next,
                link_button("Next", variant="soft", href=next_href),
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


def loading_skeleton() -> rx.Component:
    """The page's shape while its data is on the way: a heading, a line and three cards, in place
    of a blank page or a lone spinner."""
    return rx.vstack(
        rx.skeleton(height="2.75rem", width="min(420px, 70%)"),
        rx.skeleton(height="1rem", width="min(300px, 50%)"),
        *[rx.skeleton(height="5.5rem", width="100%") for _ in range(3)],
        spacing="4",
        width="100%",
        role="status",
        aria_label="Loading",
        aria_busy="true",
    )
