"""Reviews in stages on the pages (ORIGINS C16, C18): the stepper, the reviewer's stage panel with
the score, the "Score" section and the escalation queue."""

from __future__ import annotations

import reflex as rx

from workflow_app.ideas.pages.stage_review_state import (
    EscalationLine,
    EscalationsState,
    IdeaProgressState,
    StageReviewState,
    StepLine,
)
from workflow_app.ui.components.forms import press_once
from workflow_app.ui.components.listing import local_time

S = StageReviewState
OUTCOME_LABELS = {"PASS": "Pass", "ESCALATE": "Escalate", "ACCEPTED": "Accept", "REJECTED": "Reject"}
OUTCOME_COLORS = {"PASS": "blue", "ESCALATE": "amber", "ACCEPTED": "green", "REJECTED": "red"}


def _marker(step: rx.Var[StepLine]) -> rx.Component:
    return rx.match(
        step.state,
        ("completed", rx.icon("circle_check", color=rx.color("green", 10), aria_label="Completed")),
        ("active", rx.icon("clock", color=rx.color("blue", 10), aria_label="In progress")),
        ("escalated", rx.icon("triangle_alert", color=rx.color("amber", 10), aria_label="Escalated")),
        rx.icon("circle", color=rx.color("gray", 8), aria_label="Pending"),
    )


def _step(step: rx.Var[StepLine]) -> rx.Component:
    decided = step.is_decision & ((step.outcome == "ACCEPTED") | (step.outcome == "REJECTED"))
    return rx.hstack(
        _marker(step),
        rx.vstack(
            rx.hstack(
                rx.text(step.position.to_string() + ". " + step.name, weight="medium", size="2"),
                rx.cond(
                    decided,
                    rx.badge(
                        rx.cond(step.outcome == "ACCEPTED", "Accepted", "Rejected"),
                        color_scheme=rx.cond(step.outcome == "ACCEPTED", "green", "red"),
                        variant="soft",
                    ),
                ),
                rx.cond(
                    (step.outcome != "") & ~step.is_decision,
                    rx.badge(
                        rx.cond(step.outcome == "ESCALATE", "Escalated", "Passed"),
                        variant="surface",
                        color_scheme=rx.cond(step.outcome == "ESCALATE", "amber", "gray"),
                    ),
                ),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            rx.cond(step.reviewer_name != "", rx.text(step.reviewer_name, size="1", color_scheme="gray")),
            rx.cond(step.comment != "", rx.text(step.comment, size="1", white_space="pre-wrap")),
            spacing="1",
            align="start",
        ),
        align="start",
        spacing="2",
        flex="1",
        min_width="10em",
        role="listitem",
    )


def stepper(steps: rx.Var[list[StepLine]], *, horizontal: rx.Var[bool] | bool = True) -> rx.Component:
    """The stages in order: completed (green check), active (blue clock), pending (grey circle);
    across for up to four stages, down for more."""
    return rx.flex(
        rx.foreach(steps, _step),
        direction=rx.cond(horizontal, "row", "column") if isinstance(horizontal, rx.Var) else "row",
        wrap="wrap",
        gap="4",
        width="100%",
        role="list",
        aria_label="Review stages",
    )


def progress_section() -> rx.Component:
    """The idea page's "Review stages" card; absent unless the review has stages."""
    return rx.cond(
        IdeaProgressState.has_steps,
        rx.card(
            rx.vstack(
                rx.heading("Review stages", size="4", as_="h2"),
                stepper(IdeaProgressState.steps, horizontal=IdeaProgressState.horizontal),
                spacing="3",
                width="100%",
            ),
            size="3",
            width="100%",
        ),
    )


def _stars(score: rx.Var[int]) -> rx.Component:
    return rx.hstack(
        *[
            rx.icon(
                "star",
                size=18,
                fill=rx.cond(score >= n, rx.color("amber", 9), "none"),
                color=rx.color("amber", 10),
            )
            for n in range(1, 6)
        ],
        spacing="1",
        aria_hidden="true",
    )


def score_section() -> rx.Component:
    """ "Score" once the idea is decided and was scored; not in the page otherwise (C18)."""
    return rx.cond(
        IdeaProgressState.score > 0,
        rx.card(
            rx.vstack(
                rx.heading("Score", size="4", as_="h2"),
                rx.hstack(
                    _stars(IdeaProgressState.score),
                    rx.text(IdeaProgressState.score.to_string() + " / 5", weight="bold"),
                    align="center",
                    spacing="3",
                ),
                rx.hstack(
                    rx.foreach(IdeaProgressState.score_criteria, lambda c: rx.badge(c, variant="surface")),
                    spacing="2",
                    wrap="wrap",
                ),
                spacing="2",
            ),
            size="3",
            width="100%",
        ),
    )


def _score_input() -> rx.Component:
    """A radio group of five stars: arrows change the value (as radios do), the label says it is required."""
    return rx.el.fieldset(
        rx.el.legend("Rate this idea (required)", class_name="field-label"),
        rx.hstack(
            *[
                rx.el.label(
                    rx.el.input(
                        type="radio",
                        name="idea-score",
                        value=str(n),
                        checked=S.score == n,
                        on_change=S.set_score(str(n)),
                        class_name="visually-hidden",
                        aria_label=f"{n} of 5",
                    ),
                    rx.icon(
                        "star",
                        size=26,
                        fill=rx.cond(S.score >= n, rx.color("amber", 9), "none"),
                        color=rx.color("amber", 10),
                    ),
                    class_name="star-option",
                    cursor="pointer",
                )
                for n in range(1, 6)
            ],
            rx.text(rx.cond(S.score > 0, S.score.to_string() + " / 5", ""), size="2", color_scheme="gray"),
            spacing="1",
            align="center",
        ),
        rx.cond(
            S.field_errors.contains("score"),
            rx.text(S.field_errors["score"], color_scheme="red", size="2", role="alert"),
        ),
        aria_required="true",
        border="none",
        padding="0",
        margin="0",
    )


def _criteria_input() -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend("Criteria (optional, max 5)", class_name="field-label"),
        rx.hstack(
            rx.foreach(
                S.criteria_options,
                lambda c: rx.checkbox(c, checked=S.criteria.contains(c), on_change=lambda _: S.toggle_criterion(c)),
            ),
            spacing="3",
            wrap="wrap",
        ),
        rx.cond(
            S.field_errors.contains("criteria"),
            rx.text(S.field_errors["criteria"], color_scheme="red", size="2", role="alert"),
        ),
        border="none",
        padding="0",
        margin="0",
    )


