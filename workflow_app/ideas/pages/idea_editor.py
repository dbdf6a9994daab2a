"""/ideas/new and /ideas/[idea_id]/edit — write an idea, keep it as a draft, submit it."""

from __future__ import annotations

import reflex as rx

from workflow_app.core import errors as e
from workflow_app.core.errors import MESSAGES, ErrorCode
from workflow_app.ideas.domain.idea_rules import CATEGORIES
from workflow_app.ideas.pages.attachments_section import attachments_editor
from workflow_app.ideas.pages.attachments_state import AttachmentsState
from workflow_app.ideas.pages.idea_editor_state import IdeaEditorState as S
from workflow_app.ideas.pages.smart_form import additional_fields
from workflow_app.ui import wording
from workflow_app.ui.components.autosave_status import autosave_status
from workflow_app.ui.components.clipboard import copy_text
from workflow_app.ui.components.forms import press_once
from workflow_app.ui.components.layout import page
from workflow_app.ui.components.listing import loading_skeleton
from workflow_app.ui.pages.not_found import not_found_view
from workflow_app.ui.session import SessionState

DRAFT_LIMIT_TEXT = MESSAGES[ErrorCode.DRAFT_LIMIT_EXCEEDED]


def _error(name: str) -> rx.Component:
    message = S.field_errors.get(name, "")
    return rx.cond(message != "", rx.text(message, id=f"{name}-error", color_scheme="red", size="2", role="alert"))


def _counter(text: rx.Var, over: rx.Var) -> rx.Component:
    return rx.text(text, size="1", color_scheme=rx.cond(over, "red", "gray"), aria_live="polite")


def _label(text: str, html_for: str, counter: rx.Component | None = None) -> rx.Component:
    return rx.hstack(
        rx.el.label(text, html_for=html_for, class_name="field-label"),
        rx.spacer(),
        counter or rx.fragment(),
        width="100%",
        align="end",
    )


def _fields(read_only: rx.Var) -> rx.Component:
    return rx.vstack(
        _label("Title", "idea-title", _counter(S.title_count, S.title_over)),
        rx.input(
            id="idea-title",
            name="title",
            value=S.title,
            on_change=S.set_title,
            debounce_timeout=300,
            max_length=150,
            size="3",
            width="100%",
            read_only=read_only,
            aria_describedby="title-error",
            placeholder="A short, clear name for your idea",
        ),
        _error("title"),
        _label("Description", "idea-description", _counter(S.description_count, S.description_over)),
        rx.text_area(
            id="idea-description",
            name="description",
            value=S.description,
            on_change=S.set_description,
            debounce_timeout=300,
            max_length=5000,
            rows="9",
            size="3",
            width="100%",
            read_only=read_only,
            aria_describedby="description-error",
            placeholder="What is the problem, and how would your idea solve it?",
        ),
        _error("description"),
        _label("Category", "idea-category"),
        rx.el.select(
            rx.el.option("Choose a category…", value=""),
            *[rx.el.option(label, value=slug) for slug, label in CATEGORIES.items()],
            id="idea-category",
            name="category",
            value=S.category,
            on_change=S.set_category,
            disabled=read_only,
            class_name="native-select",
            aria_describedby="category-error",
        ),
        _error("category"),
        additional_fields(S, read_only),
        rx.el.fieldset(
            rx.el.legend("Visibility", class_name="field-label"),
            rx.hstack(
                *[
                    rx.el.label(
                        rx.el.input(
                            type="radio",
                            name="visibility",
                            value=value,
                            checked=S.visibility == value,
                            on_change=S.set_visibility(value),
                            disabled=read_only,
                        ),
                        rx.text(text, size="2"),
                        class_name="radio-option",
                    )
                    for value, text in (
                        ("PUBLIC", "Public — every signed-in user"),
                        ("PRIVATE", "Private — only you and admins"),
                    )
                ],
                spacing="5",
                wrap="wrap",
            ),
            class_name="plain-fieldset",
        ),
        spacing="2",
        width="100%",
    )


def _status_line() -> rx.Component:
    return autosave_status(
        S, has_record=S.draft_id != "", new_hint="Save a draft to have your changes saved automatically"
    )


def _restore_banner() -> rx.Component:
    return rx.cond(
        S.show_restore,
        rx.callout.root(
            rx.callout.icon(rx.icon("history")),
            rx.callout.text("We found unsaved changes. Restore them?"),
            rx.hstack(
                rx.button("Yes", size="1", on_click=S.restore_local_copy),
                rx.button("No", size="1", variant="outline", on_click=S.discard_local_copy),
                spacing="2",
            ),
            role="alert",
            color_scheme="blue",
            width="100%",
        ),
    )


