"""/admin — the admin dashboard: ideas per status (ADMIN, SUPERADMIN)."""

from __future__ import annotations

import reflex as rx

from workflow_app.components.layout import ADMIN_ROLES, page
from workflow_app.components.stats import stat_card, stat_row
from workflow_app.db import open_session
from workflow_app.domain import overview
from workflow_app.state.session import SessionState


class AdminDashboardState(SessionState):
    counts: dict[str, int] = {}

    @rx.var
    def total(self) -> int:
        return sum(self.counts.values())

    @rx.event
    def load(self):
        actor = self._current_actor()
        if actor is None or not actor.is_admin:
            self.counts = {}
            return
        with open_session() as session:
            self.counts = overview.idea_status_counts(session, actor, mine=False)


@rx.page(route="/admin", title="Admin · Workflow",
         on_load=[SessionState.require_signed_in, AdminDashboardState.load])
def admin_page() -> rx.Component:
    c = AdminDashboardState.counts
    return page(
        rx.vstack(
            rx.heading("Admin dashboard", size="8"),
            rx.text("Every submitted idea, by status.", color_scheme="gray"),
            stat_row(
                stat_card("Total Ideas", AdminDashboardState.total),
                stat_card("Submitted", c.get("SUBMITTED", 0)),
                stat_card("Under Review", c.get("UNDER_REVIEW", 0), color="amber"),
                stat_card("Accepted", c.get("ACCEPTED", 0), color="green"),
                stat_card("Rejected", c.get("REJECTED", 0), color="red"),
            ),
            spacing="5",
            width="100%",
        ),
        roles=ADMIN_ROLES,
    )
