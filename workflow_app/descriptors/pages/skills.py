"""/admin/skills — which Skill Advisor reviews which SCM's descriptors (ORIGINS Part 2 A, B)."""

from __future__ import annotations

import reflex as rx

from workflow_app.descriptors.domain import skills
from workflow_app.descriptors.pages.skills_state import (
    ASK_FOR_ROLE,
    EMPTY,
    GIVE_ROLE,
    NO_ADVISORS,
    SUBTITLE,
    SkillLine,
    SkillsState,
)
from workflow_app.models.enums import Role
from workflow_app.ui.components.forms import field, press_once
from workflow_app.ui.components.layout import ADMIN_ROLES, page
from workflow_app.ui.components.listing import empty_state
from workflow_app.ui.session import SessionState


def _no_advisors() -> rx.Component:
    """Only a SUPERADMIN can give roles: they get the way there, an ADMIN whom to ask."""
    return rx.text(
        NO_ADVISORS,
        " ",
        rx.cond(SessionState.role == Role.SUPERADMIN.value, rx.link(GIVE_ROLE, href="/admin/users"), ASK_FOR_ROLE),
        size="2",
        color_scheme="amber",
    )


def _user_select(label: str, name: str, options: rx.Var, *, empty_label: str, required: bool) -> rx.Component:
    field_id, error = f"field-{name}", SkillsState.field_errors.get(name, "")
    return rx.vstack(
        rx.el.label(label, html_for=field_id, class_name="field-label"),
        rx.el.select(
            rx.el.option(empty_label, value=""),
            rx.foreach(options, lambda o: rx.el.option(o["label"], value=o["id"])),
            id=field_id,
            name=name,
            default_value=SkillsState.form_values.get(name, ""),
            class_name="native-select",
            aria_required="true" if required else "false",
            aria_describedby=f"{field_id}-error",
            aria_invalid=rx.cond(error != "", "true", "false"),
        ),
        rx.cond(
            error != "",
            rx.text(error, id=f"{field_id}-error", size="2", color_scheme="red", role="alert"),
            rx.el.span(id=f"{field_id}-error"),
        ),
        spacing="1",
        width="100%",
        align="stretch",
    )


def _form_dialog() -> rx.Component:
    errors, values = SkillsState.field_errors, SkillsState.form_values
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(SkillsState.form_title),
            rx.dialog.description(SUBTITLE, size="2", color_scheme="gray"),
            rx.form(
                rx.vstack(
                    field(
                        "Name",
                        "name",
                        error=errors.get("name", ""),
                        default_value=values.get("name", ""),
                        max_length=skills.NAME_MAX,
                    ),
                    rx.hstack(
                        field(
                            "Code",
                            "code",
                            error=errors.get("code", ""),
                            default_value=values.get("code", ""),
                            max_length=skills.CODE_MAX,
                            placeholder="01",
                        ),
                        field(
                            "Sector",
                            "sector",
                            error=errors.get("sector", ""),
                            default_value=values.get("sector", ""),
                            max_length=skills.SECTOR_MAX,
                        ),
                        spacing="3",
                        width="100%",
                    ),
                    _user_select(
                        "Skill Advisor",
                        "sa_id",
                        SkillsState.advisors,
                        empty_label="Choose a Skill Advisor…",
                        required=True,
                    ),
                    rx.cond(SkillsState.advisors.length() == 0, _no_advisors()),
                    _user_select(
                        "Skill Competition Manager",
                        "scm_id",
                        SkillsState.managers,
                        empty_label="— none —",
                        required=False,
                    ),
                    rx.cond(
                        SkillsState.form_error != "",
                        rx.callout(
                            SkillsState.form_error,
                            icon="triangle_alert",
                            color_scheme="red",
                            role="alert",
                            width="100%",
                        ),
                    ),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", type="button", variant="outline")),
                        rx.button("Save", type="submit", custom_attrs=press_once()),
                        justify="end",
                        spacing="3",
                        width="100%",
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=SkillsState.save,
                reset_on_submit=False,
            ),
            max_width="600px",
        ),
        open=SkillsState.form_open,
        on_open_change=SkillsState.dialog_toggled,
    )


def _delete_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete this skill?"),
            rx.alert_dialog.description(
                rx.text.strong(SkillsState.pending_delete_name),
                " will be deleted. Descriptors stay as they are; its SCM's batches are no longer routed to its "
                "Skill Advisor.",
            ),
            rx.cond(
                SkillsState.delete_error != "",
                rx.callout(
                    SkillsState.delete_error,
                    icon="triangle_alert",
                    color_scheme="red",
                    role="alert",
                    margin_top="0.75em",
                ),
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="outline")),
                rx.button("Delete", color_scheme="red", on_click=SkillsState.confirm_delete, custom_attrs=press_once()),
                justify="end",
                spacing="3",
                margin_top="1em",
            ),
        ),
        open=SkillsState.pending_delete_id != "",
        on_open_change=SkillsState.delete_dialog_toggled,
    )


def _skill_row(row: rx.Var[SkillLine]) -> rx.Component:
    def or_dash(value: rx.Var) -> rx.Var:
        return rx.cond(value != "", value, "—")

    return rx.table.row(
        rx.table.row_header_cell(rx.text(row.name, weight="medium")),
        rx.table.cell(or_dash(row.code)),
        rx.table.cell(or_dash(row.sector)),
        rx.table.cell(row.sa_name),
        rx.table.cell(or_dash(row.scm_name)),
        rx.table.cell(
            rx.hstack(
                rx.button(
                    rx.icon("pencil", size=14),
                    "Edit",
                    size="1",
                    variant="soft",
                    on_click=SkillsState.open_edit(row.id),
                    aria_label="Edit " + row.name,
                ),
                rx.button(
                    rx.icon("trash_2", size=14),
                    "Delete",
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    on_click=SkillsState.ask_delete(row.id, row.name),
                    aria_label="Delete " + row.name,
                ),
                spacing="2",
            )
        ),
        align="center",
    )


def _table() -> rx.Component:
    header = ["Name", "Code", "Sector", "Skill Advisor", "Skill Competition Manager", "Actions"]
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in header])),
        rx.table.body(rx.foreach(SkillsState.skills, _skill_row)),
        width="100%",
        variant="surface",
        aria_label="Skills",
    )


def _create_button(**props) -> rx.Component:
    return rx.button(rx.icon("plus"), "Create Skill", on_click=SkillsState.open_create, **props)


@rx.page(route="/admin/skills", title="Skills · Workflow", on_load=[SessionState.require_signed_in, SkillsState.load])
def skills_page() -> rx.Component:
    return page(
        rx.vstack(
            rx.hstack(
                rx.vstack(rx.heading("Skills", size="8"), rx.text(SUBTITLE, color_scheme="gray"), spacing="1"),
                rx.spacer(),
                _create_button(size="3", id="create-skill"),
                align="end",
                width="100%",
                wrap="wrap",
                spacing="3",
            ),
            rx.cond(
                SkillsState.load_error != "",
                rx.callout(SkillsState.load_error, color_scheme="red", icon="triangle_alert", role="alert"),
            ),
            rx.cond(SkillsState.skills.length() > 0, _table(), empty_state(EMPTY, action=_create_button())),
            _form_dialog(),
            _delete_dialog(),
            spacing="4",
            width="100%",
        ),
        roles=ADMIN_ROLES,
    )