def _comment_box(label: str) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.el.label(label, html_for="stage-comment", class_name="field-label"),
            rx.spacer(),
            rx.text(S.comment_count, size="1", color_scheme="gray"),
            width="100%",
        ),
        rx.text_area(
            id="stage-comment",
            value=S.comment,
            on_change=S.set_comment,
            rows="4",
            width="100%",
            aria_describedby="stage-comment-error",
            placeholder="At least 10 characters.",
        ),
        rx.cond(
            S.field_errors.contains("comment"),
            rx.text(S.field_errors["comment"], id="stage-comment-error", color_scheme="red", size="2", role="alert"),
        ),
        spacing="1",
        width="100%",
    )


def _outcome_button(outcome: rx.Var[str]) -> rx.Component:
    return rx.button(
        rx.match(outcome, *[(k, v) for k, v in OUTCOME_LABELS.items()], outcome),
        color_scheme=rx.match(outcome, *[(k, v) for k, v in OUTCOME_COLORS.items()], "gray"),
        on_click=S.complete(outcome),
        custom_attrs=press_once(),
    )


def _complete_form() -> rx.Component:
    return rx.vstack(
        rx.heading("Stage: ", S.active_name, size="3", as_="h3"),
        rx.cond(S.asks_score, _score_input()),
        rx.cond(S.asks_score, _criteria_input()),
        _comment_box("Comment (10–2000 characters)"),
        rx.hstack(rx.foreach(S.outcomes, _outcome_button), spacing="3", wrap="wrap"),
        spacing="3",
        width="100%",
    )


def _resolve_form() -> rx.Component:
    return rx.vstack(
        rx.callout(
            "This stage was escalated. Resolve it to let the review go on.",
            icon="triangle_alert",
            color_scheme="amber",
            width="100%",
        ),
        _comment_box("Resolution comment (10–2000 characters)"),
        rx.hstack(
            rx.button("Pass", color_scheme="blue", on_click=S.resolve("PASS"), custom_attrs=press_once()),
            rx.button("Reject", color_scheme="red", on_click=S.resolve("REJECT"), custom_attrs=press_once()),
            spacing="3",
        ),
        spacing="3",
        width="100%",
    )


def stage_panel() -> rx.Component:
    """The review page's card for an idea reviewed in stages."""
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading("Review in stages", size="5", as_="h2", id="review-heading", tab_index=-1),
                rx.spacer(),
                rx.badge(S.pipeline_name, variant="surface"),
                width="100%",
                align="center",
            ),
            stepper(S.steps),
            rx.cond(
                S.error != "",
                rx.callout(S.error, icon="triangle_alert", color_scheme="red", role="alert", width="100%"),
            ),
            rx.cond(S.waiting_note != "", rx.callout(S.waiting_note, icon="info", width="100%")),
            rx.cond(
                S.claim_label != "",
                rx.button(rx.icon("play"), S.claim_label, size="3", on_click=S.claim, custom_attrs=press_once()),
            ),
            rx.cond(S.active_id != "", _complete_form()),
            rx.cond(S.can_resolve, _resolve_form()),
            spacing="4",
            width="100%",
        ),
        size="3",
        width="100%",
    )


def _escalation_row(item: rx.Var[EscalationLine]) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.link(rx.text(item.title, weight="medium"), href="/admin/review/" + item.idea_id),
                rx.text(
                    item.stage_name,
                    " · escalated by ",
                    item.escalated_by,
                    " · ",
                    local_time(item.escalated_at),
                    size="1",
                    color_scheme="gray",
                ),
                rx.text(item.comment, size="2", white_space="pre-wrap"),
                spacing="1",
                align="start",
            ),
            rx.spacer(),
            rx.badge(item.category_label, variant="surface"),
            width="100%",
            align="start",
        ),
        width="100%",
    )


def escalation_queue() -> rx.Component:
    """Escalated stages, oldest first, above Pending Review; absent when there are none."""
    return rx.cond(
        EscalationsState.escalations.length() > 0,
        rx.vstack(
            rx.heading("Escalations", size="5", as_="h2", id="escalations"),
            rx.foreach(EscalationsState.escalations, _escalation_row),
            spacing="2",
            width="100%",
            role="region",
            aria_label="Escalations",
        ),
    )
