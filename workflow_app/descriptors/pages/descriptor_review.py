"""/descriptors/review — an SA's Pending Review queue: approve (optionally rewording) or return,
one at a time or several at once with a result line per descriptor (ORIGINS C5)."""

from __future__ import annotations

import reflex as rx

from workflow_app.core import errors as e
from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.descriptors.components.cards import LEVELS
from workflow_app.descriptors.domain import (
    descriptor_queries,
    descriptor_review,
    descriptors,
)
from workflow_app.models import Role
from workflow_app.ui import inputs, live
from workflow_app.ui.components import keep_typed
from workflow_app.ui.components.layout import page
from workflow_app.ui.components.listing import empty_state, local_time, pager
from workflow_app.ui.live_queue import LiveQueueMixin
from workflow_app.ui.rows import as_row
from workflow_app.ui.session import SessionState

WORDING = ("criterion_name", "score3", "score2", "score1", "score0")
DIALOGS = ("approve", "return", "bulk_return")
DECISIONS = (descriptor_review.APPROVE, descriptor_review.RETURN)
ID_MAX = 64
PAGE_MAX = 10_000
COMMENT_INPUT_MAX = descriptor_review.RETURN_COMMENT_MAX + 200  # room for whitespace the domain trims
# What each wording field accepts from the client, checked before it is stored: (length, message).
WORDING_LIMITS: dict[str, tuple[int, str]] = {
    "criterion_name": (descriptors.CRITERION_MAX + 20, e.CRITERION_TOO_LONG),
    **{name: (descriptors.SCORE_MAX, e.SCORE_TOO_LONG) for name in descriptors.SCORE_FIELDS},
}


def checked_comment(value: object) -> str | inputs.Refusal:
    return inputs.text(value, limit=COMMENT_INPUT_MAX, too_long=e.RETURN_REASON_TOO_LONG)


def checked_wording(name: object, value: object) -> tuple[str, str | inputs.Refusal]:
    """Which wording field (empty when unknown) and its value, if it may be stored."""
    field = inputs.choice(name, WORDING)
    if not field:
        return "", inputs.Refusal(message_for(ErrorCode.VALIDATION_ERROR))
    limit, too_long = WORDING_LIMITS[field]
    return field, inputs.text(value, limit=limit, too_long=too_long)


def _row(row) -> dict[str, str]:
    plain = as_row(row)
    plain["tags"] = ", ".join(row.tags)
    plain["section_name"] = row.section_name or "No section"
    plain["resubmitted"] = "yes" if row.resubmitted else ""
    plain["row_version"] = str(row.row_version)
    return plain


