"""/admin/users — the SUPERADMIN gives people their roles and (de)activates accounts.

Search by name or email and filter by role (both in the URL), 50 a page. Picking a new role or
pressing Deactivate opens a confirm; the domain decides (never one's own role or account) and
the change applies on the person's next event.
"""

from __future__ import annotations

import reflex as rx

from workflow_app.accounts.domain import people
from workflow_app.accounts.pages.admin_users_state import ANY_ROLE, EMPTY, ROUTE, PeopleState, PersonLine
from workflow_app.models.enums import ROLE_LABELS, Role
from workflow_app.ui.components.forms import form_error, press_once
from workflow_app.ui.components.layout import page
from workflow_app.ui.components.listing import empty_state, pager
from workflow_app.ui.session import SessionState


def _search_form() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.input(
                name="q",
                default_value=PeopleState.query,
                placeholder="Name or email",
                max_length=people.QUERY_MAX,
                aria_label="Search by name or email",
                flex="1",
                min_width="12em",
            ),
            rx.select.root(
                rx.select.trigger(aria_label="Role", min_width="10em"),
                rx.select.content(
                    rx.select.item("Any role", value=ANY_ROLE),
                    *[rx.select.item(ROLE_LABELS[role], value=role.value) for role in Role],
                ),
                name="role",
                default_value=PeopleState.role_choice,
            ),
            rx.button("Search", type="submit"),
            spacing="3",
            wrap="wrap",
            width="100%",
        ),
        on_submit=PeopleState.search,
        key=PeopleState.query + PeopleState.role_filter,
        aria_label="Search people",
        width="100%",
    )


def _role_select(row: rx.Var[PersonLine]) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label="Role of " + row.name),
        rx.select.content(*[rx.select.item(ROLE_LABELS[role], value=role.value) for role in Role]),
        value=row.role,
        on_change=lambda role: PeopleState.ask_role(row.id, role),
        disabled=(row.id == SessionState.user_id) | ~row.active,
        size="1",
    )


def _account_button(row: rx.Var[PersonLine]) -> rx.Component:
    return rx.cond(
        row.id == SessionState.user_id,
        rx.text("You", color_scheme="gray", size="2"),
        rx.cond(
            row.active,
            rx.button(
                "Deactivate",
                size="1",
                variant="soft",
                color_scheme="red",
                on_click=PeopleState.ask_deactivate(row.id),
            ),
            rx.button("Reactivate", size="1", variant="soft", on_click=PeopleState.ask_reactivate(row.id)),
        ),
    )


def _table() -> rx.Component:
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                *[rx.table.column_header_cell(h) for h in ("Name", "Email", "Role", "Status", "Joined", "Account")]
            )
        ),
        rx.table.body(
            rx.foreach(
                PeopleState.rows,
                lambda row: rx.table.row(
                    rx.table.row_header_cell(row.name),
                    rx.table.cell(rx.text(row.email, class_name="break-anywhere")),
                    rx.table.cell(_role_select(row)),
                    rx.table.cell(
                        rx.cond(
                            row.active,
                            rx.badge("Active", color_scheme="green", high_contrast=True),
                            rx.badge("Deactivated", color_scheme="gray", high_contrast=True),
                        )
                    ),
                    rx.table.cell(row.joined),
                    rx.table.cell(_account_button(row)),
                    align="center",
                ),
            )
        ),
        variant="surface",
        width="100%",
    )


def _cards() -> rx.Component:
    """The same rows as cards on a phone, where six columns do not fit."""
    return rx.vstack(
        rx.foreach(
            PeopleState.rows,
            lambda row: rx.card(
                rx.vstack(
                    rx.hstack(
                        rx.text(row.name, weight="bold"),
                        rx.spacer(),
                        rx.cond(
                            row.active,
                            rx.badge("Active", color_scheme="green", high_contrast=True),
                            rx.badge("Deactivated", color_scheme="gray", high_contrast=True),
                        ),
                        width="100%",
                    ),
                    rx.text(row.email, size="2", color_scheme="gray", class_name="break-anywhere"),
                    rx.hstack(_role_select(row), rx.spacer(), _account_button(row), width="100%", align="center"),
                    spacing="2",
                    width="100%",
                ),
                width="100%",
            ),
        ),
        spacing="2",
        width="100%",
    )


def _confirm_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(
                rx.cond(
                    PeopleState.pending_kind == "role",
                    "Change role?",
                    rx.cond(PeopleState.pending_kind == "deactivate", "Deactivate account?", "Reactivate account?"),
                )
            ),
            rx.alert_dialog.description(PeopleState.confirm_text),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="outline")),
                rx.alert_dialog.action(
                    rx.button(
                        "Confirm",
                        on_click=PeopleState.confirm,
                        color_scheme=rx.cond(PeopleState.pending_kind == "deactivate", "red", "indigo"),
                        custom_attrs=press_once(),
                    )
                ),
                spacing="3",
                justify="end",
                margin_top="1em",
            ),
        ),
        open=PeopleState.pending_id != "",
        on_open_change=PeopleState.dialog_toggled,
    )


@rx.page(route=ROUTE, title="People · Workflow", on_load=[SessionState.require_signed_in, PeopleState.load])
def admin_users_page() -> rx.Component:
    return page(
        rx.vstack(
            rx.vstack(
                rx.heading("People", size="8"),
                rx.text(PeopleState.total_label, color_scheme="gray"),
                spacing="1",
            ),
            _search_form(),
            form_error(PeopleState.error),
            rx.cond(
                PeopleState.rows.length() > 0,
                rx.vstack(
                    rx.tablet_and_desktop(rx.box(_table(), overflow_x="auto", width="100%"), width="100%"),
                    rx.mobile_only(_cards(), width="100%"),
                    pager(
                        page=PeopleState.page_number,
                        total_pages=PeopleState.total_pages,
                        previous_href=PeopleState.previous_href,
                        next_href=PeopleState.next_href,
                        has_previous=PeopleState.page_number > 1,
                        has_next=PeopleState.page_number < PeopleState.total_pages,
                    ),
                    spacing="3",
                    width="100%",
                ),
                empty_state(EMPTY, icon="users"),
            ),
            _confirm_dialog(),
            spacing="4",
            width="100%",
        ),
        roles=(Role.SUPERADMIN.value,),
    )
