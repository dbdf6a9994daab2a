"""/descriptors/review — an SA's Pending Review queue: approve (optionally rewording) or return,
one at a time or several at once with a result line per descriptor (ORIGINS C5)."""

from __future__ import annotations

import reflex as rx

from workflow_app.descriptors.components.cards import LEVELS
from workflow_app.descriptors.components.changes import changes_box
from workflow_app.descriptors.pages.descriptor_review_state import (
    COMMENT_INPUT_MAX,
    WORDING_LIMITS,
    DecisionLine,
    QueueCard,
    ReviewQueueState,
)
from workflow_app.models import Role
from workflow_app.ui.components import keep_typed
from workflow_app.ui.components.forms import press_once
from workflow_app.ui.components.layout import page
from workflow_app.ui.components.listing import empty_state, local_time, pager
from workflow_app.ui.session import SessionState
from workflow_app.ui.wording import OVERDUE

# ORIGINS Part 2 C5's texts
HEADING = "Descriptors Awaiting Review"
EMPTY = "No descriptors pending review."
RETURN_DESCRIPTION = "Return this descriptor to the SCM with feedback on what needs to be changed."
BULK_RETURN_DESCRIPTION = "Return the selected descriptors to their SCMs with feedback on what needs to be changed."
RETURN_PLACEHOLDER = "Please explain what needs to be revised..."


def _levels(row: rx.Var[QueueCard]) -> rx.Component:
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


def _card(row: rx.Var[QueueCard]) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.checkbox(
                checked=ReviewQueueState.selected.contains(row.id),
                on_change=lambda checked: ReviewQueueState.toggle(row.id, checked),
                aria_label="Select " + row.code,
                margin_top="4px",
            ),
            rx.vstack(
                rx.hstack(
                    rx.badge(row.code, variant="outline"),
                    rx.badge(row.section_name, variant="soft"),
                    rx.cond(row.resubmitted, rx.badge("Resubmitted", color_scheme="amber")),
                    rx.cond(row.overdue, rx.badge(rx.icon("clock_alert", size=12), OVERDUE, color_scheme="red")),
                    rx.text(
                        "by ",
                        rx.text.strong(row.scm_name),
                        " · submitted ",
                        local_time(row.submitted_at, "D MMM YYYY, HH:mm"),
                        size="1",
                        color_scheme="gray",
                    ),
                    spacing="2",
                    wrap="wrap",
                    align="center",
                ),
                rx.text(row.criterion_name, weight="bold"),
                changes_box(
                    "Changed since you returned it",
                    row.changes,
                    note=rx.cond(
                        row.earlier_comment != "",
                        rx.text(
                            "Your comment then: ", rx.text.span(row.earlier_comment, font_style="italic"), size="2"
                        ),
                    ),
                ),
                _levels(row),
                rx.cond(row.tags != "", rx.text("Tags: ", row.tags, size="1", color_scheme="gray")),
                rx.hstack(
                    rx.button(
                        rx.icon("check", size=14),
                        "Approve",
                        color_scheme="green",
                        size="2",
                        on_click=ReviewQueueState.open_dialog("approve", row.id),
                        aria_label="Approve " + row.code,
                    ),
                    rx.button(
                        rx.icon("undo_2", size=14),
                        "Return",
                        color_scheme="red",
                        variant="soft",
                        size="2",
                        on_click=ReviewQueueState.open_dialog("return", row.id),
                        aria_label="Return " + row.code,
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
        "Feedback for SCM",
        "return-comment",
        rx.text_area(
            id="return-comment",
            value=ReviewQueueState.comment,
            on_change=ReviewQueueState.set_comment,
            rows="4",
            width="100%",
            max_length=COMMENT_INPUT_MAX,
            custom_attrs=keep_typed.attrs(ReviewQueueState.comment_key),
            placeholder=RETURN_PLACEHOLDER,
        ),
    )


def _cancel() -> rx.Component:
    """Closes the dialog without deciding."""
    return rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray"))


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
        rx.hstack(
            _cancel(),
            rx.button("Approve", color_scheme="green", on_click=ReviewQueueState.approve, custom_attrs=press_once()),
            spacing="2",
            justify="end",
            width="100%",
        ),
        spacing="2",
        width="100%",
    )
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(
                rx.match(
                    mode,
                    ("approve", "Approve descriptor"),
                    ("return", "Return Descriptor"),
                    "Return selected descriptors",
                )
            ),
            rx.cond(
                mode != "approve",
                rx.dialog.description(
                    rx.cond(mode == "return", RETURN_DESCRIPTION, BULK_RETURN_DESCRIPTION),
                    size="2",
                    color_scheme="gray",
                    margin_bottom="2",
                ),
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
                    rx.hstack(
                        _cancel(),
                        rx.cond(
                            mode == "return",
                            rx.button(
                                "Return",
                                color_scheme="red",
                                on_click=ReviewQueueState.send_back,
                                custom_attrs=press_once(),
                            ),
                            rx.button(
                                "Return selected",
                                color_scheme="red",
                                on_click=ReviewQueueState.decide_selected("RETURN"),
                                custom_attrs=press_once(),
                            ),
                        ),
                        spacing="2",
                        justify="end",
                        width="100%",
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
            custom_attrs=press_once(),
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
        wrap="wrap",
        class_name="bulk-bar",
    )


def _result_line(line: rx.Var[DecisionLine]) -> rx.Component:
    return rx.hstack(
        rx.cond(
            line.ok,
            rx.icon("circle_check", color=rx.color("green", 9), size=16),
            rx.icon("circle_x", color=rx.color("red", 9), size=16),
        ),
        rx.text(line.label, weight="medium", size="2"),
        rx.text("— ", line.message, size="2"),
        spacing="2",
        align="center",
    )


def _results() -> rx.Component:
    return rx.cond(
        ReviewQueueState.results.length() > 0,
        rx.card(
            rx.vstack(
                rx.heading("Results", size="3", as_="h2", id="decision-results", tab_index=-1),
                rx.foreach(ReviewQueueState.results, _result_line),
                spacing="1",
                width="100%",
                role="status",
            ),
            width="100%",
        ),
    )


@rx.page(
    route="/descriptors/review",
    title="Descriptors Awaiting Review · Workflow",
    on_load=[SessionState.require_signed_in, ReviewQueueState.load],
)
def descriptor_review_page() -> rx.Component:
    return page(
        rx.vstack(
            rx.heading(HEADING, size="8", id="queue-heading", tab_index=-1),
            rx.text(ReviewQueueState.total, " descriptor(s) pending your review", color_scheme="gray"),
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
                empty_state(EMPTY, icon="inbox"),
            ),
            _dialog(),
            spacing="4",
            width="100%",
        ),
        roles=(Role.SA.value,),
    )
