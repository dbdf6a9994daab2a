"""The idea and account pages through the real gateway: the work runs, and never on the event loop.

Each handler is run on a watched event loop (as the app runs it) with the loop guard set to
raise, against the migrated, demo-seeded app database.
"""

from __future__ import annotations

import inspect
import re
import uuid
from datetime import timedelta
from urllib.parse import unquote

import pytest
import reflex as rx
from reflex.istate.data import HeaderData, ReflexURL, RouterData

from tests.support.loops import run_on_a_watched_loop
from workflow_app import loop_guard
from workflow_app.accounts.domain import sessions
from workflow_app.accounts.pages.admin_audit import AuditLogState
from workflow_app.accounts.pages.login import LoginState
from workflow_app.accounts.pages.register import RegisterState
from workflow_app.accounts.pages.settings import SettingsState
from workflow_app.core.clock import system_clock
from workflow_app.db import open_session
from workflow_app.demo import DEMO_PASSWORD
from workflow_app.ideas.pages.admin import AdminDashboardState
from workflow_app.ideas.pages.ideas_list import IdeasListState
from workflow_app.ideas.pages.my_ideas import MyIdeasState
from workflow_app.ui.pages.home import HomeState
from workflow_app.ui.pages.notifications import NotificationsState

PASSWORD = "Secret123"


@pytest.fixture
def strict(monkeypatch, app_database):
    monkeypatch.setenv("WORKFLOW_LOOP_GUARD", "raise")
    before = len(loop_guard.violations)
    yield
    assert loop_guard.violations[before:] == []


def on_a_watched_loop(outcome_of):
    """Runs the handler `outcome_of()` starts on a fresh, watched event loop; the events it produced."""

    async def events():
        outcome = outcome_of()
        if inspect.isasyncgen(outcome):
            return [event async for event in outcome]
        if inspect.iscoroutine(outcome):
            return [await outcome]
        return [outcome]

    result = run_on_a_watched_loop(events)
    if "error" in result:
        raise result["error"]
    return [event for event in result["value"] if event is not None]


def state_of(cls, path: str = "/", token: str | None = None):
    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(cls.get_full_name().split("."))
    cookie = f"{sessions.COOKIE_NAME}={token}" if token else ""
    state.router = RouterData(url=ReflexURL(f"http://localhost:3000{path}"), headers=HeaderData(cookie=cookie))
    return state


def handoff_ticket(events) -> str:
    """The ticket in the cookie hand-off the page sends the browser to (its last event)."""
    found = re.search(r"[?&]ticket=([A-Za-z0-9_%-]+)", str(events[-1]))
    assert found, events
    return unquote(found.group(1))


def session_token(ticket: str) -> str:
    with open_session() as session:
        token = sessions.redeem_login_ticket(session, ticket=ticket, ttl=timedelta(hours=1), clock=system_clock)
    assert token
    return token


def sign_in(email: str, password: str) -> str:
    """Signs in through the login page; the session cookie token the hand-off would set."""
    state = state_of(LoginState, "/login")
    events = on_a_watched_loop(lambda: state.submit({"email": email, "password": password}))
    assert state.login_error == state.email_error == state.password_error == ""
    assert state.signing_in
    return session_token(handoff_ticket(events))


@pytest.fixture
def newcomer(strict) -> tuple[str, str]:
    """A person who registered through the page: their email and a signed-in session token."""
    email = f"newcomer-{uuid.uuid4().hex[:10]}@example.com"
    state = state_of(RegisterState, "/register")
    events = on_a_watched_loop(
        lambda: state.submit(
            {"email": email, "display_name": "New Comer", "password": PASSWORD, "confirm_password": PASSWORD}
        )
    )
    assert state.errors == {} and state.form_error == "" and state.registering
    return email, session_token(handoff_ticket(events))


def test_a_newcomer_registers_and_signs_in_with_bcrypt_off_the_loop(newcomer):
    email, _token = newcomer
    assert sign_in(email, PASSWORD)


def test_a_wrong_password_is_refused_off_the_loop(newcomer):
    state = state_of(LoginState, "/login")
    on_a_watched_loop(lambda: state.submit({"email": newcomer[0], "password": "Wrong1234"}))
    assert state.login_error == "Invalid email or password." and state.signing_in is False


def test_settings_change_the_name_and_the_password_off_the_loop(newcomer):
    email, token = newcomer
    state = state_of(SettingsState, "/settings", token)
    events = on_a_watched_loop(lambda: state.save_display_name({"display_name": "  Renamed  "}))
    assert state.name_error == "" and state.display_name == "Renamed" and len(events) == 1
    events = on_a_watched_loop(
        lambda: state.change_password(
            {"current_password": PASSWORD, "new_password": "Newer1234", "confirm_password": "Newer1234"}
        )
    )
    assert state.password_errors == {} and state.password_form_error == "" and state.password_form_key == 1
    assert sign_in(email, "Newer1234")


def test_a_wrong_current_password_changes_nothing(newcomer):
    state = state_of(SettingsState, "/settings", newcomer[1])
    on_a_watched_loop(
        lambda: state.change_password(
            {"current_password": "Wrong1234", "new_password": "Newer1234", "confirm_password": "Newer1234"}
        )
    )
    assert state.password_errors == {"current_password": "Current password is incorrect."}
    assert state.password_form_key == 0


def test_a_signed_in_persons_pages_load_off_the_loop(newcomer):
    token = newcomer[1]
    home = state_of(HomeState, "/", token)
    on_a_watched_loop(home.load)
    assert home.draft_count == 0 and "SUBMITTED" in home.idea_counts

    ideas = state_of(IdeasListState, "/ideas?page=1", token)
    on_a_watched_loop(ideas.load)
    assert ideas.error == "" and ideas.total >= 1 and ideas.ideas  # the demo's public ideas

    mine = state_of(MyIdeasState, "/my-ideas?tab=drafts", token)
    on_a_watched_loop(mine.load)
    assert mine.tab == "drafts" and mine.submitted == mine.active == mine.expired == []

    inbox = state_of(NotificationsState, "/notifications", token)
    on_a_watched_loop(inbox.load)
    on_a_watched_loop(inbox.mark_all_read)
    assert inbox.items == [] and inbox.unread_notifications == 0


def test_a_submitter_gets_nothing_from_the_admin_pages(newcomer):
    dashboard = state_of(AdminDashboardState, "/admin", newcomer[1])
    on_a_watched_loop(dashboard.load)
    assert dashboard.counts == {} and dashboard.queue == [] and dashboard.in_review == []
    audit = state_of(AuditLogState, "/admin/audit", newcomer[1])
    on_a_watched_loop(audit.load)
    assert audit.entries == [] and audit.total == 0


def test_an_admins_dashboard_and_audit_log_load_off_the_loop(strict):
    token = sign_in("admin@example.com", DEMO_PASSWORD)
    dashboard = state_of(AdminDashboardState, "/admin?page=1", token)
    on_a_watched_loop(dashboard.load)
    assert dashboard.counts["TOTAL"] >= 1
    audit = state_of(AuditLogState, "/admin/audit?action=USER_REGISTERED&page=1", token)
    on_a_watched_loop(audit.load)
    assert audit.error == "" and audit.total >= 1
    assert {entry["action_label"] for entry in audit.entries} == {"User registered"}