class ReviewQueueState(LiveQueueMixin, SessionState):
    """Refreshes itself when another SA decides, or an SCM submits a batch."""

    LIVE_TOPIC = live.DESCRIPTOR_QUEUE
    rows: list[dict[str, str]] = []
    total: int = 0
    page_number: int = 1
    total_pages: int = 1
    selected: list[str] = []
    # "", "approve", "return", "bulk_return": which dialog is open
    dialog: str = ""
    target: dict[str, str] = {}
    wording: dict[str, str] = {}
    comment: str = ""
    dialog_error: str = ""
    results: list[dict[str, str]] = []
    # Fields whose last value was refused (not stored): deciding now would use an older value.
    _refused: list[str] = []

    def _page(self) -> int:
        asked = self.router.url.query_parameters.get("page", 1)
        return inputs.whole_number(asked, low=1, high=PAGE_MAX, default=1)

    @rx.event
    async def load(self):
        call = await self._call(descriptor_queries.sa_queue, page=self._page())
        if call.signed_out:  # require_signed_in already redirects
            return None
        shown = self._show(call.value)
        return shown if not call.value.ok else self._follow_changes()

    def _live_work(self):
        return descriptor_queries.sa_queue, {"page": self.page_number}

    def _live_apply(self, call) -> None:
        if not call.signed_out:
            self._show(call.value)

    def _show(self, result):
        if not result.ok:  # another role: the page shows the 403 view
            return None if result.code == ErrorCode.FORBIDDEN_ROLE else rx.toast.error(result.message)
        queue = result.value
        self.rows = [_row(r) for r in queue.items]
        self.total, self.page_number, self.total_pages = queue.total, queue.page, queue.total_pages
        self.selected = [i for i in self.selected if any(r["id"] == i for r in self.rows)]
        return None

    @rx.event
    def toggle(self, descriptor_id: str, checked: bool):
        descriptor_id = inputs.short_text(descriptor_id, limit=ID_MAX)
        if not any(r["id"] == descriptor_id for r in self.rows):  # only rows on this page can be selected
            return
        others = [i for i in self.selected if i != descriptor_id]
        self.selected = [*others, descriptor_id] if checked is True else others

    @rx.event
    def toggle_all(self, checked: bool):
        self.selected = [r["id"] for r in self.rows] if checked is True else []

    @rx.event
    def open_dialog(self, mode: str, descriptor_id: str = ""):
        mode = inputs.choice(mode, DIALOGS)
        descriptor_id = inputs.short_text(descriptor_id, limit=ID_MAX)
        self.target = next((r for r in self.rows if r["id"] == descriptor_id), {}) if descriptor_id else {}
        if not mode or (mode != "bulk_return" and not self.target):
            self.dialog, self.target = "", {}
            return rx.toast.error(message_for(ErrorCode.DESCRIPTOR_NOT_FOUND))
        self.dialog, self.comment, self.dialog_error, self._refused = mode, "", "", []
        self.wording = {name: self.target.get(name, "") for name in WORDING}

    @rx.event
    def dialog_toggled(self, is_open: bool):
        if is_open is not True:
            self.dialog = ""

    def _take(self, field: str, checked: str | inputs.Refusal) -> bool:
        """Shows a refusal and stores nothing, or clears it; True when the value may be stored."""
        self._refused = [f for f in self._refused if f != field]
        if isinstance(checked, inputs.Refusal):
            self.dialog_error, self._refused = checked.message, [*self._refused, field]
            return False
        self.dialog_error = ""
        return True

    @rx.event
    def set_comment(self, value: str):
        checked = checked_comment(value)
        if self._take("comment", checked):
            self.comment = checked

    @rx.event
    def set_wording(self, name: str, value: str):
        field, checked = checked_wording(name, value)
        if self._take(field or "wording", checked):
            self.wording = {**self.wording, field: checked}

    def _blocked(self) -> bool:
        """True (with the message shown) when a refused value is still in the dialog."""
        if self._refused:
            self.dialog_error = self.dialog_error or message_for(ErrorCode.VALIDATION_ERROR)
            return True
        return False

    @rx.var
    def comment_key(self) -> str:
        """Where the browser keeps the typed feedback through a sign-in (ui/components/keep_typed.py)."""
        return keep_typed.key_for("return-comment", self.user_id, self.target.get("id", "selected"))

    async def _decide_one(self, command, **kwargs):
        if self._blocked():
            return None
        if not self.target:
            self.dialog_error = message_for(ErrorCode.DESCRIPTOR_NOT_FOUND)
            return None
        sent_key = self.comment_key
        call = await self._call(
            _decide_and_queue,
            command,
            page=self._page(),
            descriptor_id=self.target["id"],
            expected_version=int(self.target["row_version"]),
            **kwargs,
        )
        if call.signed_out:  # the browser keeps the feedback; it is back in the box after signing in
            return self._signed_out()
        result, queue = call.value
        self._show(queue)
        if not result.ok:
            self.dialog_error = result.message
            return None
        self.dialog, self.results = "", []
        live.publish(live.DESCRIPTOR_QUEUE)
        return [rx.toast.success(result.value.message), keep_typed.forget(sent_key)]

    @rx.event
    async def approve(self):
        return await self._decide_one(descriptor_review.approve_descriptor, **self.wording)

    @rx.event
    async def send_back(self):
        return await self._decide_one(descriptor_review.return_descriptor, comment=self.comment)

    @rx.event
    async def decide_selected(self, decision: str):
        decision = inputs.choice(decision, DECISIONS)
        if not decision:
            self.dialog_error = e.DECISION_UNKNOWN
            return rx.toast.error(e.DECISION_UNKNOWN)
        ids = inputs.text_list(self.selected, max_items=descriptor_review.MAX_SELECTED, item_limit=ID_MAX)
        if ids is None:
            self.dialog_error = e.TOO_MANY_SELECTED
            return rx.toast.error(e.TOO_MANY_SELECTED)
        if decision == descriptor_review.RETURN and self._blocked():
            return None
        labels = {r["id"]: r["code"] + " " + r["criterion_name"] for r in self.rows}
        sent_key = self.comment_key
        call = await self._call(
            _decide_and_queue,
            descriptor_review.decide_many,
            page=self._page(),
            descriptor_ids=ids,
            decision=decision,
            comment=self.comment,
        )
        if call.signed_out:
            return self._signed_out()
        result, queue = call.value
        if not result.ok:
            self.dialog_error = result.message
            return rx.toast.error(result.message) if decision == descriptor_review.APPROVE else None
        self.dialog, self.selected = "", []
        self._show(queue)
        live.publish(live.DESCRIPTOR_QUEUE)
        self.results = [
            {"label": labels.get(i.descriptor_id, i.descriptor_id), "ok": "yes" if i.ok else "", "message": i.message}
            for i in result.value
        ]
        done = sum(1 for i in result.value if i.ok)
        return [rx.toast.success(f"{done} of {len(result.value)} descriptors decided."), keep_typed.forget(sent_key)]


