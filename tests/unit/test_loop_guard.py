"""The guard that proves no handler blocks the event loop, and the gateway that keeps it so."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.support.loops import run_on_a_watched_loop
from workflow_app import loop_guard
from workflow_app.accounts.domain import passwords
from workflow_app.db import open_session
from workflow_app.models import User
from workflow_app.ui import gateway


@pytest.fixture
def strict(monkeypatch):
    monkeypatch.setenv("WORKFLOW_LOOP_GUARD", "raise")
    before = len(loop_guard.violations)
    yield
    del loop_guard.violations[before:]


def test_a_database_session_opened_on_the_event_loop_is_caught(strict, app_database):
    before = len(loop_guard.violations)

    async def query_on_the_loop():
        with open_session() as session:
            return session.exec(select(User)).first()

    outcome = run_on_a_watched_loop(query_on_the_loop)
    assert isinstance(outcome.get("error"), loop_guard.BlockingOnLoopError)
    assert len(loop_guard.violations) == before + 1
    assert "database connection checkout" in loop_guard.violations[-1]


def test_a_password_hash_on_the_event_loop_is_caught(strict):
    async def hash_on_the_loop():
        return passwords.hash_password("Secret123")

    outcome = run_on_a_watched_loop(hash_on_the_loop)
    assert isinstance(outcome.get("error"), loop_guard.BlockingOnLoopError)
    assert "bcrypt hash" in loop_guard.violations[-1]


def test_the_gateway_runs_the_domain_in_a_worker_thread(strict, app_database):
    before = len(loop_guard.violations)
    seen: dict = {}

    def work(session, *, email):
        seen["on_loop"] = loop_guard.on_loop_thread()
        seen["hash"] = passwords.hash_password("Secret123")
        return session.exec(select(User).where(User.email == email)).first()

    async def through_the_gateway():
        return await gateway.anonymous(work, email="admin@example.com")

    outcome = run_on_a_watched_loop(through_the_gateway)
    assert "error" not in outcome
    assert outcome["value"].email == "admin@example.com"
    assert seen["on_loop"] is False and seen["hash"].startswith("$2b$")
    assert len(loop_guard.violations) == before


def test_the_gateway_runs_nothing_for_a_token_that_signs_nobody_in(app_database):
    ran = []

    async def with_a_bogus_token():
        return await gateway.as_actor("not-a-session", lambda session, actor: ran.append(actor))

    outcome = run_on_a_watched_loop(with_a_bogus_token)
    assert outcome["value"].signed_out and ran == []
