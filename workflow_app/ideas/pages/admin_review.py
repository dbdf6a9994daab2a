"""/admin/review/[idea_id] — start a review, accept or reject with a comment, or abandon (seed 003)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.ideas.components import status_badge, visibility_icon
from workflow_app.ideas.domain import review_queries, reviews
from workflow_app.ideas.domain.idea_workflow import ABANDON, ACCEPT, REJECT, START_REVIEW
from workflow_app.ideas.pages.attachments_section import attachments_section
from workflow_app.ideas.pages.attachments_state import AttachmentsState
from workflow_app.ideas.pages.idea_rows import ReviewLine, review_line
from workflow_app.ideas.pages.smart_form import DetailLine, detail_lines, details_card
from workflow_app.ideas.pages.stage_components import stage_panel
from workflow_app.ideas.pages.stage_review_state import StageReviewState
from workflow_app.ui import inputs, live
from workflow_app.ui.components import keep_typed
from workflow_app.ui.components.forms import press_once
from workflow_app.ui.components.layout import ADMIN_ROLES, page
from workflow_app.ui.components.listing import loading_skeleton, local_time
from workflow_app.ui.pages.not_found import not_found_view
from workflow_app.ui.rows import as_page_row
from workflow_app.ui.session import SessionState

COMMENT_MAX = 2000
COMMENT_INPUT_MAX = COMMENT_MAX + 200  # room for whitespace that the domain trims
DECISIONS = ("ACCEPTED", "REJECTED")


@dataclass(frozen=True)
class ReviewedIdea:
    """The idea under review, as the reviewer reads it."""

    idea_id: str = ""
    title: str = ""
    description: str = ""
    category_label: str = ""
    visibility: str = ""  # "PUBLIC" / "PRIVATE"
    status: str = ""  # an IdeaStatus value
    author_id: str = ""
    author_name: str = ""
    created_at: str = ""  # ISO 8601


class ReviewState(SessionState):
    idea: ReviewedIdea = ReviewedIdea()
    review: ReviewLine = ReviewLine()  # `decision` "" until decided
    actions: list[str] = []
    details: list[DetailLine] = []  # the smart form's answers
    staged: bool = False  # reviewed in stages: StageReviewState's panel instead of these buttons
    found: bool = True
    loaded: bool = False
    comment: str = ""
    comment_error: str = ""
    error: str = ""

    @rx.var
    def comment_count(self) -> str:
        return f"{len(self.comment.strip())} / {COMMENT_MAX}"

    @rx.var
    def is_own_idea(self) -> bool:
        return self.idea.author_id == self.user_id

    @rx.event
    async def load(self):
        self.comment = self.comment_error = self.error = ""
        call = await self._call(_view, idea_id=self.idea_id)
        if call.actor is not None and call.actor.is_admin:
            self._show(call.value)

    def _show(self, result) -> None:
        self.loaded, self.found = True, result.ok
        if not result.ok:
            self.idea, self.review, self.actions, self.details = ReviewedIdea(), ReviewLine(), [], []
            return
        view = result.value
        self.idea = as_page_row(ReviewedIdea, view)
        self.details = detail_lines(view.additional_details)
        self.review = review_line(view.review) if view.review else ReviewLine()
        self.actions = list(view.actions)
        self.staged = view.stages is not None

    @rx.event
    def set_comment(self, value: str):
        checked = inputs.text(value, limit=COMMENT_INPUT_MAX, too_long=reviews.COMMENT_TOO_LONG)
        if isinstance(checked, inputs.Refusal):
            self.comment_error = checked.message
            return
        self.comment, self.comment_error = checked, ""

    @rx.var
    def comment_key(self) -> str:
        """Where the browser keeps the typed comment through a sign-in (ui/components/keep_typed.py);
        the browser adds the page's path, which names the idea."""
        return keep_typed.key_for("review-comment", self.user_id)

    async def _run(self, action: str, command, **kwargs) -> bool | None:
        """Runs the command and re-reads the page in one worker-thread call; True when it
        succeeded, None when the session had ended (nothing ran). An action the page no longer
        offers is the repeat of one that just succeeded (the page was re-read with it): it is
        answered by what that one showed, not by the domain's "already reviewed"."""
        if action not in self.actions:
            return False
        self.error = self.comment_error = ""
        call = await self._call(_decide_and_view, command, idea_id=self.idea_id, **kwargs)
        if call.signed_out:
            self.error = message_for(ErrorCode.UNAUTHENTICATED)
            return None
        result, view = call.value
        self._show(view)
        if not result.ok:
            if result.code in (ErrorCode.COMMENT_REQUIRED, ErrorCode.VALIDATION_ERROR):
                self.comment_error = result.message
            else:
                self.error = result.message
            return False
        live.publish(live.IDEA_QUEUE)
        return True

    @rx.event
    async def start_review(self):
        done = await self._run(START_REVIEW, reviews.start_review)
        if done is None:
            return self._signed_out()
        if done:
            # The button is gone: focus goes to the review panel that now holds the decision form.
            return [
                rx.toast.success("Review started. The idea is now yours to decide."),
                rx.set_focus("review-heading"),
            ]

    @rx.event
    async def decide(self, decision: str):
        decision = inputs.choice(decision, DECISIONS)
        if not decision:
            self.error = message_for(ErrorCode.VALIDATION_ERROR)
            return
        sent_key = self.comment_key
        done = await self._run(
            ACCEPT if decision == "ACCEPTED" else REJECT,
            reviews.finalize_review,
            decision=decision,
            comment=self.comment,
        )
        if done is None:  # the browser keeps the comment; it is back in the box after signing in
            return self._signed_out()
        if done:
            self.comment = ""
            return [
                rx.toast.success("Idea accepted." if decision == "ACCEPTED" else "Idea rejected."),
                keep_typed.forget(sent_key),
                rx.set_focus("decision-heading"),
            ]

    @rx.event
    async def abandon(self):
        done = await self._run(ABANDON, reviews.abandon_review)
        if done is None:
            return self._signed_out()
        if done:
            return [
                rx.toast.success("Review abandoned. The idea is back in the queue."),
                rx.set_focus("review-heading"),
            ]