def _decide_and_queue(session, actor, command, *, page: int, **kwargs):
    """The decision, then the queue page as it now stands, in one worker-thread call."""
    result = command(session, actor, clock=system_clock, **kwargs)
    return result, descriptor_queries.sa_queue(session, actor, page=page)


def _levels(row: rx.Var) -> rx.Component:
    return rx.grid(
        *[
            rx.box(
                rx.text(label, size="1", weight="bold", color_scheme="gray"),
                rx.text(rx.cond(row[name] != "", row[name], "—"), size="2", white_space="pre-wrap"),
            )
            for name, label in LEVELS
        ],
        columns=rx.breakpoints(initial="1", sm="2"),
        spacing="3",
        width="100%",
    )


def _card(row: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.checkbox(
                checked=ReviewQueueState.selected.contains(row["id"]),
                on_change=lambda checked: ReviewQueueState.toggle(row["id"], checked),
                aria_label="Select " + row["code"],
                margin_top="4px",
            ),
            rx.vstack(
                rx.hstack(
                    rx.badge(row["code"], variant="outline"),
                    rx.badge(row["section_name"], variant="soft"),
                    rx.cond(row["resubmitted"] != "", rx.badge("Resubmitted", color_scheme="amber")),
                    rx.text(
                        "by ",
                        rx.text.strong(row["scm_name"]),
                        " · submitted ",
                        local_time(row["submitted_at"], "D MMM YYYY, HH:mm"),
                        size="1",
                        color_scheme="gray",
                    ),
                    spacing="2",
                    wrap="wrap",
                    align="center",
                ),
                rx.text(row["criterion_name"], weight="bold"),
                _levels(row),
                rx.cond(row["tags"] != "", rx.text("Tags: ", row["tags"], size="1", color_scheme="gray")),
                rx.hstack(
                    rx.button(
                        rx.icon("check", size=14),
                        "Approve",
                        color_scheme="green",
                        size="2",
                        on_click=ReviewQueueState.open_dialog("approve", row["id"]),
                        aria_label="Approve " + row["code"],
                    ),
                    rx.button(
                        rx.icon("undo_2", size=14),
                        "Return",
                        color_scheme="red",
                        variant="soft",
                        size="2",
                        on_click=ReviewQueueState.open_dialog("return", row["id"]),
                        aria_label="Return " + row["code"],
                    ),
                    spacing="2",
                ),
                spacing="2",
                align="start",
                width="100%",
            ),
            align="start",
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _field(label: str, field_id: str, control: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=field_id, class_name="field-label"), control, spacing="1", width="100%"
    )


def _comment_box() -> rx.Component:
    return _field(
        "Feedback for the SCM",
        "return-comment",
        rx.text_area(
            id="return-comment",
            value=ReviewQueueState.comment,
            on_change=ReviewQueueState.set_comment,
            rows="4",
            width="100%",
            max_length=COMMENT_INPUT_MAX,
            custom_attrs=keep_typed.attrs(ReviewQueueState.comment_key),
            placeholder="What should be changed? (at least 5 characters)",
        ),
    )


