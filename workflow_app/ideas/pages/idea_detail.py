"""/ideas/[idea_id] — one idea, its decision once reviewed, and Delete where allowed."""

from __future__ import annotations

import reflex as rx

from workflow_app.core import errors as e
from workflow_app.core.clock import system_clock
from workflow_app.ideas.components import status_badge, visibility_icon
from workflow_app.ideas.domain import idea_queries, ideas
from workflow_app.ideas.pages.attachments_section import attachments_section
from workflow_app.ideas.pages.attachments_state import AttachmentsState
from workflow_app.ideas.pages.idea_rows import IdeaLine, ReviewLine, idea_line, review_line
from workflow_app.ideas.pages.smart_form import DetailLine, detail_lines, details_card
from workflow_app.ideas.pages.stage_components import progress_section, score_section
from workflow_app.ideas.pages.stage_review_state import IdeaProgressState
from workflow_app.ui import inputs
from workflow_app.ui.components.forms import press_once
from workflow_app.ui.components.layout import page
from workflow_app.ui.components.listing import loading_skeleton, local_time
from workflow_app.ui.pages.not_found import not_found_view
from workflow_app.ui.session import SessionState

ID_MAX = 64
# The confirmation is the display name (at most 50 after trimming); room for the whitespace.
CONFIRM_INPUT_MAX = 100


class IdeaDetailState(SessionState):
    idea: IdeaLine = IdeaLine()
    description: str = ""
    details: list[DetailLine] = []  # the smart form's answers
    has_review: bool = False  # started, and perhaps decided
    review: ReviewLine = ReviewLine()
    found: bool = True
    loaded: bool = False
    can_delete: bool = False
    must_confirm_delete: bool = True
    is_author: bool = False
    confirm_text: str = ""
    delete_error: str = ""

    @rx.var
    def confirm_matches(self) -> bool:
        return self.confirm_text.strip() == self.display_name

    @rx.event
    async def load(self):
        self.confirm_text = self.delete_error = ""
        call = await self._call(idea_queries.idea_detail, idea_id=self._idea_id())
        if call.signed_out:
            return
        result = call.value
        self.loaded = True
        self.found = result.ok
        if not result.ok:
            self.idea, self.review, self.has_review, self.details = IdeaLine(), ReviewLine(), False, []
            return
        detail = result.value
        self.idea = idea_line(detail.summary)
        self.description = detail.description
        self.details = detail_lines(detail.additional_details)
        self.has_review = detail.review is not None
        self.review = review_line(detail.review) if detail.review else ReviewLine()
        self.can_delete, self.is_author = detail.can_delete, detail.is_author
        self.must_confirm_delete = detail.must_confirm_delete

    def _idea_id(self) -> str:
        return inputs.short_text(self.idea_id, limit=ID_MAX)

    @rx.event
    def set_confirm_text(self, value: str):
        checked = inputs.text(value, limit=CONFIRM_INPUT_MAX, too_long=e.DISPLAY_NAME_TOO_LONG)
        if isinstance(checked, inputs.Refusal):
            self.delete_error = checked.message
            return
        self.confirm_text, self.delete_error = checked, ""

    @rx.event
    async def delete(self):
        self.delete_error = ""
        call = await self._call(_delete, idea_id=self._idea_id(), confirmation=self.confirm_text)
        if call.signed_out:
            return self._login_redirect()
        result = call.value
        if not result.ok:
            self.delete_error = result.message
            return
        return [rx.redirect("/my-ideas" if self.is_author else "/ideas"), rx.toast.success("Idea deleted.")]


def _delete(session, actor, *, idea_id: str, confirmation: str):
    return ideas.delete_idea(session, actor, idea_id=idea_id, confirmation=confirmation, clock=system_clock)


