"""`gateway.as_actor_batched`: calls queued together share one worker-thread trip, and each
still gets its own actor check, its own outcome and its own transaction."""

from __future__ import annotations

import asyncio

import pytest
from sqlmodel import select

from tests.support.app_sessions import token_for
from workflow_app.core.errors import ErrorCode
from workflow_app.core.events import DomainEvent
from workflow_app.core.result import Ok, err
from workflow_app.db import open_session
from workflow_app.models import User
from workflow_app.ui import gateway

SUBMITTER, ADMIN = "submitter@example.com", "admin@example.com"


def display_name(email: str) -> str:
    with open_session() as session:
        return session.exec(select(User.display_name).where(User.email == email)).one()


@pytest.fixture
def trips(app_database, monkeypatch) -> list[int]:
    """The size of each batch that went to a worker thread."""
    sizes: list[int] = []
    run = gateway._as_actors

    def counted(calls):
        sizes.append(len(calls))
        return run(calls)

    monkeypatch.setattr(gateway, "_as_actors", counted)
    return sizes


def run_together(*calls):
    async def main():
        return await asyncio.gather(
            *(gateway.as_actor_batched(token, work, **kw) for token, work, kw in calls), return_exceptions=True
        )

    return asyncio.run(main())


def whoami(session, actor, *, tag: str):
    return f"{actor.email} {tag}"


def test_calls_queued_together_share_one_trip_and_each_gets_its_own_result(trips):
    submitter, admin = token_for(SUBMITTER), token_for(ADMIN)
    outcomes = run_together(*[(submitter if i % 2 else admin, whoami, {"tag": str(i)}) for i in range(6)])
    assert [call.value for call in outcomes] == [f"{ADMIN if i % 2 == 0 else SUBMITTER} {i}" for i in range(6)]
    assert trips == [6]


def test_a_signed_out_token_runs_nothing_and_says_so(trips):
    ran = []

    def work(session, actor):
        ran.append(actor)

    outcomes = run_together(("not-a-token", work, {}), (None, work, {}), (token_for(ADMIN), work, {}))
    assert [call.signed_out for call in outcomes] == [True, True, False]
    assert [actor.email for actor in ran] == [ADMIN]


def test_a_call_that_raises_fails_alone(trips):
    token = token_for(SUBMITTER)

    def broken(session, actor):
        raise RuntimeError("the database went away")

    outcomes = run_together((token, whoami, {"tag": "before"}), (token, broken, {}), (token, whoami, {"tag": "after"}))
    assert outcomes[0].value == f"{SUBMITTER} before"
    assert isinstance(outcomes[1], RuntimeError)
    assert outcomes[2].value == f"{SUBMITTER} after"


def test_what_one_call_leaves_uncommitted_is_neither_kept_nor_seen_by_the_next(trips):
    token, before = token_for(SUBMITTER), display_name(SUBMITTER)

    def rename_without_commit(session, actor):
        session.get(User, actor.user_id).display_name = "Half Written"
        session.flush()

    def read_name(session, actor):
        return session.get(User, actor.user_id).display_name

    outcomes = run_together((token, rename_without_commit, {}), (token, read_name, {}))
    assert outcomes[1].value == before
    assert display_name(SUBMITTER) == before


def test_a_session_that_cannot_open_fails_every_call_of_the_trip(app_database, monkeypatch):
    def unreachable(calls):
        raise ConnectionError("database unreachable")

    monkeypatch.setattr(gateway, "_as_actors", unreachable)
    outcomes = run_together((None, whoami, {"tag": "a"}), (None, whoami, {"tag": "b"}))
    assert all(isinstance(outcome, ConnectionError) for outcome in outcomes)


def test_the_events_of_what_the_work_returned_are_delivered_after_it_in_the_same_trip(app_database, monkeypatch):
    delivered: list[tuple[object, ...]] = []
    monkeypatch.setattr(gateway, "deliver", lambda session, happened, *, clock: delivered.append(tuple(happened)))
    first, second = DomainEvent(), DomainEvent()

    def command_and_page(session, actor):  # a command's result with the page it re-read, as pages do
        return Ok("done", events=(first,)), Ok(["page"], events=(second,)), "not a result"

    call = asyncio.run(gateway.as_actor(token_for(SUBMITTER), command_and_page))

    assert call.value[0] == Ok("done") and delivered == [(first, second)]
    asyncio.run(gateway.as_actor(token_for(SUBMITTER), lambda session, actor: err(ErrorCode.NOT_FOUND)))
    assert delivered == [(first, second)]  # a refusal has nothing to deliver


def test_a_restarted_loop_never_inherits_the_slots_its_dead_predecessor_held(monkeypatch):
    """A server stopped mid-call leaves its limiter's slots borrowed for good; the loop that
    replaces it must get slots of its own, not wait forever — even when it gets the dead loop's
    id() (CPython reuses addresses; here every object has the same id)."""
    monkeypatch.setattr(gateway, "id", lambda _: 1, raising=False)

    async def hold_every_slot():
        limiter = gateway._limiter()
        for n in range(int(limiter.total_tokens)):
            await limiter.acquire_on_behalf_of(f"a call the dead server never finished {n}")

    async def one_call():
        return await asyncio.wait_for(gateway.run_in_threadpool(lambda: "done"), timeout=5)

    asyncio.run(hold_every_slot())
    assert asyncio.run(one_call()) == "done"