def _dialog() -> rx.Component:
    mode = ReviewQueueState.dialog
    approve_form = rx.vstack(
        rx.text("Edit the wording if it needs it; the SCM is told when it changed.", size="2", color_scheme="gray"),
        _field(
            "Criterion",
            "approve-criterion_name",
            rx.input(
                id="approve-criterion_name",
                value=ReviewQueueState.wording["criterion_name"],
                on_change=lambda v: ReviewQueueState.set_wording("criterion_name", v),
                width="100%",
                max_length=WORDING_LIMITS["criterion_name"][0],
            ),
        ),
        *[
            _field(
                label,
                f"approve-{name}",
                rx.text_area(
                    id=f"approve-{name}",
                    value=ReviewQueueState.wording[name],
                    rows="2",
                    width="100%",
                    max_length=WORDING_LIMITS[name][0],
                    on_change=lambda v, n=name: ReviewQueueState.set_wording(n, v),
                ),
            )
            for name, label in LEVELS
        ],
        rx.button("Approve", color_scheme="green", on_click=ReviewQueueState.approve),
        spacing="2",
        width="100%",
    )
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(
                rx.match(
                    mode,
                    ("approve", "Approve descriptor"),
                    ("return", "Return descriptor"),
                    "Return selected descriptors",
                )
            ),
            rx.cond(
                ReviewQueueState.dialog_error != "",
                rx.callout(
                    ReviewQueueState.dialog_error, icon="triangle_alert", color_scheme="red", role="alert", width="100%"
                ),
            ),
            rx.cond(
                mode == "approve",
                approve_form,
                rx.vstack(
                    _comment_box(),
                    rx.cond(
                        mode == "return",
                        rx.button("Return", color_scheme="red", on_click=ReviewQueueState.send_back),
                        rx.button(
                            "Return selected", color_scheme="red", on_click=ReviewQueueState.decide_selected("RETURN")
                        ),
                    ),
                    spacing="2",
                    width="100%",
                ),
            ),
            max_width="640px",
        ),
        open=mode != "",
        on_open_change=ReviewQueueState.dialog_toggled,
    )


def _bulk_bar() -> rx.Component:
    count = ReviewQueueState.selected.length()
    return rx.hstack(
        rx.checkbox(
            "Select all on this page",
            checked=(count > 0) & (count == ReviewQueueState.rows.length()),
            on_change=ReviewQueueState.toggle_all,
        ),
        rx.spacer(),
        rx.text(count, " selected", size="2"),
        rx.button(
            "Approve selected",
            color_scheme="green",
            disabled=count == 0,
            on_click=ReviewQueueState.decide_selected("APPROVE"),
        ),
        rx.button(
            "Return selected",
            color_scheme="red",
            variant="soft",
            disabled=count == 0,
            on_click=ReviewQueueState.open_dialog("bulk_return", ""),
        ),
        align="center",
        spacing="3",
        width="100%",
        class_name="bulk-bar",
    )


def _results() -> rx.Component:
    return rx.cond(
        ReviewQueueState.results.length() > 0,
        rx.card(
            rx.vstack(
                rx.heading("Results", size="3", as_="h2"),
                rx.foreach(
                    ReviewQueueState.results,
                    lambda r: rx.hstack(
                        rx.cond(
                            r["ok"] != "",
                            rx.icon("circle_check", color=rx.color("green", 9), size=16),
                            rx.icon("circle_x", color=rx.color("red", 9), size=16),
                        ),
                        rx.text(r["label"], weight="medium", size="2"),
                        rx.text("— ", r["message"], size="2"),
                        spacing="2",
                        align="center",
                    ),
                ),
                spacing="1",
                width="100%",
                role="status",
            ),
            width="100%",
        ),
    )


@rx.page(
    route="/descriptors/review",
    title="Pending Review · Workflow",
    on_load=[SessionState.require_signed_in, ReviewQueueState.load],
)
def descriptor_review_page() -> rx.Component:
    return page(
        rx.vstack(
            rx.heading("Pending Review", size="8"),
            rx.text(ReviewQueueState.total, " descriptor(s) from your SCMs, oldest first.", color_scheme="gray"),
            _results(),
            rx.cond(
                ReviewQueueState.rows.length() > 0,
                rx.vstack(
                    _bulk_bar(),
                    rx.foreach(ReviewQueueState.rows, _card),
                    pager(
                        page=ReviewQueueState.page_number,
                        total_pages=ReviewQueueState.total_pages,
                        previous_href="/descriptors/review?page=" + (ReviewQueueState.page_number - 1).to_string(),
                        next_href="/descriptors/review?page=" + (ReviewQueueState.page_number + 1).to_string(),
                        has_previous=ReviewQueueState.page_number > 1,
                        has_next=ReviewQueueState.page_number < ReviewQueueState.total_pages,
                    ),
                    spacing="3",
                    width="100%",
                ),
                empty_state("No descriptors are waiting for your review.", icon="inbox"),
            ),
            _dialog(),
            spacing="4",
            width="100%",
        ),
        roles=(Role.SA.value,),
    )
