"""/ — what matters to the signed-in person, by role."""

from __future__ import annotations

import reflex as rx

from workflow_app.core.clock import system_clock
from workflow_app.descriptors.domain.counts import home_counts as descriptor_tiles
from workflow_app.ideas.domain.counts import home_counts as idea_tiles
from workflow_app.models import Role
from workflow_app.ui import wording
from workflow_app.ui.components.forms import link_button
from workflow_app.ui.components.layout import page
from workflow_app.ui.components.stats import stat_card, stat_row
from workflow_app.ui.session import SessionState


class HomeState(SessionState):
    idea_counts: dict[str, int] = {}
    draft_count: int = 0
    descriptor_counts: dict[str, int] = {}
    awaiting_me: int = 0

    @rx.event
    async def load(self):
        call = await self._call(_home_counts, clock=system_clock)
        if call.signed_out:
            return
        counts = call.value
        self.idea_counts, self.draft_count = counts["ideas"], counts["drafts"]
        self.descriptor_counts, self.awaiting_me = counts["descriptors"], counts["awaiting_me"]


def _panel_heading(title: str, action: str, *, href: str) -> rx.Component:
    """A panel's heading with the call to action that starts its kind of work."""
    return rx.hstack(
        rx.heading(title, size="5", as_="h2"),
        rx.spacer(),
        link_button(rx.icon("plus", size=16), action, href=href),
        align="center",
        width="100%",
        wrap="wrap",
        spacing="3",
    )


def _my_ideas() -> rx.Component:
    c = HomeState.idea_counts
    return rx.vstack(
        _panel_heading("My ideas", wording.SUBMIT_IDEA, href="/ideas/new"),
        stat_row(
            stat_card("Drafts", HomeState.draft_count, href="/my-ideas?tab=drafts"),
            stat_card("Submitted", c.get("SUBMITTED", 0), href="/my-ideas?status=SUBMITTED"),
            stat_card("Under Review", c.get("UNDER_REVIEW", 0), color="amber", href="/my-ideas?status=UNDER_REVIEW"),
            stat_card("Accepted", c.get("ACCEPTED", 0), color="green", href="/my-ideas?status=ACCEPTED"),
            stat_card("Rejected", c.get("REJECTED", 0), color="red", href="/my-ideas?status=REJECTED"),
        ),
        spacing="3",
        width="100%",
    )


def _scm_panel() -> rx.Component:
    c = HomeState.descriptor_counts
    return rx.vstack(
        _panel_heading("My descriptors", wording.CREATE_DESCRIPTOR, href="/descriptors/new"),
        stat_row(
            stat_card("Draft Batch", c.get("DRAFT", 0), href="/descriptors/mine"),
            stat_card("Returned for Revision", c.get("RETURNED", 0), color="red", href="/descriptors/mine"),
            stat_card("Pending Review", c.get("PENDING_REVIEW", 0), color="amber", href="/descriptors/mine"),
            stat_card("Approved", c.get("APPROVED", 0), color="green", href="/descriptors/mine"),
        ),
        spacing="3",
        width="100%",
    )


def _sa_panel() -> rx.Component:
    return rx.vstack(
        rx.heading("Descriptors awaiting your review", size="5", as_="h2"),
        stat_row(stat_card("Pending Review", HomeState.awaiting_me, color="amber", href="/descriptors/review")),
        link_button(wording.REVIEW_DESCRIPTORS, variant="soft", href="/descriptors/review"),
        spacing="3",
        width="100%",
    )


def _admin_panel() -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("shield_check")),
        rx.callout.text(
            "You review ideas. The admin dashboard shows the status of every idea. ",
            rx.link("Open the admin dashboard", href="/admin"),
        ),
        width="100%",
    )


@rx.page(route="/", title="Home · Workflow", on_load=[SessionState.require_signed_in, HomeState.load])
def home_page() -> rx.Component:
    return page(
        rx.vstack(
            rx.heading(rx.text.span("Welcome, "), SessionState.display_name, size="8"),
            rx.text("You are signed in as ", rx.text.strong(SessionState.role_label), ".", color_scheme="gray"),
            rx.cond(SessionState.is_admin, _admin_panel()),
            rx.cond(SessionState.role == Role.SCM.value, _scm_panel()),
            rx.cond(SessionState.role == Role.SA.value, _sa_panel()),
            _my_ideas(),
            spacing="5",
            width="100%",
        )
    )


def _home_counts(session, actor, *, clock) -> dict:
    """What the home page shows this person: their ideas, plus their role's descriptor work."""
    return {**idea_tiles(session, actor, clock=clock), **descriptor_tiles(session, actor)}
