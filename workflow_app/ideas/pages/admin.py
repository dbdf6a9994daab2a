"""/admin — the admin dashboard: counts, the Pending Review queue, who reviews what (ORIGINS C12)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import reflex as rx

from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.ideas.domain import dashboard, reviews
from workflow_app.ideas.pages.stage_components import escalation_queue
from workflow_app.ideas.pages.stage_review_state import EscalationsState
from workflow_app.models import Role
from workflow_app.ui import inputs, live
from workflow_app.ui.components.forms import link_button, press_once
from workflow_app.ui.components.layout import ADMIN_ROLES, page
from workflow_app.ui.components.listing import empty_state, pager, relative_time
from workflow_app.ui.components.stats import stat_card, stat_row
from workflow_app.ui.live_queue import LiveQueueMixin
from workflow_app.ui.rows import as_page_row
from workflow_app.ui.session import SessionState
from workflow_app.ui.wording import OVERDUE, RELEASE, STALE_CLAIM

PAGE_MAX = 10_000
ID_MAX = 64
RELEASED = "Claim released. The idea is back in the Pending Review queue."


@dataclass(frozen=True)
class QueueLine:
    """A submitted idea waiting for a reviewer."""

    idea_id: str = ""
    title: str = ""
    author_name: str = ""
    category_label: str = ""
    created_at: str = ""  # ISO 8601
    overdue: bool = False


@dataclass(frozen=True)
class InReviewLine:
    """An idea held by its reviewer until they decide."""

    idea_id: str = ""
    title: str = ""
    author_name: str = ""
    reviewer_name: str = ""
    started_at: str = ""  # ISO 8601
    stale: bool = False
    stage: str = ""  # reviewed in stages: which stage (no release: the stage's claimer completes it)


class AdminDashboardState(LiveQueueMixin, SessionState):
    """Refreshes itself when another admin claims or decides an idea, or one is submitted."""

    LIVE_TOPIC = live.IDEA_QUEUE
    counts: dict[str, int] = {}
    queue: list[QueueLine] = []
    queue_page: int = 1
    queue_pages: int = 1
    queue_total: int = 0
    in_review: list[InReviewLine] = []

    @rx.event
    async def load(self):
        page_number = inputs.whole_number(self.router.url.query_parameters.get("page"), low=1, high=PAGE_MAX, default=1)
        if self._shown(await self._call(_dashboard, page=page_number)):
            return self._follow_changes()
        return None

    def _live_work(self):
        return _dashboard, {"page": self.queue_page}

    def _live_apply(self, call) -> None:
        self._shown(call)

    def _shown(self, call) -> bool:
        """Puts the dashboard into the state; False when there is none for this person."""
        if call.signed_out:
            self.counts, self.queue, self.in_review = {}, [], []
            return False
        # The domain refuses each part to anyone but an admin.
        counts, queue, in_review = call.value
        self.counts = counts.value if counts.ok else {}
        if queue.ok:
            listing = queue.value
            self.queue = [as_page_row(QueueLine, row) for row in listing.items]
            self.queue_page, self.queue_pages, self.queue_total = listing.page, listing.total_pages, listing.total
        else:
            self.queue, self.queue_page, self.queue_pages, self.queue_total = [], 1, 1, 0
        self.in_review = [as_page_row(InReviewLine, row) for row in in_review.value] if in_review.ok else []
        return counts.ok

    @rx.event
    async def release(self, idea_id: str):
        """A SUPERADMIN gives a stale claim back to the queue (the domain's abandon decides)."""
        idea_id = inputs.short_text(idea_id, limit=ID_MAX)
        if not idea_id:
            return rx.toast.error(message_for(ErrorCode.IDEA_NOT_FOUND))
        call = await self._call(_release_and_show, idea_id=idea_id, page=self.queue_page)
        if call.signed_out:
            return rx.toast.error(message_for(ErrorCode.UNAUTHENTICATED))
        result, shown = call.value
        self._shown(replace(call, value=shown))
        if not result.ok:
            return rx.toast.error(result.message)
        live.publish(live.IDEA_QUEUE)
        return rx.toast.success(RELEASED)


def _release_and_show(session, actor, *, idea_id: str, page: int):
    return reviews.abandon_review(session, actor, idea_id=idea_id, clock=system_clock), _dashboard(
        session, actor, page=page
    )


def _dashboard(session, actor, *, page: int):
    return (
        dashboard.status_cards(session, actor),
        dashboard.pending_review_queue(session, actor, page=page),
        dashboard.in_review_list(session, actor),
    )


def _queue_row(row: rx.Var[QueueLine]) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.text(row.title, weight="medium")),
        rx.table.cell(row.author_name),
        rx.table.cell(row.category_label),
        rx.table.cell(
            rx.hstack(
                relative_time(row.created_at),
                rx.cond(row.overdue, rx.badge(OVERDUE, color_scheme="red")),
                spacing="2",
                align="center",
                wrap="wrap",
            )
        ),
        rx.table.cell(
            link_button(
                "Review",
                href="/admin/review/" + row.idea_id,
                size="1",
                variant="soft",
                aria_label="Review " + row.title,
            )
        ),
        align="center",
    )


