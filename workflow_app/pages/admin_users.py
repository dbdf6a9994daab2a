"""/admin/users — the SUPERADMIN gives people their roles and (de)activates accounts.

Search by name or email and filter by role (both in the URL), 50 a page. Picking a new role or
pressing Deactivate opens a confirm; the domain decides (never one's own role or account) and
the change applies on the person's next event.
"""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx

from workflow_app.components.forms import form_error
from workflow_app.components.ideas import empty_state, pager
from workflow_app.components.layout import page
from workflow_app.domain import people
from workflow_app.domain.clock import system_clock
from workflow_app.domain.people import Person
from workflow_app.models.enums import ROLE_LABELS, Role
from workflow_app.state import inputs
from workflow_app.state.rows import iso_utc
from workflow_app.state.session import SessionState

ROUTE = "/admin/users"
ANY_ROLE = "ANY"
ROLE_CHOICES = tuple(role.value for role in Role)
PAGE_MAX = 100_000
ID_MAX = 64
EMPTY = "No people match this search."


def _row(person: Person) -> dict[str, str]:
    return {
        "id": person.id,
        "name": person.display_name,
        "email": person.email,
        "role": person.role.value,
        "role_label": ROLE_LABELS[person.role],
        "active": "yes" if person.active else "",
        "joined": iso_utc(person.created_at)[:10],
    }


class PeopleState(SessionState):
    rows: list[dict[str, str]] = []
    query: str = ""
    role_filter: str = ""
    page_number: int = 1
    total_pages: int = 1
    total: int = 0
    error: str = ""
    # The change waiting for "Confirm": whose, which ("role", "deactivate", "reactivate") and to what.
    pending_id: str = ""
    pending_name: str = ""
    pending_kind: str = ""
    pending_role: str = ""

    def _href(self, page_number: int) -> str:
        params = {"q": self.query, "role": self.role_filter}
        query = urlencode({k: v for k, v in params.items() if v})
        return f"{ROUTE}?{query + '&' if query else ''}page={page_number}"

    @rx.var
    def previous_href(self) -> str:
        return self._href(self.page_number - 1)

    @rx.var
    def next_href(self) -> str:
        return self._href(self.page_number + 1)

    @rx.var
    def role_choice(self) -> str:
        return self.role_filter or ANY_ROLE

    @rx.var
    def total_label(self) -> str:
        return "1 person" if self.total == 1 else f"{self.total} people"

    @rx.var
    def confirm_text(self) -> str:
        if self.pending_kind == "role":
            label = ROLE_LABELS.get(Role(self.pending_role), self.pending_role) if self.pending_role in ROLE_CHOICES else ""
            return f"Make {self.pending_name} {label}? It applies on their next click, without signing in again."
        if self.pending_kind == "deactivate":
            return f"Deactivate {self.pending_name}? They are signed out everywhere and cannot sign in until reactivated."
        return f"Reactivate {self.pending_name}? They can sign in again with their password."

    @rx.event
    async def load(self):
        params = self.router.url.query_parameters
        self.query = inputs.short_text(params.get("q") or "", limit=people.QUERY_MAX)
        self.role_filter = inputs.choice(params.get("role"), ROLE_CHOICES)
        page_number = inputs.whole_number(params.get("page"), low=1, high=PAGE_MAX, default=1)
        call = await self._call(_list, query=self.query, role=self.role_filter, page=page_number)
        if call.signed_out or not call.value.ok:
            self.rows, self.total, self.page_number, self.total_pages = [], 0, 1, 1
            self.error = "" if call.signed_out else call.value.message
            return
        listing = call.value.value
        self.rows = [_row(person) for person in listing.items]
        self.page_number, self.total_pages, self.total = listing.page, listing.total_pages, listing.total
        self.error = ""

    @rx.event
    def search(self, form_data: dict):
        if not isinstance(form_data, dict):
            return
        query = inputs.short_text(form_data.get("q") or "", limit=people.QUERY_MAX).strip()
        role = inputs.choice(form_data.get("role"), ROLE_CHOICES)
        params = urlencode({k: v for k, v in {"q": query, "role": role}.items() if v})
        return rx.redirect(f"{ROUTE}?{params + '&' if params else ''}page=1")

    def _ask(self, user_id: object, kind: str, role: str = "") -> None:
        user_id = inputs.short_text(user_id, limit=ID_MAX)
        row = next((r for r in self.rows if r["id"] == user_id), None)
        if row is None:
            return
        self.pending_id, self.pending_name, self.pending_kind, self.pending_role = row["id"], row["name"], kind, role

    @rx.event
    def ask_role(self, user_id: str, role: str):
        role = inputs.choice(role, ROLE_CHOICES)
        if role:
            self._ask(user_id, "role", role)

    @rx.event
    def ask_deactivate(self, user_id: str):
        self._ask(user_id, "deactivate")

    @rx.event
    def ask_reactivate(self, user_id: str):
        self._ask(user_id, "reactivate")

    @rx.event
    def dialog_toggled(self, is_open: bool):
        if is_open is not True:
            self.pending_id = self.pending_kind = self.pending_role = self.pending_name = ""

    @rx.event
    async def confirm(self):
        user_id, kind, role, name = self.pending_id, self.pending_kind, self.pending_role, self.pending_name
        self.pending_id = self.pending_kind = self.pending_role = self.pending_name = ""
        if not user_id:
            return
        if kind == "role":
            call = await self._call(_change_role, user_id=user_id, role=role)
        else:
            call = await self._call(_set_active, user_id=user_id, active=kind == "reactivate")
        if call.signed_out:
            return self._signed_out()
        result = call.value
        if not result.ok:
            return rx.toast.error(result.message)
        person = result.value
        self.rows = [_row(person) if r["id"] == person.id else r for r in self.rows]
        if kind == "role":
            return rx.toast.success(f"{name} is now {ROLE_LABELS[person.role]}.")
        return rx.toast.success(f"{name} was {'reactivated' if person.active else 'deactivated'}.")


