"""/my-ideas — the person's own ideas, tabs Submitted | Drafts (ORIGINS C8, D "Drafts tab")."""

from __future__ import annotations

import json
from dataclasses import dataclass

import reflex as rx

from workflow_app.core.clock import system_clock
from workflow_app.ideas.components import STATUS_BADGES, idea_row
from workflow_app.ideas.domain import draft_queries, drafts, idea_queries
from workflow_app.ideas.domain.idea_rules import category_label
from workflow_app.ideas.pages.idea_rows import IdeaLine, idea_line
from workflow_app.models import IdeaStatus
from workflow_app.ui import inputs, wording
from workflow_app.ui.components.forms import link_button, press_once
from workflow_app.ui.components.layout import page
from workflow_app.ui.components.listing import empty_state, relative_time
from workflow_app.ui.confirm import PendingDeleteMixin
from workflow_app.ui.rows import as_page_row
from workflow_app.ui.session import SessionState

SUBMITTED, DRAFTS = "submitted", "drafts"
TABS = (SUBMITTED, DRAFTS)
ID_MAX = 64
ANY = ""  # the Submitted tab's status filter: every status
STATUSES = tuple(s.value for s in IdeaStatus if s != IdeaStatus.DRAFT)


@dataclass(frozen=True)
class DraftLine:
    """One of the person's drafts, active or expired."""

    id: str = ""
    title: str = ""  # "Untitled Draft" when it has none yet
    category_label: str = ""
    updated_at: str = ""  # ISO 8601
    draft_expires_at: str = ""  # ISO 8601: when it expires, or expired


def _draft_line(row: draft_queries.DraftRow) -> DraftLine:
    return as_page_row(DraftLine, row, title=row.title or "Untitled Draft", category_label=category_label(row.category))


class MyIdeasState(PendingDeleteMixin, SessionState):
    tab: str = SUBMITTED
    status: str = ANY  # ?status=ACCEPTED: the list a count on Home links to
    submitted: list[IdeaLine] = []
    active: list[DraftLine] = []
    expired: list[DraftLine] = []
    deleting: bool = False

    @rx.var
    def draft_badge_label(self) -> str:
        return f"{len(self.active)} active drafts"

    @rx.event
    async def load(self):
        params = self.router.url.query_parameters
        self.tab = inputs.choice(params.get("tab"), TABS, default=SUBMITTED)
        self.status = inputs.choice(params.get("status"), STATUSES, default=ANY)
        self.pending_delete = ""
        call = await self._call(_lists, status=self.status)
        if not call.signed_out:
            self._show(call.value)

    def _show(self, lists) -> None:
        self.submitted, self.active, self.expired = lists

    @rx.event
    def change_tab(self, tab: str):
        self.tab = inputs.choice(tab, TABS, default=SUBMITTED)

    @rx.event
    async def confirm_delete(self):
        # Set by the client through ask_delete: checked like any other argument.
        draft_id = inputs.short_text(self.pending_delete, limit=ID_MAX)
        self.deleting = True
        yield
        call = await self._call(_delete_and_lists, draft_id=draft_id, status=self.status)
        self.deleting, self.pending_delete = False, ""
        if call.signed_out:
            yield self._login_redirect()
            return
        result, lists = call.value
        self._show(lists)
        if not result.ok:
            yield rx.toast.error(result.message)
            return
        key = json.dumps(f"draft_autosave_{call.actor.user_id}_{draft_id}")
        yield [
            rx.call_script(f"window.workflowDrafts && window.workflowDrafts.clear({key})"),
            rx.toast.success("Draft deleted."),
            rx.set_focus("my-ideas-tabs"),
        ]


def _lists(session, actor, *, status: str = ANY) -> tuple[list[IdeaLine], list[DraftLine], list[DraftLine]]:
    """Submitted ideas (of one status, when filtered), active drafts and expired drafts, as the
    page shows them."""
    only = IdeaStatus(status) if status else None
    return (
        [idea_line(r) for r in idea_queries.my_submitted_ideas(session, actor, status=only)],
        [_draft_line(r) for r in draft_queries.active_drafts(session, actor, clock=system_clock)],
        [_draft_line(r) for r in draft_queries.expired_drafts(session, actor, clock=system_clock)],
    )


def _delete_and_lists(session, actor, *, draft_id: str, status: str = ANY):
    result = drafts.delete_draft(session, actor, draft_id=draft_id, clock=system_clock)
    return result, _lists(session, actor, status=status)


def _status_filter() -> rx.Component:
    """All / one status, as links: the filter lives in the URL, as Home's counts link to it."""
    choices = [(ANY, "All")] + [(value, STATUS_BADGES[value][0]) for value in STATUSES]
    return rx.el.nav(
        rx.hstack(
            *[
                rx.link(
                    label,
                    href="/my-ideas" + (f"?status={value}" if value else ""),
                    class_name="filter-chip",
                    aria_current=rx.cond(MyIdeasState.status == value, "page", None),
                    underline="none",
                )
                for value, label in choices
            ],
            spacing="2",
            wrap="wrap",
        ),
        aria_label="Filter by status",
    )


def _submitted_tab() -> rx.Component:
    someone = (MyIdeasState.status != ANY) | (MyIdeasState.submitted.length() > 0)
    return rx.vstack(rx.cond(someone, _status_filter()), _submitted_list(), spacing="3", width="100%")


