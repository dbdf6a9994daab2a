"""/admin/review-config — the SUPERADMIN's review pipelines, one a category (ORIGINS C16), and
each pipeline's blind-review switch (C17).

A category without a pipeline of its own is reviewed as seed 003 says ("Default (2-stage)").
The editor opens in the category's place in the list; nothing is written before "Save Pipeline".
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from workflow_app.ideas.domain import pipelines
from workflow_app.ideas.pages.review_config_state import ROUTE, PipelineLine, StageLine
from workflow_app.ideas.pages.review_config_state import ReviewConfigState as S
from workflow_app.models.enums import Role
from workflow_app.ui.components.forms import form_error, press_once
from workflow_app.ui.components.layout import page
from workflow_app.ui.components.listing import loading_skeleton
from workflow_app.ui.session import SessionState

FLAG_OFF_TEXT = (
    "Multi-stage review is turned off: every category is reviewed with the single review until the "
    "feature is turned on. Pipelines set up here apply from then on."
)
BLIND_FLAG_OFF = "Blind review is currently disabled by a feature flag."
DEFAULT_TEXT = "One admin starts the review and decides it."
STACKED = {"display": "flex", "flexDirection": "column", "gap": "4px", "width": "100%"}


def _error_text(key: rx.Var | str, error_id: rx.Var | str) -> rx.Component:
    message = S.field_errors.get(key, "")
    return rx.cond(
        message != "",
        rx.text(message, id=error_id, color_scheme="red", size="2", role="alert"),
        rx.el.span(id=error_id),
    )


# --- the list ----------------------------------------------------------------------------------


def _stage_item(stage: rx.Var[StageLine]) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.text(stage.name, weight="medium"),
            rx.cond(stage.is_decision, rx.badge("Decision stage", color_scheme="violet", variant="soft")),
            spacing="2",
            align="center",
            wrap="wrap",
        ),
        rx.cond(stage.description != "", rx.text(stage.description, size="2", color_scheme="gray")),
        class_name="stage-item",
    )


def _active_reviews(line: rx.Var[PipelineLine]) -> rx.Component:
    count = line.active_reviews
    return rx.text(
        rx.cond(
            count == 0,
            "No reviews in progress",
            rx.cond(count == 1, "1 review in progress", count.to_string() + " reviews in progress"),
        ),
        size="2",
        color_scheme="gray",
    )


def _blind_switch(line: rx.Var[PipelineLine]) -> rx.Component:
    switch = rx.el.label(
        rx.switch(
            checked=line.blind_review,
            on_change=lambda on: S.set_blind(line.category, on),
            disabled=~S.blind_review_on,
            aria_label="Blind review for " + line.name,
        ),
        rx.text("Blind review", size="2", weight="medium"),
        rx.text(rx.cond(line.blind_review, "On", "Off"), size="2", color_scheme="gray"),
        class_name="radio-option",
    )
    return rx.cond(
        S.blind_review_on,
        switch,
        rx.tooltip(rx.box(switch, tab_index=0, aria_label=BLIND_FLAG_OFF), content=BLIND_FLAG_OFF),
    )


def _actions(line: rx.Var[PipelineLine]) -> rx.Component:
    edit = rx.button(
        rx.cond(line.is_default, "Create pipeline", "Edit"),
        id="edit-" + line.category,
        variant=rx.cond(line.is_default, "solid", "outline"),
        aria_label=rx.cond(line.is_default, "Create pipeline for ", "Edit pipeline for ") + line.category_label,
        on_click=S.open_editor(line.category),
    )
    delete = rx.button(
        "Delete",
        color_scheme="red",
        variant="soft",
        aria_label="Delete pipeline for " + line.category_label,
        on_click=S.ask_delete(line.category),
    )
    return rx.hstack(edit, rx.cond(line.is_default, rx.fragment(), delete), spacing="2", wrap="wrap")


def _category_card(line: rx.Var[PipelineLine]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.vstack(
                rx.heading(line.category_label, as_="h2", size="4"),
                rx.text(line.name, weight="medium"),
                spacing="1",
            ),
            rx.cond(
                line.is_default,
                rx.text(DEFAULT_TEXT, size="2", color_scheme="gray"),
                rx.el.ol(rx.foreach(line.stages, _stage_item), class_name="stage-list"),
            ),
            rx.cond(
                line.is_default,
                rx.fragment(),
                rx.flex(_blind_switch(line), _active_reviews(line), spacing="4", wrap="wrap", align="center"),
            ),
            rx.cond(
                S.warning_category == line.category,
                rx.callout(pipelines.BLIND_WARNING, icon="triangle_alert", color_scheme="amber", role="status"),
            ),
            _actions(line),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


# --- the editor --------------------------------------------------------------------------------


def _arrow(index: Any, step: int, number: rx.Var) -> rx.Component:
    up = step < 0
    return rx.icon_button(
        rx.icon("arrow_up" if up else "arrow_down", size=16),
        id="stage-" + index.to_string() + ("-up" if up else "-down"),
        variant="soft",
        size="2",
        aria_label="Move stage " + number + (" up" if up else " down"),
        disabled=(index == 0) if up else (index == S.rows.length() - 1),
        on_click=S.move_stage(index, step),
    )


def _stage_row(row: Any, index: Any) -> rx.Component:
    number = (index + 1).to_string()
    prefix = "stage-" + index.to_string()
    name_key, description_key = "stage" + number + ".name", "stage" + number + ".description"
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text("Stage ", number, weight="bold"),
                rx.spacer(),
                _arrow(index, -1, number),
                _arrow(index, 1, number),
                rx.icon_button(
                    rx.icon("trash_2", size=16),
                    id=prefix + "-remove",
                    variant="soft",
                    color_scheme="red",
                    size="2",
                    aria_label="Remove stage " + number,
                    on_click=S.remove_stage(index),
                ),
                spacing="2",
                width="100%",
                align="center",
            ),
            rx.el.label(
                rx.text("Name", size="2"),
                rx.input(
                    id=prefix + "-name",
                    aria_label="Stage " + number + " name",
                    value=row.name,
                    on_change=lambda v: S.set_stage(index, "name", v),
                    debounce_timeout=300,
                    max_length=pipelines.STAGE_NAME_MAX,
                    aria_invalid=rx.cond(S.field_errors.get(name_key, "") != "", "true", "false"),
                    aria_describedby=prefix + "-name-error",
                    width="100%",
                ),
                style=STACKED,
            ),
            _error_text(name_key, prefix + "-name-error"),
            rx.el.label(
                rx.text("Description (optional)", size="2"),
                rx.text_area(
                    aria_label="Stage " + number + " description (optional)",
                    value=row.description,
                    on_change=lambda v: S.set_stage(index, "description", v),
                    debounce_timeout=300,
                    max_length=pipelines.STAGE_DESCRIPTION_MAX,
                    aria_describedby=prefix + "-description-error",
                    rows="2",
                    width="100%",
                ),
                style=STACKED,
            ),
            _error_text(description_key, prefix + "-description-error"),
            rx.el.label(
                rx.checkbox(
                    checked=row.is_decision,
                    on_change=lambda v: S.set_stage(index, "is_decision", v),
                    aria_label="Stage " + number + ": decision stage",
                ),
                rx.text("Decision stage", size="2"),
                class_name="radio-option",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        variant="surface",
    )


def _conflict() -> rx.Component:
    return rx.cond(
        S.conflict,
        rx.button(rx.icon("refresh_cw", size=16), "Reload", variant="outline", on_click=S.reload_editor),
    )


def _editor() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(S.editor_title, as_="h2", size="4"),
            form_error(S.editor_error),
            _conflict(),
            rx.el.label(
                rx.text("Pipeline name", size="2", weight="medium"),
                rx.input(
                    id="pipeline-name",
                    value=S.name,
                    on_change=S.set_name,
                    debounce_timeout=300,
                    max_length=pipelines.NAME_MAX,
                    aria_invalid=rx.cond(S.field_errors.get("name", "") != "", "true", "false"),
                    aria_describedby="pipeline-name-error",
                    width="100%",
                ),
                style=STACKED,
            ),
            _error_text("name", "pipeline-name-error"),
            rx.el.fieldset(
                rx.el.legend(rx.text("Stages, in review order", size="2", weight="medium")),
                _error_text("stages", "stages-error"),
                rx.vstack(rx.foreach(S.rows, _stage_row), spacing="3", width="100%"),
                class_name="plain-fieldset",
                style={"display": "flex", "flexDirection": "column", "gap": "8px", "width": "100%"},
            ),
            rx.button(
                rx.icon("plus", size=16),
                "Add stage",
                id="add-stage",
                variant="outline",
                on_click=S.add_stage,
                disabled=S.at_stage_limit,
            ),
            rx.flex(
                rx.button("Cancel", variant="soft", color_scheme="gray", on_click=S.close_editor),
                rx.button(
                    rx.cond(S.saving, "Saving…", "Save Pipeline"),
                    on_click=S.save,
                    disabled=S.saving,
                    custom_attrs=press_once(),
                ),
                spacing="3",
                justify="end",
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _delete_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete this pipeline?"),
            rx.alert_dialog.description(
                rx.text.strong(S.pending_delete_name),
                " and its stages will be deleted. The category is then reviewed with the default pipeline.",
            ),
            form_error(S.delete_error),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="outline")),
                rx.button("Delete", color_scheme="red", on_click=S.confirm_delete, custom_attrs=press_once()),
                justify="end",
                spacing="3",
                margin_top="1em",
            ),
        ),
        open=S.pending_delete != "",
        on_open_change=S.delete_dialog_toggled,
    )


def _listing() -> rx.Component:
    return rx.vstack(
        rx.cond(
            S.staged_review_on,
            rx.fragment(),
            rx.callout(FLAG_OFF_TEXT, icon="info", color_scheme="blue", width="100%"),
        ),
        form_error(S.error),
        rx.foreach(
            S.pipelines,
            lambda line: rx.cond(S.editing == line.category, _editor(), _category_card(line)),
        ),
        _delete_dialog(),
        spacing="3",
        width="100%",
        max_width="900px",
    )


@rx.page(route=ROUTE, title="Review pipelines · Workflow", on_load=[SessionState.require_signed_in, S.load])
def review_config_page() -> rx.Component:
    return page(
        rx.vstack(
            rx.heading("Review pipelines", size="8"),
            rx.text(
                "The stages each category's ideas go through, in order; the decision stage accepts or "
                "rejects. A change applies to reviews started after it.",
                color_scheme="gray",
            ),
            rx.cond(S.loaded, _listing(), loading_skeleton()),
            spacing="4",
            width="100%",
        ),
        roles=(Role.SUPERADMIN.value,),
    )
