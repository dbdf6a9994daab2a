"""/descriptors/mine — an SCM's descriptors in four sections, and Submit for Review (ORIGINS D)."""

from __future__ import annotations

from dataclasses import dataclass, field

import reflex as rx

from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode
from workflow_app.descriptors.components.cards import batch_badge
from workflow_app.descriptors.components.changes import ChangeLine, change_lines, changes_box
from workflow_app.descriptors.domain import descriptor_queries, descriptors
from workflow_app.models import DescriptorBatchStatus as B
from workflow_app.models import Role
from workflow_app.ui import live
from workflow_app.ui.components.forms import link_button, press_once
from workflow_app.ui.components.layout import page
from workflow_app.ui.components.listing import empty_state, local_time
from workflow_app.ui.confirm import PendingDeleteMixin
from workflow_app.ui.rows import as_page_row
from workflow_app.ui.session import SessionState

SECTIONS = (B.DRAFT, B.RETURNED, B.PENDING_REVIEW, B.APPROVED)
BATCH_SUBMITTED = "Batch submitted! {count} descriptor(s) sent for SA review."  # ORIGINS C4, as written


@dataclass(frozen=True)
class MyDescriptorLine:
    """One of the SCM's descriptors in its section of the page."""

    id: str = ""
    code: str = ""
    criterion_name: str = ""
    section_name: str = ""
    tags: str = ""  # "a, b, c"
    submitted_at: str = ""  # ISO 8601
    reviewed_at: str = ""
    review_comment: str = ""  # the SA's, on a returned descriptor
    changes: list[ChangeLine] = field(default_factory=list)  # what the SA reworded on approval


def _line_of(row: descriptor_queries.MyDescriptorRow) -> MyDescriptorLine:
    return as_page_row(
        MyDescriptorLine,
        row,
        tags=", ".join(row.tags),
        section_name=row.section_name or "No section",
        changes=change_lines(row.since_approval),
    )


class MyDescriptorsState(PendingDeleteMixin, SessionState):
    drafts: list[MyDescriptorLine] = []
    returned: list[MyDescriptorLine] = []
    pending: list[MyDescriptorLine] = []
    approved: list[MyDescriptorLine] = []
    counts: dict[str, int] = {}
    submitting: bool = False
    _batch_sent: bool = False  # the draft batch went since the page opened: a repeat finds none

    @rx.event
    async def load(self):
        self.pending_delete, self._batch_sent = "", False
        call = await self._call(descriptor_queries.my_descriptors)
        if not call.signed_out:  # signed out: require_signed_in already redirects
            return self._show(call.value)

    def _show(self, result):
        if not result.ok:  # another role: the page shows the 403 view
            return None if result.code == ErrorCode.FORBIDDEN_ROLE else rx.toast.error(result.message)
        by_status = result.value
        self.drafts, self.returned, self.pending, self.approved = (
            [_line_of(r) for r in by_status[status].rows] for status in SECTIONS
        )
        self.counts = {status.value: by_status[status].count for status in SECTIONS}
        return None

    @rx.event
    async def submit_for_review(self):
        if self.submitting or (self._batch_sent and not self.drafts):
            return
        self.submitting = True
        yield
        try:
            call = await self._call(_submit_and_list)
        finally:
            self.submitting = False
        if call.signed_out:
            yield self._signed_out()
            return
        result, listing = call.value
        self._show(listing)
        if not result.ok:
            yield rx.toast.error(result.message)
            return
        count, self._batch_sent = result.value.count, True
        live.publish(live.DESCRIPTOR_QUEUE)  # the batch appears in its SAs' open queues
        yield rx.toast.success(BATCH_SUBMITTED.format(count=count))

    @rx.event
    async def confirm_delete(self):
        descriptor_id, self.pending_delete = self.pending_delete, ""
        call = await self._call(_delete_and_list, descriptor_id=descriptor_id)
        if call.signed_out:
            return self._signed_out()
        result, listing = call.value
        self._show(listing)
        if not result.ok:
            return rx.toast.error(result.message)
        return rx.toast.success("Descriptor deleted.")


def _submit_and_list(session, actor):
    result = descriptors.submit_batch(session, actor, clock=system_clock)
    return result, descriptor_queries.my_descriptors(session, actor)


def _delete_and_list(session, actor, *, descriptor_id: str):
    result = descriptors.delete_descriptor(session, actor, descriptor_id=descriptor_id, clock=system_clock)
    return result, descriptor_queries.my_descriptors(session, actor)


