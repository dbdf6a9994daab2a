"""The state of /admin/users (accounts/pages/admin_users.py): the page of people and the change waiting
for its confirm. Every change goes to the domain (accounts/domain/people.py), which decides."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import reflex as rx

from workflow_app.accounts.domain import people
from workflow_app.accounts.domain.people import Person
from workflow_app.core.clock import system_clock
from workflow_app.models.enums import ROLE_LABELS, Role
from workflow_app.ui import inputs
from workflow_app.ui.rows import iso_utc
from workflow_app.ui.session import SessionState

ROUTE = "/admin/users"
ANY_ROLE = "ANY"
ROLE_CHOICES = tuple(role.value for role in Role)
PAGE_MAX = 100_000
ID_MAX = 64
EMPTY = "No people match this search."


@dataclass(frozen=True)
class PersonLine:
    """One person on the page: who, their role, whether they may sign in."""

    id: str = ""
    name: str = ""
    email: str = ""
    role: str = ""  # a Role value
    role_label: str = ""
    active: bool = False
    joined: str = ""  # YYYY-MM-DD


def _row(person: Person) -> PersonLine:
    return PersonLine(
        id=person.id,
        name=person.display_name,
        email=person.email,
        role=person.role.value,
        role_label=ROLE_LABELS[person.role],
        active=person.active,
        joined=iso_utc(person.created_at)[:10],
    )


class PeopleState(SessionState):
    rows: list[PersonLine] = []
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
            label = (
                ROLE_LABELS.get(Role(self.pending_role), self.pending_role) if self.pending_role in ROLE_CHOICES else ""
            )
            return f"Make {self.pending_name} {label}? It applies on their next click, without signing in again."
        if self.pending_kind == "deactivate":
            return (
                f"Deactivate {self.pending_name}? They are signed out everywhere and cannot sign in until reactivated."
            )
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
        row = next((r for r in self.rows if r.id == user_id), None)
        if row is None:
            return
        self.pending_id, self.pending_name, self.pending_kind, self.pending_role = row.id, row.name, kind, role

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
        self.rows = [_row(person) if r.id == person.id else r for r in self.rows]
        if kind == "role":
            return rx.toast.success(f"{name} is now {ROLE_LABELS[person.role]}.")
        return rx.toast.success(f"{name} was {'reactivated' if person.active else 'deactivated'}.")


def _list(session, actor, *, query: str, role: str, page: int):
    return people.list_people(session, actor, query=query, role=role, page=page)


def _change_role(session, actor, *, user_id: str, role: str):
    return people.change_role(session, actor, user_id=user_id, role=role, clock=system_clock)


def _set_active(session, actor, *, user_id: str, active: bool):
    return people.set_active(session, actor, user_id=user_id, active=active, clock=system_clock)