def _review_card() -> rx.Component:
    review = IdeaDetailState.review
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading("Review decision", size="4", as_="h2"),
                rx.spacer(),
                rx.cond(review.decision != "", status_badge(review.decision), status_badge("UNDER_REVIEW")),
                width="100%",
                align="center",
            ),
            rx.cond(
                review.decision != "",
                rx.vstack(
                    rx.text(
                        "Reviewed by ",
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
                rx.text(
                    "Review started by ",
                    rx.text.strong(review.reviewer_name),
                    " on ",
                    local_time(review.started_at),
                    size="2",
                    color_scheme="gray",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _delete_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button(rx.icon("trash_2"), "Delete", color_scheme="red", variant="soft")),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete this idea?"),
            rx.alert_dialog.description(
                rx.cond(
                    IdeaDetailState.must_confirm_delete,
                    "This action cannot be undone. Type your display name to confirm.",
                    "This permanently deletes the idea and its review. This action cannot be undone.",
                ),
            ),
            rx.cond(
                ~IdeaDetailState.must_confirm_delete,
                rx.fragment(),
                rx.vstack(
                    rx.el.label("Your display name", html_for="confirm-name", class_name="field-label"),
                    rx.input(
                        id="confirm-name",
                        value=IdeaDetailState.confirm_text,
                        on_change=IdeaDetailState.set_confirm_text,
                        placeholder=IdeaDetailState.display_name,
                        width="100%",
                    ),
                    spacing="1",
                    margin_top="1em",
                ),
            ),
            rx.cond(
                IdeaDetailState.delete_error != "",
                rx.text(IdeaDetailState.delete_error, color_scheme="red", size="2", role="alert"),
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="outline")),
                rx.button(
                    "Confirm Delete",
                    color_scheme="red",
                    on_click=IdeaDetailState.delete,
                    disabled=IdeaDetailState.must_confirm_delete & ~IdeaDetailState.confirm_matches,
                    custom_attrs=press_once(),
                ),
                justify="end",
                spacing="3",
                margin_top="1em",
            ),
        ),
    )


def _idea() -> rx.Component:
    idea = IdeaDetailState.idea
    return rx.vstack(
        rx.link(rx.hstack(rx.icon("arrow_left", size=16), rx.text("All ideas")), href="/ideas", size="2"),
        rx.hstack(
            rx.heading(idea.title, size="8"),
            rx.spacer(),
            status_badge(idea.status),
            align="center",
            width="100%",
        ),
        rx.hstack(
            rx.text("By ", rx.text.strong(idea.author_name), size="2"),
            rx.text("·", color_scheme="gray"),
            rx.badge(idea.category_label, variant="surface"),
            rx.text("·", color_scheme="gray"),
            visibility_icon(idea.visibility),
            rx.text(rx.cond(idea.visibility == "PRIVATE", "Private", "Public"), size="2"),
            rx.text("·", color_scheme="gray"),
            rx.text("Submitted ", local_time(idea.created_at), size="2", color_scheme="gray"),
            spacing="2",
            align="center",
            wrap="wrap",
        ),
        rx.card(rx.text(IdeaDetailState.description, white_space="pre-wrap"), width="100%", size="3"),
        details_card(IdeaDetailState.details),
        attachments_section(deletable=True),
        progress_section(),
        score_section(),
        rx.cond(IdeaDetailState.has_review, _review_card()),
        rx.cond(IdeaDetailState.can_delete, _delete_dialog()),
        spacing="4",
        width="100%",
        max_width="820px",
    )


@rx.page(
    route="/ideas/[idea_id]",
    title="Idea · Workflow",
    on_load=[
        SessionState.require_signed_in,
        IdeaDetailState.load,
        IdeaProgressState.load,
        AttachmentsState.load,
    ],
)
def idea_detail_page() -> rx.Component:
    return page(
        rx.cond(
            IdeaDetailState.loaded,
            rx.cond(IdeaDetailState.found, _idea(), not_found_view()),
            loading_skeleton(),
        )
    )