def _submitted_list() -> rx.Component:
    return rx.cond(
        MyIdeasState.status != ANY,
        rx.cond(
            MyIdeasState.submitted.length() > 0,
            _submitted_rows(),
            empty_state("None of your ideas has this status.", icon="filter"),
        ),
        _all_submitted(),
    )


def _submitted_rows() -> rx.Component:
    return rx.vstack(
        rx.foreach(MyIdeasState.submitted, lambda idea: idea_row(idea, href="/ideas/" + idea.id, show_author=False)),
        spacing="2",
        width="100%",
    )


def _all_submitted() -> rx.Component:
    return rx.cond(
        MyIdeasState.submitted.length() > 0,
        _submitted_rows(),
        empty_state(
            "You haven't submitted any ideas yet.",
            action=link_button(wording.SUBMIT_FIRST_IDEA, href="/ideas/new"),
        ),
    )


def _draft_card(draft: rx.Var[DraftLine], *, expired: bool) -> rx.Component:
    """An active draft: when it was saved, Resume / Delete; an expired one: when it expired,
    Read (the editor, read-only, with its text to copy or start again from) / Delete permanently."""
    muted = {"size": "2", "color_scheme": "gray"}
    saved = rx.text("Saved ", relative_time(draft.updated_at), **muted)
    when = rx.cond(
        draft.draft_expires_at != "", rx.text("Expired ", relative_time(draft.draft_expires_at), **muted), saved
    )
    open_label, delete_label = ("Read", "Delete permanently") if expired else ("Resume", "Delete")
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.text(draft.title, weight="bold"),
                rx.hstack(
                    rx.text(draft.category_label, **muted),
                    rx.text("·", **muted),
                    when if expired else saved,
                    spacing="2",
                    wrap="wrap",
                ),
                spacing="1",
                align="start",
            ),
            rx.spacer(),
            rx.hstack(
                link_button(
                    open_label,
                    href="/ideas/" + draft.id + "/edit",
                    variant="outline",
                    aria_label=f"{open_label} " + draft.title,
                ),
                rx.button(
                    delete_label,
                    variant="soft",
                    color_scheme="red",
                    on_click=MyIdeasState.ask_delete(draft.id),
                    aria_label=f"{delete_label} " + draft.title,
                ),
                spacing="2",
            ),
            align="center",
            width="100%",
            wrap="wrap",
        ),
        width="100%",
    )


def _drafts_tab() -> rx.Component:
    return rx.vstack(
        rx.cond(
            MyIdeasState.active.length() > 0,
            rx.vstack(
                rx.foreach(MyIdeasState.active, lambda d: _draft_card(d, expired=False)), spacing="2", width="100%"
            ),
            empty_state(
                "No drafts saved. Start a new idea and save it as a draft to see it here.",
                action=link_button(wording.SUBMIT_IDEA, href="/ideas/new"),
                icon="file_pen",
            ),
        ),
        rx.cond(
            MyIdeasState.expired.length() > 0,
            rx.el.details(
                rx.el.summary(rx.el.span("Expired Drafts (", MyIdeasState.expired.length(), ")")),
                rx.vstack(
                    rx.foreach(MyIdeasState.expired, lambda d: _draft_card(d, expired=True)),
                    spacing="2",
                    width="100%",
                    margin_top="0.75em",
                ),
                class_name="expired-drafts",
                width="100%",
            ),
        ),
        spacing="4",
        width="100%",
    )


def _delete_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete Draft?"),
            rx.alert_dialog.description("This action cannot be undone."),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="outline")),
                rx.button(
                    "Delete",
                    color_scheme="red",
                    on_click=MyIdeasState.confirm_delete,
                    loading=MyIdeasState.deleting,
                    custom_attrs=press_once(),
                ),
                justify="end",
                spacing="3",
                margin_top="1em",
            ),
        ),
        open=MyIdeasState.pending_delete != "",
        on_open_change=MyIdeasState.dialog_toggled,
    )


def _drafts_trigger() -> rx.Component:
    count = MyIdeasState.active.length()
    return rx.tabs.trigger(
        rx.hstack(
            rx.text("Drafts"),
            rx.cond(count > 0, rx.badge(count, aria_label=MyIdeasState.draft_badge_label, radius="full")),
            spacing="2",
            align="center",
        ),
        value=DRAFTS,
    )


@rx.page(route="/my-ideas", title="My Ideas · Workflow", on_load=[SessionState.require_signed_in, MyIdeasState.load])
def my_ideas_page() -> rx.Component:
    return page(
        rx.vstack(
            rx.hstack(
                rx.heading("My Ideas", size="8"),
                rx.spacer(),
                link_button(rx.icon("plus"), wording.SUBMIT_IDEA, size="3", href="/ideas/new"),
                width="100%",
                align="end",
                wrap="wrap",
                spacing="3",
            ),
            rx.tabs.root(
                rx.tabs.list(rx.tabs.trigger("Submitted", value=SUBMITTED), _drafts_trigger(), id="my-ideas-tabs"),
                rx.tabs.content(_submitted_tab(), value=SUBMITTED, padding_top="1em"),
                rx.tabs.content(_drafts_tab(), value=DRAFTS, padding_top="1em"),
                value=MyIdeasState.tab,
                on_change=MyIdeasState.change_tab,
                width="100%",
            ),
            _delete_dialog(),
            spacing="4",
            width="100%",
        )
    )