def _view(session, actor, *, idea_id: str):
    return review_queries.review_view(session, actor, idea_id=idea_id)


def _decide_and_view(session, actor, command, *, idea_id: str, **kwargs):
    result = command(session, actor, idea_id=idea_id, clock=system_clock, **kwargs)
    return result, review_queries.review_view(session, actor, idea_id=idea_id)


def _idea_card() -> rx.Component:
    idea = ReviewState.idea
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(idea.title, size="7"),
                rx.spacer(),
                status_badge(idea.status),
                width="100%",
                align="center",
            ),
            rx.hstack(
                rx.text("By ", rx.text.strong(idea.author_name), size="2"),
                rx.badge(idea.category_label, variant="surface"),
                visibility_icon(idea.visibility),
                rx.text("Submitted ", local_time(idea.created_at), size="2", color_scheme="gray"),
                spacing="3",
                align="center",
                wrap="wrap",
            ),
            rx.text(ReviewState.idea.description, white_space="pre-wrap"),
            details_card(ReviewState.details),
            attachments_section(deletable=True),
            spacing="3",
            width="100%",
        ),
        size="3",
        width="100%",
    )


def _decision_card() -> rx.Component:
    review = ReviewState.review
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading("Decision", size="5", as_="h2", id="decision-heading", tab_index=-1),
                rx.spacer(),
                status_badge(review.decision),
                width="100%",
            ),
            rx.text(
                "Decided by ",
                rx.text.strong(review.reviewer_name),
                " on ",
                local_time(review.decided_at),
                size="2",
                color_scheme="gray",
            ),
            rx.blockquote(review.comment, white_space="pre-wrap"),
            spacing="2",
            width="100%",
        ),
        width="100%",
        aria_label="Decision",
    )


def _claim_note() -> rx.Component:
    review = ReviewState.review
    return rx.callout.root(
        rx.callout.icon(rx.icon("user_check")),
        rx.callout.text(
            "Under review by ",
            rx.text.strong(review.reviewer_name),
            " since ",
            local_time(review.started_at),
            ".",
        ),
        color_scheme="amber",
        width="100%",
    )


def _decision_form() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.el.label("Comment for the author", html_for="review-comment", class_name="field-label"),
            rx.spacer(),
            rx.text(ReviewState.comment_count, size="1", color_scheme="gray"),
            width="100%",
        ),
        rx.text_area(
            id="review-comment",
            value=ReviewState.comment,
            on_change=ReviewState.set_comment,
            rows="5",
            width="100%",
            max_length=COMMENT_INPUT_MAX,
            aria_describedby="comment-error",
            custom_attrs=keep_typed.attrs(ReviewState.comment_key),
            placeholder="Explain the decision (at least 10 characters).",
        ),
        rx.cond(
            ReviewState.comment_error != "",
            rx.text(ReviewState.comment_error, id="comment-error", color_scheme="red", size="2", role="alert"),
        ),
        rx.hstack(
            rx.button(
                rx.icon("check"),
                "Accept",
                color_scheme="green",
                on_click=ReviewState.decide("ACCEPTED"),
                custom_attrs=press_once(),
            ),
            rx.button(
                rx.icon("x"),
                "Reject",
                color_scheme="red",
                on_click=ReviewState.decide("REJECTED"),
                custom_attrs=press_once(),
            ),
            spacing="3",
        ),
        spacing="2",
        width="100%",
    )


def _actions() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Review", size="5", as_="h2", id="review-heading", tab_index=-1),
            rx.cond(
                ReviewState.error != "",
                rx.callout(ReviewState.error, icon="triangle_alert", color_scheme="red", role="alert", width="100%"),
            ),
            rx.cond(ReviewState.is_own_idea, rx.callout("You cannot review your own idea.", icon="info", width="100%")),
            rx.cond(ReviewState.idea.status == "UNDER_REVIEW", _claim_note()),
            rx.cond(
                ReviewState.actions.contains("START_REVIEW"),
                rx.button(
                    rx.icon("play"),
                    "Start Review",
                    size="3",
                    on_click=ReviewState.start_review,
                    custom_attrs=press_once(),
                ),
            ),
            rx.cond(ReviewState.actions.contains("ACCEPT"), _decision_form()),
            rx.cond(
                ReviewState.actions.contains("ABANDON"),
                rx.button(
                    "Abandon Review",
                    variant="outline",
                    color_scheme="gray",
                    on_click=ReviewState.abandon,
                    custom_attrs=press_once(),
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _body() -> rx.Component:
    return rx.vstack(
        rx.link(rx.hstack(rx.icon("arrow_left", size=16), rx.text("Admin dashboard")), href="/admin", size="2"),
        _idea_card(),
        rx.cond(
            ReviewState.staged,
            stage_panel(),
            rx.cond(ReviewState.review.decision != "", _decision_card(), _actions()),
        ),
        spacing="4",
        width="100%",
        max_width="860px",
    )


@rx.page(
    route="/admin/review/[idea_id]",
    title="Review · Workflow",
    on_load=[SessionState.require_signed_in, ReviewState.load, StageReviewState.load, AttachmentsState.load],
)
def review_page() -> rx.Component:
    return page(
        rx.cond(
            ReviewState.loaded,
            rx.cond(ReviewState.found, _body(), not_found_view()),
            loading_skeleton(),
        ),
        roles=ADMIN_ROLES,
    )
