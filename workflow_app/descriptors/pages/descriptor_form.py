"""/descriptors/new and /descriptors/[descriptor_ref]/edit — an SCM writes a descriptor (ORIGINS D)."""

from __future__ import annotations

import reflex as rx

from workflow_app.descriptors.components.cards import LEVELS
from workflow_app.descriptors.components.section_form import section_dialog
from workflow_app.descriptors.pages.descriptor_form_state import ORIGIN
from workflow_app.descriptors.pages.descriptor_form_state import DescriptorFormState as S
from workflow_app.descriptors.pages.section_form_state import SectionFormState, form_binding
from workflow_app.models import Role
from workflow_app.ui.components.autosave_status import autosave_status
from workflow_app.ui.components.clipboard import copy_text
from workflow_app.ui.components.forms import link_button, press_once
from workflow_app.ui.components.layout import page
from workflow_app.ui.components.listing import loading_skeleton
from workflow_app.ui.pages.not_found import not_found_view
from workflow_app.ui.session import SessionState


def _error(name: str) -> rx.Component:
    message = S.field_errors.get(name, "")
    return rx.cond(message != "", rx.text(message, id=f"d-{name}-error", color_scheme="red", size="2", role="alert"))


def _label(text: str, name: str) -> rx.Component:
    return rx.el.label(text, html_for=f"d-{name}", class_name="field-label")


def _input(name: str, label: str, placeholder: str = "") -> rx.Component:
    return rx.vstack(
        _label(label, name),
        rx.input(
            id=f"d-{name}",
            name=name,
            value=getattr(S, name),
            on_change=S.set_field(name),
            debounce_timeout=300,
            placeholder=placeholder,
            size="3",
            width="100%",
            read_only=~S.editable,
            aria_describedby=f"d-{name}-error",
        ),
        _error(name),
        spacing="1",
        width="100%",
    )


def _section_select() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            _label("WSOS section", "wsos_section_id"),
            rx.spacer(),
            rx.button(
                rx.icon("plus", size=14),
                "Create new section",
                type="button",
                size="1",
                variant="ghost",
                on_click=SectionFormState.open_create(ORIGIN),
                disabled=~S.editable,
            ),
            width="100%",
            align="center",
        ),
        rx.el.select(
            rx.el.option("Select WSOS section...", value=""),
            rx.foreach(S.section_options, lambda o: rx.el.option(o["name"], value=o["id"])),
            id="d-wsos_section_id",
            name="wsos_section_id",
            value=S.wsos_section_id,
            on_change=S.set_field("wsos_section_id"),
            disabled=~S.editable,
            class_name="native-select",
            aria_describedby="d-wsos_section_id-error",
        ),
        _error("wsos_section_id"),
        spacing="1",
        width="100%",
    )


def _levels() -> rx.Component:
    return rx.vstack(
        rx.heading("Performance Levels", size="4", as_="h2"),
        rx.text("Describe at least one level.", size="2", color_scheme="gray"),
        _error("scores"),
        *[
            rx.vstack(
                _label(label, name),
                rx.text_area(
                    id=f"d-{name}",
                    name=name,
                    value=getattr(S, name),
                    on_change=S.set_field(name),
                    debounce_timeout=300,
                    rows="3",
                    width="100%",
                    read_only=~S.editable,
                ),
                _error(name),
                spacing="1",
                width="100%",
            )
            for name, label in LEVELS
        ],
        spacing="3",
        width="100%",
    )


def _feedback() -> rx.Component:
    return rx.cond(
        S.is_returned & (S.review_comment != ""),
        rx.callout.root(
            rx.callout.icon(rx.icon("message_square_warning")),
            rx.callout.text(rx.text.strong("SA Feedback: "), S.review_comment),
            color_scheme="red",
            width="100%",
        ),
    )


def _banners() -> rx.Component:
    return rx.fragment(
        rx.cond(
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
        ),
        rx.cond(
            S.form_error != "",
            rx.callout(S.form_error, icon="triangle_alert", color_scheme="red", role="alert", width="100%"),
        ),
        rx.cond(
            S.save_status == "gone",
            rx.callout.root(
                rx.callout.icon(rx.icon("lock")),
                rx.callout.text("Your text is still here: copy it to keep it."),
                rx.button(
                    rx.icon("copy", size=16), "Copy my text", variant="outline", on_click=copy_text(S.text_to_copy)
                ),
                id="descriptor-locked",
                role="status",
                color_scheme="gray",
                width="100%",
            ),
        ),
    )


def _form(heading: rx.Var | str) -> rx.Component:
    return rx.vstack(
        rx.link(
            rx.hstack(rx.icon("arrow_left", size=16), rx.text("My Descriptors")), href="/descriptors/mine", size="2"
        ),
        rx.heading(heading, size="8"),
        _feedback(),
        _banners(),
        rx.el.form(
            rx.vstack(
                rx.card(
                    rx.vstack(
                        rx.heading("Descriptor Details", size="4", as_="h2"),
                        _section_select(),
                        _input("code", "Code", "A1"),
                        _input("criterion_name", "Criterion", "Quality of weld seam"),
                        _input("tags", "Tags", "safety, measurement, quality"),
                        spacing="3",
                        width="100%",
                    ),
                    width="100%",
                    size="3",
                ),
                rx.card(_levels(), width="100%", size="3"),
                spacing="4",
                width="100%",
            ),
            custom_attrs={"data-autosave-key": S.storage_key},
            on_submit=rx.prevent_default,
            id="descriptor-fields",
            width="100%",
        ),
        rx.cond(
            S.editable,
            rx.hstack(
                autosave_status(
                    S,
                    has_record=S.descriptor_id != "",
                    new_hint="Save as a draft to have your changes saved automatically",
                ),
                rx.spacer(),
                link_button("Cancel", variant="outline", size="3", href="/descriptors/mine"),
                rx.button(
                    rx.cond(S.descriptor_id == "", "Save as Draft", "Update Descriptor"),
                    size="3",
                    on_click=S.save,
                    loading=S.saving,
                    type="submit",
                    form="descriptor-fields",  # Enter in a one-line field saves (the form sends nothing)
                    custom_attrs=press_once(),
                ),
                align="center",
                spacing="3",
                width="100%",
                wrap="wrap",
            ),
        ),
        section_dialog(form_binding(SectionFormState), id_prefix="new-section"),
        spacing="4",
        width="100%",
        max_width="860px",
    )


def _ready(view: rx.Component, *, ready: rx.Var) -> rx.Component:
    return rx.cond(
        S.loaded & ready,
        rx.cond(S.found, view, not_found_view()),
        loading_skeleton(),
    )


@rx.page(
    route="/descriptors/new", title="New descriptor · Workflow", on_load=[SessionState.require_signed_in, S.open_new]
)
def new_descriptor_page() -> rx.Component:
    return page(_ready(_form("Create Descriptor"), ready=S.descriptor_id == ""), roles=(Role.SCM.value,))


@rx.page(
    route="/descriptors/[descriptor_ref]/edit",
    title="Edit descriptor · Workflow",
    on_load=[SessionState.require_signed_in, S.open_existing],
)
def edit_descriptor_page() -> rx.Component:
    return page(
        _ready(
            _form(rx.cond(S.is_returned, "Revise Descriptor", "Edit Descriptor")),
            ready=S.descriptor_id == S.descriptor_ref,
        ),
        roles=(Role.SCM.value,),
    )