def _form_error() -> rx.Component:
    return rx.cond(
        (S.form_error != "") & ~S.locked,  # a locked editor says why in its own panel
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle_alert")),
            rx.callout.text(S.form_error),
            rx.cond(
                S.save_status == "conflict",
                rx.button("Reload", size="1", width="fit-content", on_click=rx.call_script("window.location.reload()")),
            ),
            role="alert",
            color_scheme="red",
            width="100%",
        ),
    )


def _save_draft_button() -> rx.Component:
    button = rx.button(
        rx.cond(S.saving_draft, "Saving…", "Save Draft"),
        variant="outline",
        size="3",
        on_click=S.save_draft,
        # In a conflict nothing this tab holds can be saved: "Reload" above is the way on.
        disabled=S.saving_draft
        | S.submitting
        | (S.at_draft_limit & (S.draft_id == ""))
        | (S.save_status == "conflict"),
        custom_attrs=press_once(),
    )
    return rx.cond(
        S.at_draft_limit & (S.draft_id == ""),
        rx.tooltip(rx.box(button, tab_index=0, aria_label=DRAFT_LIMIT_TEXT), content=DRAFT_LIMIT_TEXT),
        button,
    )


def _actions() -> rx.Component:
    return rx.hstack(
        _status_line(),
        rx.spacer(),
        _save_draft_button(),
        rx.button(
            rx.cond(S.submitting, "Submitting…", "Submit"),
            size="3",
            on_click=S.submit,
            type="submit",
            form="idea-form",  # Enter in the title submits (the form itself sends nothing)
            disabled=S.submitting | S.saving_draft | (S.save_status == "conflict"),
            custom_attrs=press_once(),
        ),
        align="center",
        spacing="3",
        width="100%",
        wrap="wrap",
    )


def _locked_panel() -> rx.Component:
    """An expired or vanished draft: why nothing can be saved, and the typed text to take along."""
    return rx.callout.root(
        rx.callout.icon(rx.icon("lock")),
        rx.callout.text(rx.cond(S.expired, e.DRAFT_EXPIRED_READ_ONLY, S.form_error)),
        rx.callout.text("Your text is still here: copy it, or start a new draft with it.", size="2"),
        rx.hstack(
            rx.button(
                rx.icon("copy", size=16),
                "Copy my text",
                variant="outline",
                on_click=copy_text(S.text_to_copy),
            ),
            rx.button(
                rx.icon("file-plus", size=16),
                "Start a new draft with this text",
                color_scheme="indigo",
                on_click=S.start_new_draft,
                loading=S.saving_draft,
                custom_attrs=press_once(),
            ),
            spacing="3",
            wrap="wrap",
        ),
        id="draft-locked",
        role="status",
        color_scheme="gray",
        width="100%",
    )


def _editor(heading: rx.Var | str) -> rx.Component:
    return rx.vstack(
        rx.link(rx.hstack(rx.icon("arrow_left", size=16), rx.text("My Ideas")), href="/my-ideas", size="2"),
        rx.heading(heading, size="8"),
        rx.cond(
            S.at_draft_limit & (S.draft_id == ""),
            rx.callout.root(
                rx.callout.icon(rx.icon("info")),
                rx.callout.text(DRAFT_LIMIT_TEXT, " ", rx.link("Go to Drafts", href="/my-ideas?tab=drafts")),
                color_scheme="amber",
                width="100%",
            ),
        ),
        rx.cond(
            S.expiry_warning != "",
            rx.callout(S.expiry_warning, icon="clock", color_scheme="amber", role="status", width="100%"),
        ),
        _restore_banner(),
        _form_error(),
        rx.card(
            rx.el.form(
                _fields(read_only=S.locked),
                custom_attrs={"data-autosave-key": S.storage_key},
                on_submit=rx.prevent_default,
                id="idea-form",
            ),
            size="3",
            width="100%",
        ),
        attachments_editor(read_only=S.locked),
        rx.cond(S.locked, _locked_panel(), _actions()),
        spacing="4",
        width="100%",
        max_width="820px",
    )


def _loading_or(view: rx.Component, *, ready: rx.Var) -> rx.Component:
    """The form only once the state holds what this URL asks for (never the previous page's)."""
    return rx.cond(
        S.loaded & ready,
        rx.cond(S.found, view, not_found_view()),
        loading_skeleton(),
    )


@rx.page(
    route="/ideas/new",
    title="New idea · Workflow",
    on_load=[SessionState.require_signed_in, S.open_new, AttachmentsState.load],
)
def new_idea_page() -> rx.Component:
    return page(_loading_or(_editor(wording.SUBMIT_IDEA), ready=S.draft_id == ""))


@rx.page(
    route="/ideas/[idea_id]/edit",
    title="Edit draft · Workflow",
    on_load=[SessionState.require_signed_in, S.open_draft, AttachmentsState.load],
)
def edit_draft_page() -> rx.Component:
    return page(_loading_or(_editor(rx.cond(S.expired, "Expired draft", "Edit draft")), ready=S.draft_id == S.idea_id))
