"""/admin/audit — who did what and when, filtered by actor, action, target and date; CSV export."""

from __future__ import annotations

from collections.abc import Mapping

import reflex as rx

from workflow_app.accounts.components import (
    ACTION_LABELS,
    ALL_ACTIONS,
    DETAILS_MAX,
    action_select,
    audit_table,
)
from workflow_app.api.audit_export import DATE_UNREADABLE, FILTER_PARAMS, filter_query, filters_from_query
from workflow_app.core import audit_log
from workflow_app.core.audit_log import AuditFilters, AuditRow
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.ui import inputs
from workflow_app.ui.components.forms import field, form_error
from workflow_app.ui.components.layout import ADMIN_ROLES, page
from workflow_app.ui.components.listing import empty_state, pager
from workflow_app.ui.rows import iso_utc
from workflow_app.ui.session import SessionState

ROUTE = "/admin/audit"
EMPTY = "No audit entries match these filters."
# Search boxes: longer text is no filter at all. Dates are YYYY-MM-DD; longer cannot be read.
SEARCH_LIMITS = {"actor": 200, "action": 64, "target": 200}
DATE_INPUT_MAX = 10
PAGE_MAX = 100_000


def checked_filters(values: object) -> dict[str, str] | str:
    """The filters (as FILTER_PARAMS names them) as capped text, or why they cannot be read."""
    if not isinstance(values, Mapping):
        return message_for(ErrorCode.VALIDATION_ERROR)
    filters = {name: inputs.short_text(values.get(name) or "", limit=cap) for name, cap in SEARCH_LIMITS.items()}
    for name in ("from", "to"):
        day = inputs.text(values.get(name) or "", limit=DATE_INPUT_MAX, too_long=DATE_UNREADABLE)
        if isinstance(day, inputs.Refusal):
            return day.message
        filters[name] = day
    return {name: filters[name] for name in FILTER_PARAMS}


def _entry(row: AuditRow) -> dict[str, str]:
    return {
        "id": str(row.id),
        "created_at": iso_utc(row.created_at),
        "actor_name": row.actor_name,
        "action_label": ACTION_LABELS.get(row.action, row.action),
        "target_type": row.target_type,
        "target_id": row.target_id or "",
        "target_label": row.target_title or row.target_id or "—",
        "details": row.summary if len(row.summary) <= DETAILS_MAX else row.summary[: DETAILS_MAX - 1] + "…",
    }


class AuditLogState(SessionState):
    entries: list[dict[str, str]] = []
    page_number: int = 1
    total_pages: str = "1"  # "500+" when the count stopped there
    total: int = 0
    more: bool = False  # there are more than `total` entries
    has_next: bool = False
    # The filters as they appear in the URL (empty = any); the form starts from them.
    actor_query: str = ""
    action: str = ""
    target: str = ""
    date_from: str = ""
    date_to: str = ""
    error: str = ""

    def _query(self) -> str:
        return filter_query(
            {
                "actor": self.actor_query,
                "action": self.action,
                "target": self.target,
                "from": self.date_from,
                "to": self.date_to,
            }
        )

    def _href(self, page_number: int) -> str:
        query = self._query()
        return f"{ROUTE}?{query + '&' if query else ''}page={page_number}"

    @rx.var
    def previous_href(self) -> str:
        return self._href(self.page_number - 1)

    @rx.var
    def next_href(self) -> str:
        return self._href(self.page_number + 1)

    @rx.var
    def csv_href(self) -> str:
        query = self._query()
        return f"{self.api_origin}/api/admin/audit.csv{'?' + query if query else ''}"

    @rx.var
    def form_key(self) -> str:
        """Changes with the applied filters, so the form is rebuilt showing them."""
        return self._query()

    @rx.var
    def action_choice(self) -> str:
        return self.action or ALL_ACTIONS

    @rx.var
    def total_label(self) -> str:
        if self.more:
            return f"{self.total:,}+ entries"
        return "1 entry" if self.total == 1 else f"{self.total:,} entries"

    def _show_nothing(self, error: str = "") -> None:
        self.entries, self.total, self.page_number, self.total_pages, self.error = [], 0, 1, "1", error
        self.more = self.has_next = False

    @rx.event
    async def load(self):
        params = self.router.url.query_parameters
        checked = checked_filters(params)
        if isinstance(checked, str):
            self.actor_query = self.action = self.target = self.date_from = self.date_to = ""
            self._show_nothing(checked)
            return
        self.actor_query, self.action, self.target = checked["actor"], checked["action"], checked["target"]
        self.date_from, self.date_to = checked["from"], checked["to"]
        filters = filters_from_query(checked)
        if not isinstance(filters, AuditFilters):
            self._show_nothing(filters)
            return
        page_number = inputs.whole_number(params.get("page"), low=1, high=PAGE_MAX, default=1)
        call = await self._call(_search, filters=filters, page=page_number)
        if call.signed_out or not call.actor.is_admin:
            self._show_nothing()
            return
        result = call.value
        if not result.ok:
            self._show_nothing(result.message)
            return
        listing = result.value
        self.error = ""
        self.entries = [_entry(row) for row in listing.items]
        self.page_number, self.total_pages, self.total = listing.page, listing.total_pages_label, listing.total
        self.more, self.has_next = listing.more, listing.has_next

    @rx.event
    def apply_filters(self, form_data: dict):
        if isinstance(form_data, dict) and form_data.get("action") == ALL_ACTIONS:
            form_data = {**form_data, "action": ""}
        checked = checked_filters(form_data)
        if isinstance(checked, str):
            self.error = checked
            return
        query = filter_query(checked)
        return rx.redirect(f"{ROUTE}?{query + '&' if query else ''}page=1")

    @rx.event
    def clear_filters(self):
        return rx.redirect(ROUTE)


