"""Reflex keys state by the browser tab, not by the person (issue 9, F4): once someone signs out
on a tab, or someone else signs in on it, nothing the previous person saw stays in its state."""

from __future__ import annotations

import reflex as rx
from reflex.istate.data import HeaderData, ReflexURL, RouterData
from sqlmodel import select

from tests.support.app_sessions import token_for
from tests.support.loops import run_on_a_watched_loop
from workflow_app.accounts.domain import sessions
from workflow_app.accounts.pages.settings import SettingsState
from workflow_app.db import open_session
from workflow_app.ideas.pages.idea_editor_state import IdeaEditorState
from workflow_app.models import User
from workflow_app.ui.session import SessionState

PRIVATE = "A private idea's description nobody else may read"


def a_tab_of(email: str):
    """The state tree of a tab where `email` was signed in and typed into the idea editor."""
    root = rx.State(_reflex_internal_init=True)
    session = root.get_substate(SessionState.get_full_name().split("."))
    editor = root.get_substate(IdeaEditorState.get_full_name().split("."))
    session.user_id, session.email, session.display_name, session.role = "u-previous", email, "Sam", "SUBMITTER"
    editor.description = PRIVATE
    return root, session, editor


def load_page(state, token: str | None) -> None:
    cookie = f"{sessions.COOKIE_NAME}={token}" if token else ""
    state.router = RouterData(url=ReflexURL("http://localhost:3000/login"), headers=HeaderData(cookie=cookie))
    outcome = run_on_a_watched_loop(state.load_optional)
    assert "error" not in outcome, outcome


def every_value(state) -> str:
    return repr(state.dict())


def test_after_sign_out_the_next_page_on_the_tab_holds_nothing_of_the_previous_person(app_database):
    root, session, editor = a_tab_of("submitter@example.com")

    load_page(session, token=None)  # /login after Sign Out: the cookie is gone

    assert editor.description == "" and session.email == "" and session.user_id == ""
    assert PRIVATE not in every_value(root) and "submitter@example.com" not in every_value(root)


def test_when_someone_else_signs_in_on_the_tab_they_get_a_clean_state(app_database):
    root, session, editor = a_tab_of("somebody-else@example.com")

    load_page(session, token=token_for("admin@example.com"))

    assert session.email == "admin@example.com"
    assert editor.description == "" and PRIVATE not in every_value(root)


def test_the_same_person_loading_another_page_keeps_what_they_typed(app_database):
    token = token_for("submitter@example.com")
    root, session, editor = a_tab_of("submitter@example.com")
    with open_session() as db:
        session.user_id = db.exec(select(User.id).where(User.email == "submitter@example.com")).one()

    load_page(session, token=token)

    assert editor.description == PRIVATE


def test_settings_state_is_cleared_too(app_database):
    root, session, _ = a_tab_of("submitter@example.com")
    settings = root.get_substate(SettingsState.get_full_name().split("."))
    settings.name_error = "Sam the previous"

    load_page(session, token=None)

    assert "Sam the previous" not in every_value(root)
