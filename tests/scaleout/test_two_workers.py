"""Scale-out: a tab signs in on one backend worker and autosaves its draft on another.

Two production backends (`reflex run --env prod --backend-only`, one Granian worker each) share
a throwaway Redis (the state manager) and one PostgreSQL database, as README "Scale-out" says.
A socket.io client speaks Reflex's `/_event` protocol as the browser does (tests/support/reflex_ws.py):
it signs in through the login form on worker 1 (LoginState.submit → ticket → /api/auth/handoff
→ session cookie), lands on the home page there, then, with the same client token — the same
tab — opens its draft's editor on worker 2 and types. The typed text must reach the database,
written by worker 2's autosave, and worker 2 must have seen the state worker 1 left in Redis.
"""

from __future__ import annotations

import asyncio

import pytest
from sqlmodel import Session

from tests.factories import make_user
from tests.support.reflex_ws import FIELD_MARKER, ROOT_STATE, ReflexClient, sign_in
from workflow_app.accounts.pages.login import LoginState
from workflow_app.core.actor import Actor
from workflow_app.core.clock import system_clock
from workflow_app.db import make_engine
from workflow_app.ideas.domain import drafts
from workflow_app.ideas.domain.idea_rules import IdeaIn
from workflow_app.ideas.pages.idea_editor_state import IdeaEditorState
from workflow_app.models import Idea
from workflow_app.ui.session import SessionState

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(240)]

PASSWORD = "Sc4leOut-pass"
TITLE = "Typed on worker two"
DESCRIPTION = "Every keystroke went to the second backend; Redis held the tab's state."


def _arrange(url: str) -> tuple[str, str, str]:
    """A user and one draft of theirs, made by the domain directly."""
    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            user = make_user(session, email="scaleout@example.com", password=PASSWORD)
            saved = drafts.save_draft(
                session,
                Actor.of(user),
                IdeaIn(title="Before", description=None, category=None),
                draft_id=None,
                clock=system_clock,
            )
            assert saved.ok, saved
            return user.id, user.email, saved.value.id
    finally:
        engine.dispose()


def _stored(url: str, draft_id: str) -> Idea:
    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            return session.get(Idea, draft_id)
    finally:
        engine.dispose()


def _var(update: dict, state_cls: type, var: str):
    return update["delta"].get(state_cls.get_full_name(), {}).get(var + FIELD_MARKER)


async def _journey(worker1: str, worker2: str, *, user_id: str, email: str, draft_id: str) -> dict:
    tab = ReflexClient(worker1)
    try:
        # Worker 1: the login form, the hand-off route (sets the cookie), then the home page.
        await sign_in(tab, LoginState, email=email, password=PASSWORD)
        await tab.connect("/")
        assert await tab.wait_for_var(SessionState, "user_id", user_id) == user_id
        await tab.disconnect()

        # Worker 2, same tab (client token) and cookie: the draft editor.
        tab.base_url = worker2
        hydrated = await tab.connect(f"/ideas/{draft_id}/edit", {"idea_id": draft_id})
        await tab.wait_for_var(IdeaEditorState, "draft_id", draft_id)
        assert await tab.wait_for_var(IdeaEditorState, "title", "Before")
        for n in range(1, len(TITLE) + 1):  # keystrokes, as the debounced input sends them
            await tab.emit(IdeaEditorState, "set_title", value=TITLE[:n])
        await tab.emit(IdeaEditorState, "set_description", value=DESCRIPTION)
        await tab.wait_for_var(IdeaEditorState, "save_status", "saved", timeout=30)
        return hydrated
    finally:
        await tab.disconnect()


def test_sign_in_on_one_worker_autosave_on_the_other(two_backends, scaleout_db_url):
    worker1, worker2 = two_backends
    user_id, email, draft_id = _arrange(scaleout_db_url)

    hydrated = asyncio.run(_journey(worker1.url, worker2.url, user_id=user_id, email=email, draft_id=draft_id))

    # Worker 2's first snapshot of the tab is the state worker 1 left in Redis: signed in.
    assert ROOT_STATE in hydrated["delta"]
    assert _var(hydrated, SessionState, "user_id") == user_id, "worker 2 did not get the tab's state from Redis"
    # What was typed on worker 2 is in the database.
    draft = _stored(scaleout_db_url, draft_id)
    assert (draft.title, draft.description) == (TITLE, DESCRIPTION)
    assert draft.version > 1
    # Both workers are still up (nothing crashed under the shared state).
    assert worker1.proc.poll() is None and worker2.proc.poll() is None, worker2.log_tail()