def _queue() -> rx.Component:
    header = ["Idea", "Author", "Category", "Submitted", "Action"]
    return rx.vstack(
        rx.heading("Pending Review", size="5", as_="h2", id="pending-review"),
        rx.text("Submitted ideas waiting for a reviewer, oldest first.", size="2", color_scheme="gray"),
        rx.cond(
            AdminDashboardState.queue.length() > 0,
            rx.vstack(
                rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in header])),
                    rx.table.body(rx.foreach(AdminDashboardState.queue, _queue_row)),
                    width="100%",
                    variant="surface",
                    aria_label="Pending Review",
                ),
                pager(
                    page=AdminDashboardState.queue_page,
                    total_pages=AdminDashboardState.queue_pages,
                    previous_href="/admin?page=" + (AdminDashboardState.queue_page - 1).to_string(),
                    next_href="/admin?page=" + (AdminDashboardState.queue_page + 1).to_string(),
                    has_previous=AdminDashboardState.queue_page > 1,
                    has_next=AdminDashboardState.queue_page < AdminDashboardState.queue_pages,
                ),
                width="100%",
                spacing="3",
            ),
            empty_state(dashboard.EMPTY_QUEUE, icon="party_popper"),
        ),
        spacing="2",
        width="100%",
    )


is_superadmin = AdminDashboardState.role == Role.SUPERADMIN.value


def _in_review_row(row: rx.Var[InReviewLine]) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.link(row.title, href="/admin/review/" + row.idea_id)),
        rx.table.cell(row.author_name),
        rx.table.cell(
            rx.hstack(
                rx.icon("user_check", size=14),
                rx.text(row.reviewer_name),
                rx.cond(row.stage != "", rx.text("· ", row.stage, size="1", color_scheme="gray")),
                align="center",
                spacing="1",
                wrap="wrap",
            )
        ),
        rx.table.cell(
            rx.hstack(
                relative_time(row.started_at),
                rx.cond(row.stale, rx.badge(STALE_CLAIM, color_scheme="red")),
                spacing="2",
                align="center",
                wrap="wrap",
            )
        ),
        rx.cond(
            is_superadmin,
            rx.table.cell(
                rx.cond(
                    row.stale & (row.stage == ""),
                    rx.button(
                        RELEASE,
                        size="1",
                        variant="soft",
                        color_scheme="red",
                        on_click=AdminDashboardState.release(row.idea_id),
                        aria_label=RELEASE + " " + row.title,
                        custom_attrs=press_once(),
                    ),
                )
            ),
        ),
        align="center",
    )


def _in_review() -> rx.Component:
    header = ["Idea", "Author", "Reviewer", "Since"]
    action = rx.cond(is_superadmin, rx.table.column_header_cell("Action"))
    return rx.vstack(
        rx.heading("In Review", size="5", as_="h2", id="in-review"),
        rx.text("Each idea is held by one reviewer until they decide.", size="2", color_scheme="gray"),
        rx.cond(
            AdminDashboardState.in_review.length() > 0,
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in header], action)),
                rx.table.body(rx.foreach(AdminDashboardState.in_review, _in_review_row)),
                width="100%",
                variant="surface",
                aria_label="In Review",
            ),
            empty_state("No ideas are under review right now.", icon="coffee"),
        ),
        spacing="2",
        width="100%",
    )


@rx.page(
    route="/admin",
    title="Admin · Workflow",
    on_load=[SessionState.require_signed_in, AdminDashboardState.load, EscalationsState.load],
)
def admin_page() -> rx.Component:
    c = AdminDashboardState.counts
    return page(
        rx.vstack(
            rx.hstack(
                rx.heading("Admin dashboard", size="8"),
                rx.spacer(),
                *[
                    link_button(rx.icon(icon, size=16), label, variant="soft", href=href)
                    for label, href, icon in (
                        ("Audit Log", "/admin/audit", "scroll_text"),
                        ("Skills", "/admin/skills", "route"),
                        ("Curate Descriptors", "/admin/descriptors", "library"),
                        ("WSOS Sections", "/descriptors/sections", "folder_tree"),
                    )
                ],
                # The SUPERADMIN's configuration: here rather than in the header, which it would crowd.
                *[
                    rx.cond(is_superadmin, link_button(rx.icon(icon, size=16), label, variant="soft", href=href))
                    for label, href, icon in (
                        ("Idea Forms", "/admin/forms", "list_checks"),
                        ("Review Pipelines", "/admin/review-config", "git_branch"),
                    )
                ],
                align="center",
                spacing="2",
                width="100%",
                wrap="wrap",
            ),
            stat_row(
                stat_card("Total Ideas", c.get("TOTAL", 0), href="/ideas"),
                stat_card("Submitted", c.get("SUBMITTED", 0), href="#pending-review"),
                stat_card("Under Review", c.get("UNDER_REVIEW", 0), color="amber", href="#in-review"),
                stat_card("Accepted", c.get("ACCEPTED", 0), color="green", href="/ideas"),
                stat_card("Rejected", c.get("REJECTED", 0), color="red", href="/ideas"),
            ),
            escalation_queue(),
            _queue(),
            _in_review(),
            spacing="5",
            width="100%",
        ),
        roles=ADMIN_ROLES,
    )
