"""The state of /descriptors/review (descriptors/pages/descriptor_review.py): one page of the SA's
queue, the selection, the open dialog and the last bulk decision's result lines. Every decision
goes to the domain (descriptors/domain/descriptor_review.py), which decides."""

from __future__ import annotations

from dataclasses import dataclass, field

import reflex as rx

from workflow_app.core import errors as e
from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.descriptors.components.changes import ChangeLine, change_lines
from workflow_app.descriptors.domain import (
    descriptor_queries,
    descriptor_review,
    descriptors,
)
from workflow_app.ui import inputs, live
from workflow_app.ui.components import keep_typed
from workflow_app.ui.live_queue import LiveQueueMixin
from workflow_app.ui.rows import as_page_row
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


@dataclass(frozen=True)
class QueueCard:
    """One descriptor waiting for the SA: its wording, who sent it and when."""

    id: str = ""
    code: str = ""
    criterion_name: str = ""
    score3: str = ""
    score2: str = ""
    score1: str = ""
    score0: str = ""
    tags: str = ""  # "a, b, c"
    section_name: str = ""
    scm_name: str = ""
    submitted_at: str = ""  # ISO 8601
    resubmitted: bool = False  # returned once, revised and sent again
    row_version: int = 0
    changes: list[ChangeLine] = field(default_factory=list)  # since the SA returned it
    earlier_comment: str = ""  # what the SA said then
    overdue: bool = False


@dataclass(frozen=True)
class DecisionLine:
    """What happened to one descriptor of a bulk decision."""

    label: str = ""
    ok: bool = False
    message: str = ""


def _queue_card(row: descriptor_queries.QueueRow) -> QueueCard:
    since = row.since_return
    return as_page_row(
        QueueCard,
        row,
        tags=", ".join(row.tags),
        section_name=row.section_name or "No section",
        changes=change_lines(since),
        earlier_comment=(since.comment or "") if since else "",
    )


class ReviewQueueState(LiveQueueMixin, SessionState):
    """Refreshes itself when another SA decides, or an SCM submits a batch."""

    LIVE_TOPIC = live.DESCRIPTOR_QUEUE
    rows: list[QueueCard] = []
    total: int = 0
    page_number: int = 1
    total_pages: int = 1
    selected: list[str] = []
    # "", "approve", "return", "bulk_return": which dialog is open
    dialog: str = ""
    target: QueueCard | None = None
    wording: dict[str, str] = {}
    comment: str = ""
    dialog_error: str = ""
    results: list[DecisionLine] = []
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
        self.rows = [_queue_card(r) for r in queue.items]
        self.total, self.page_number, self.total_pages = queue.total, queue.page, queue.total_pages
        self.selected = [i for i in self.selected if any(r.id == i for r in self.rows)]
        return None

    @rx.event
    def toggle(self, descriptor_id: str, checked: bool):
        descriptor_id = inputs.short_text(descriptor_id, limit=ID_MAX)
        if not any(r.id == descriptor_id for r in self.rows):  # only rows on this page can be selected
            return
        others = [i for i in self.selected if i != descriptor_id]
        self.selected = [*others, descriptor_id] if checked is True else others

    @rx.event
    def toggle_all(self, checked: bool):
        self.selected = [r.id for r in self.rows] if checked is True else []

    @rx.event
    def open_dialog(self, mode: str, descriptor_id: str = ""):
        mode = inputs.choice(mode, DIALOGS)
        descriptor_id = inputs.short_text(descriptor_id, limit=ID_MAX)
        self.target = next((r for r in self.rows if r.id == descriptor_id), None) if descriptor_id else None
        if not mode or (mode != "bulk_return" and self.target is None):
            self.dialog, self.target = "", None
            return rx.toast.error(message_for(ErrorCode.DESCRIPTOR_NOT_FOUND))
        self.dialog, self.comment, self.dialog_error, self._refused = mode, "", "", []
        self.wording = {name: getattr(self.target, name) if self.target else "" for name in WORDING}

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
        return keep_typed.key_for("return-comment", self.user_id, self.target.id if self.target else "selected")

    async def _decide_one(self, command, **kwargs):
        if self.dialog not in ("approve", "return"):
            return None  # the repeat of a decision that closed its dialog: that answer stands
        if self._blocked():
            return None
        target = self.target
        if target is None:
            self.dialog_error = message_for(ErrorCode.DESCRIPTOR_NOT_FOUND)
            return None
        sent_key = self.comment_key
        call = await self._call(
            _decide_and_queue,
            command,
            page=self._page(),
            descriptor_id=target.id,
            expected_version=target.row_version,
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
        # The row and its dialog are gone: focus goes back to the queue, not to <body>.
        return [rx.toast.success(result.value.message), keep_typed.forget(sent_key), rx.set_focus("queue-heading")]

    @rx.event
    async def approve(self):
        return await self._decide_one(
            descriptor_review.approve_descriptor, edits=descriptor_review.ApprovalEdits(**self.wording)
        )

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
        if not ids and self.results:
            return None  # the repeat of the bulk decision whose results are on the page
        if decision == descriptor_review.RETURN and self._blocked():
            return None
        labels = {r.id: r.code + " " + r.criterion_name for r in self.rows}
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
            DecisionLine(label=labels.get(i.descriptor_id, i.descriptor_id), ok=i.ok, message=i.message)
            for i in result.value
        ]
        done = sum(1 for i in result.value if i.ok)
        return [
            rx.toast.success(f"{done} of {len(result.value)} descriptors decided."),
            keep_typed.forget(sent_key),
            rx.set_focus("decision-results"),  # what happened to each, read next
        ]


def _decide_and_queue(session, actor, command, *, page: int, **kwargs):
    """The decision, then the queue page as it now stands, in one worker-thread call."""
    result = command(session, actor, clock=system_clock, **kwargs)
    return result, descriptor_queries.sa_queue(session, actor, page=page)