def _search(session, actor, *, filters: AuditFilters, page: int):
    return audit_log.search_audit_log(
        session,
        actor,
        actor_query=filters.actor_query,
        action=filters.action,
        target=filters.target,
        date_from=filters.date_from,
        date_to=filters.date_to,
        page=page,
    )


def _filter_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.grid(
                field(
                    "Actor",
                    "actor",
                    default_value=AuditLogState.actor_query,
                    max_length=200,
                    hint="Part of the person's name",
                ),
                action_select(AuditLogState.action_choice),
                field(
                    "Target",
                    "target",
                    default_value=AuditLogState.target,
                    max_length=200,
                    hint="An id, or words from its title",
                ),
                field("From", "from", type="date", default_value=AuditLogState.date_from),
                field("To", "to", type="date", default_value=AuditLogState.date_to),
                columns=rx.breakpoints(initial="1", sm="2", md="5"),
                spacing="3",
                width="100%",
            ),
            rx.hstack(
                rx.button("Apply filters", type="submit"),
                # type=reset empties what was typed even when no filter was applied yet.
                rx.button(
                    "Clear", type="reset", variant="soft", color_scheme="gray", on_click=AuditLogState.clear_filters
                ),
                spacing="3",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=AuditLogState.apply_filters,
        key=AuditLogState.form_key,
        aria_label="Filter the audit log",
        width="100%",
    )


def _entries() -> rx.Component:
    return rx.cond(
        AuditLogState.entries.length() > 0,
        rx.vstack(
            audit_table(AuditLogState.entries),
            pager(
                page=AuditLogState.page_number,
                total_pages=AuditLogState.total_pages,
                previous_href=AuditLogState.previous_href,
                next_href=AuditLogState.next_href,
                has_previous=AuditLogState.page_number > 1,
                has_next=AuditLogState.has_next,
            ),
            spacing="3",
            width="100%",
        ),
        empty_state(EMPTY, icon="scroll_text"),
    )


@rx.page(route=ROUTE, title="Audit log · Workflow", on_load=[SessionState.require_signed_in, AuditLogState.load])
def admin_audit_page() -> rx.Component:
    return page(
        rx.vstack(
            rx.hstack(
                rx.vstack(
                    rx.heading("Audit log", size="8"),
                    rx.text(AuditLogState.total_label, color_scheme="gray"),
                    spacing="1",
                ),
                rx.spacer(),
                rx.link(
                    rx.hstack(rx.icon("download", size=16), "Download CSV", align="center", spacing="2"),
                    href=AuditLogState.csv_href,
                    download=True,
                    reload_document=True,
                ),
                align="end",
                width="100%",
            ),
            _filter_form(),
            form_error(AuditLogState.error),
            _entries(),
            spacing="4",
            width="100%",
        ),
        roles=ADMIN_ROLES,
    )