def _line(row: rx.Var[MyDescriptorLine], *, status: B) -> rx.Component:
    actions = rx.fragment()
    if status == B.DRAFT:
        actions = rx.hstack(
            rx.icon_button(  # the link itself, as a button (forms.link_button)
                rx.link(rx.icon("pencil", size=16), href="/descriptors/" + row.id + "/edit", underline="none"),
                as_child=True,
                variant="soft",
                aria_label="Edit " + row.code,
            ),
            rx.icon_button(
                rx.icon("trash_2", size=16),
                variant="soft",
                color_scheme="red",
                on_click=MyDescriptorsState.ask_delete(row.id),
                aria_label="Delete " + row.code,
            ),
            spacing="2",
        )
    elif status == B.RETURNED:
        actions = link_button(
            "Edit", href="/descriptors/" + row.id + "/edit", variant="outline", aria_label="Edit " + row.code
        )
    when = {
        B.PENDING_REVIEW: rx.text(
            "Submitted ", local_time(row.submitted_at, "D MMM YYYY"), size="1", color_scheme="gray"
        ),
        B.APPROVED: rx.text("Approved ", local_time(row.reviewed_at, "D MMM YYYY"), size="1", color_scheme="gray"),
    }.get(status, rx.fragment())
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.hstack(
                    rx.badge(row.code, variant="outline"),
                    rx.badge(row.section_name, variant="soft"),
                    batch_badge(status.value),
                    spacing="2",
                    wrap="wrap",
                ),
                rx.text(row.criterion_name, weight="medium"),
                rx.cond(row.tags != "", rx.text(row.tags, size="1", color_scheme="gray")),
                rx.cond(
                    row.review_comment != "",
                    rx.callout.root(
                        rx.callout.text(rx.text.strong("SA Comment: "), row.review_comment),
                        color_scheme="red",
                        size="1",
                        width="100%",
                    ),
                )
                if status == B.RETURNED
                else rx.fragment(),
                when,
                changes_box("The Skill Advisor changed the wording when approving", row.changes)
                if status == B.APPROVED
                else rx.fragment(),
                spacing="1",
                align="start",
                width="100%",
            ),
            actions,
            align="start",
            width="100%",
        ),
        width="100%",
    )


def _section(title: str, subtitle: str, rows: rx.Var, status: B, *, empty: str | None = None) -> rx.Component:
    count = MyDescriptorsState.counts.get(status.value, 0)
    body = rx.vstack(rx.foreach(rows, lambda r: _line(r, status=status)), spacing="2", width="100%")
    section = rx.vstack(
        rx.heading(title, " (", count, ")", size="5", as_="h2"),
        rx.text(count, " ", subtitle, size="2", color_scheme="gray"),
        body if empty is None else rx.cond(rows.length() > 0, body, empty_state(empty, icon="file_plus")),
        spacing="2",
        width="100%",
    )
    return section if empty is not None else rx.cond(rows.length() > 0, section)


def _delete_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete this descriptor?"),
            rx.alert_dialog.description("It is removed from your draft batch."),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="outline")),
                rx.button(
                    "Delete", color_scheme="red", on_click=MyDescriptorsState.confirm_delete, custom_attrs=press_once()
                ),
                justify="end",
                spacing="3",
                margin_top="1em",
            ),
        ),
        open=MyDescriptorsState.pending_delete != "",
        on_open_change=MyDescriptorsState.dialog_toggled,
    )


@rx.page(
    route="/descriptors/mine",
    title="My Descriptors · Workflow",
    on_load=[SessionState.require_signed_in, MyDescriptorsState.load],
)
def my_descriptors_page() -> rx.Component:
    return page(
        rx.vstack(
            rx.hstack(
                rx.vstack(
                    rx.heading("My Descriptors", size="8"),
                    rx.text("Create and manage your descriptors. Submit batches for SA review.", color_scheme="gray"),
                    spacing="1",
                ),
                rx.spacer(),
                link_button("Back to Library", variant="outline", href="/descriptors"),
                link_button(rx.icon("plus"), "Create Descriptor", href="/descriptors/new"),
                align="end",
                spacing="3",
                width="100%",
                wrap="wrap",
            ),
            rx.cond(  # ORIGINS C4: "Submit for Review" is shown only when drafts exist
                MyDescriptorsState.counts.get("DRAFT", 0) > 0,
                rx.card(
                    rx.hstack(
                        rx.text(
                            MyDescriptorsState.counts.get("DRAFT", 0),
                            " in your draft batch. Submitting sends them all to your Skill Advisor at once.",
                        ),
                        rx.spacer(),
                        rx.button(
                            rx.icon("send"),
                            "Submit for Review",
                            on_click=MyDescriptorsState.submit_for_review,
                            loading=MyDescriptorsState.submitting,
                            custom_attrs=press_once(),
                        ),
                        align="center",
                        width="100%",
                    ),
                    width="100%",
                ),
            ),
            _section(
                "Draft Batch",
                "descriptor(s) ready to submit for review",
                MyDescriptorsState.drafts,
                B.DRAFT,
                empty="No draft descriptors. Create one to get started.",
            ),
            _section(
                "Returned for Revision",
                "descriptor(s) returned by SA with comments",
                MyDescriptorsState.returned,
                B.RETURNED,
            ),
            _section(
                "Pending Review",
                "descriptor(s) awaiting SA approval",
                MyDescriptorsState.pending,
                B.PENDING_REVIEW,
                empty="Nothing is waiting for your Skill Advisor.",
            ),
            _section(
                "Approved",
                "descriptor(s) approved and added to library",
                MyDescriptorsState.approved,
                B.APPROVED,
                empty="No approved descriptors yet.",
            ),
            _delete_dialog(),
            spacing="5",
            width="100%",
        ),
        roles=(Role.SCM.value,),
    )