def _list(session, actor, *, query: str, role: str, page: int):
    return people.list_people(session, actor, query=query, role=role, page=page)


def _change_role(session, actor, *, user_id: str, role: str):
    return people.change_role(session, actor, user_id=user_id, role=role, clock=system_clock)


def _set_active(session, actor, *, user_id: str, active: bool):
    return people.set_active(session, actor, user_id=user_id, active=active, clock=system_clock)


def _search_form() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.input(name="q", default_value=PeopleState.query, placeholder="Name or email",
                     max_length=people.QUERY_MAX, aria_label="Search by name or email", flex="1", min_width="12em"),
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


def _role_select(row) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label="Role of " + row["name"]),
        rx.select.content(*[rx.select.item(ROLE_LABELS[role], value=role.value) for role in Role]),
        value=row["role"],
        on_change=lambda role: PeopleState.ask_role(row["id"], role),
        disabled=(row["id"] == SessionState.user_id) | (row["active"] == ""),
        size="1",
    )


def _account_button(row) -> rx.Component:
    return rx.cond(
        row["id"] == SessionState.user_id,
        rx.text("You", color_scheme="gray", size="2"),
        rx.cond(
            row["active"] == "yes",
            rx.button("Deactivate", size="1", variant="soft", color_scheme="red",
                      on_click=PeopleState.ask_deactivate(row["id"])),
            rx.button("Reactivate", size="1", variant="soft", on_click=PeopleState.ask_reactivate(row["id"])),
        ),
    )


def _table() -> rx.Component:
    return rx.table.root(
        rx.table.header(rx.table.row(
            *[rx.table.column_header_cell(h) for h in ("Name", "Email", "Role", "Status", "Joined", "Account")])),
        rx.table.body(rx.foreach(PeopleState.rows, lambda row: rx.table.row(
            rx.table.row_header_cell(row["name"]),
            rx.table.cell(rx.text(row["email"], class_name="break-anywhere")),
            rx.table.cell(_role_select(row)),
            rx.table.cell(rx.cond(row["active"] == "yes", rx.badge("Active", color_scheme="green"),
                                  rx.badge("Deactivated", color_scheme="gray"))),
            rx.table.cell(row["joined"]),
            rx.table.cell(_account_button(row)),
            align="center",
        ))),
        variant="surface",
        width="100%",
    )


def _cards() -> rx.Component:
    """The same rows as cards on a phone, where six columns do not fit."""
    return rx.vstack(
        rx.foreach(PeopleState.rows, lambda row: rx.card(
            rx.vstack(
                rx.hstack(rx.text(row["name"], weight="bold"), rx.spacer(),
                          rx.cond(row["active"] == "yes", rx.badge("Active", color_scheme="green"),
                                  rx.badge("Deactivated", color_scheme="gray")), width="100%"),
                rx.text(row["email"], size="2", color_scheme="gray", class_name="break-anywhere"),
                rx.hstack(_role_select(row), rx.spacer(), _account_button(row), width="100%", align="center"),
                spacing="2",
                width="100%",
            ),
            width="100%",
        )),
        spacing="2",
        width="100%",
    )


def _confirm_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(rx.cond(PeopleState.pending_kind == "role", "Change role?",
                                          rx.cond(PeopleState.pending_kind == "deactivate", "Deactivate account?",
                                                  "Reactivate account?"))),
            rx.alert_dialog.description(PeopleState.confirm_text),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="outline")),
                rx.alert_dialog.action(rx.button(
                    "Confirm", on_click=PeopleState.confirm,
                    color_scheme=rx.cond(PeopleState.pending_kind == "deactivate", "red", "indigo"))),
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
                    pager(page=PeopleState.page_number, total_pages=PeopleState.total_pages,
                          previous_href=PeopleState.previous_href, next_href=PeopleState.next_href,
                          has_previous=PeopleState.page_number > 1,
                          has_next=PeopleState.page_number < PeopleState.total_pages),
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
