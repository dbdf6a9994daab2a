"""The one way a Reflex handler reaches the domain: in a worker thread, never on the event loop.

Reflex runs every handler on the worker's single event loop, so a database query or a bcrypt
hash there stalls every connected client. A handler awaits `as_actor(...)` (`SessionState._call`) instead: the worker
thread opens the session, resolves the actor from the session cookie's token (the database
says who is signed in and with which role, never the state), and runs the command and any
follow-up queries in that one session; the events of the Ok it returned are delivered then
(notifications/deliver.py), after the command's commit. Only the result comes back to the loop.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter

from workflow_app.accounts.domain import sessions
from workflow_app.config import settings
from workflow_app.core.actor import Actor
from workflow_app.core.clock import system_clock
from workflow_app.core.events import DomainEvent
from workflow_app.core.result import Ok
from workflow_app.db import open_session
from workflow_app.notifications.deliver import deliver

T = TypeVar("T")


@dataclass(frozen=True)
class Call(Generic[T]):
    """Who acted (None: not signed in, and nothing ran) and what the work returned."""

    actor: Actor | None
    value: T | None = None

    @property
    def signed_out(self) -> bool:
        return self.actor is None


def _run_as(session, token: str | None, work: Callable[..., T], args: tuple, kwargs: dict) -> Call[T]:
    actor = sessions.actor_for_token(session, token, clock=system_clock)
    if actor is None:
        return Call(None)
    value = work(session, actor, *args, **kwargs)
    if happened := events_in(value):  # the command committed: now its notifications
        deliver(session, happened, clock=system_clock)
    return Call(actor, value)


def events_in(value: object) -> list[DomainEvent]:
    """The events of an Ok, or of each Ok in a tuple (a command's result with the page it re-read)."""
    outcomes = value if isinstance(value, tuple) else (value,)
    return [event for outcome in outcomes if isinstance(outcome, Ok) for event in outcome.events]


def _as_actor(token: str | None, work: Callable[..., T], args: tuple, kwargs: dict) -> Call[T]:
    with open_session() as session:
        return _run_as(session, token, work, args, kwargs)


def _as_actors(calls: list[tuple[str | None, Callable[..., Any], dict]]) -> list[Call | BaseException]:
    """Several `_as_actor` calls in one worker-thread trip and one session, each on its own:
    a call that raises gives its exception back to its caller and the rest go on."""
    outcomes: list[Call | BaseException] = []
    with open_session() as session:
        for token, work, kwargs in calls:
            try:
                outcomes.append(_run_as(session, token, work, (), kwargs))
            except Exception as exc:  # noqa: BLE001 (handed to the caller, who decides)
                outcomes.append(exc)
            finally:  # what one call left unfinished must not show through to the next
                session.rollback()
                session.expunge_all()
    return outcomes


def _anonymous(work: Callable[..., T], args: tuple, kwargs: dict) -> T:
    with open_session() as session:
        return work(session, *args, **kwargs)


# How many domain calls run at once. SQLite has one writer: more threads only queue up in its
# busy handler (sleeping 1–100 ms each retry) and make every write later; PostgreSQL takes more,
# up to its connection pool. The event loop never waits for a slot, only the calls behind it.
SQLITE_THREADS, SERVER_DB_THREADS = 2, 16
V = TypeVar("V")
# One loop per process, but a restarted server (tests, a backend brought back up) runs a new one.
# Each loop's limiter and batcher are kept with the loop itself, held here: keyed by id() alone, a
# new loop can get a dead one's id and with it a limiter whose slots that loop's calls still hold
# (they never ran their release), so every call of the new server would wait forever.
_per_loop: dict[str, tuple[asyncio.AbstractEventLoop, object]] = {}


def _of_this_loop(kind: str, make: Callable[[], V]) -> V:
    loop = asyncio.get_running_loop()
    held = _per_loop.get(kind)
    if held is None or held[0] is not loop:
        held = _per_loop[kind] = (loop, make())
    return held[1]  # type: ignore[return-value]


def _limiter() -> CapacityLimiter:
    size = SQLITE_THREADS if settings.database_url.startswith("sqlite") else SERVER_DB_THREADS
    return _of_this_loop("limiter", lambda: CapacityLimiter(size))


async def run_in_threadpool(work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    return await anyio.to_thread.run_sync(functools.partial(work, *args, **kwargs), limiter=_limiter())


async def as_actor(token: str | None, work: Callable[..., T], /, *args: Any, **kwargs: Any) -> Call[T]:
    """`work(session, actor, *args, **kwargs)` off the loop, for the actor the token belongs to."""
    return await run_in_threadpool(_as_actor, token, work, args, kwargs)


class _Batcher:
    """Queues `as_actor_batched` calls and runs all that are waiting in one worker-thread trip.

    With a thousand people typing, each autosave as its own thread call spent far longer
    waiting for the busy loop to hand its result back (and to start the next one) than
    in the database; one trip per batch pays that once for all of them.
    """

    MAX = 200

    def __init__(self) -> None:
        self.waiting: list[tuple[tuple, asyncio.Future]] = []
        self.draining = False

    async def call(self, token: str | None, work: Callable[..., T], kwargs: dict) -> Call[T]:
        future = asyncio.get_running_loop().create_future()
        self.waiting.append(((token, work, kwargs), future))
        if not self.draining:
            self.draining = True
            asyncio.get_running_loop().create_task(self._drain())
        outcome = await future
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    async def _drain(self) -> None:
        try:
            while self.waiting:
                batch, self.waiting = self.waiting[: self.MAX], self.waiting[self.MAX :]
                try:
                    outcomes = await run_in_threadpool(_as_actors, [call for call, _ in batch])
                except Exception as exc:  # noqa: BLE001 (the session could not even open)
                    outcomes = [exc] * len(batch)
                for (_, future), outcome in zip(batch, outcomes, strict=True):
                    if not future.done():
                        future.set_result(outcome)
        finally:
            self.draining = False


async def as_actor_batched(token: str | None, work: Callable[..., T], /, **kwargs: Any) -> Call[T]:
    """`as_actor` for frequent small writes (autosave): waits for the calls queued with it and
    runs in their trip. Same result, same actor check, its own transaction."""
    return await _of_this_loop("batcher", _Batcher).call(token, work, kwargs)


async def anonymous(work: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """`work(session, *args, **kwargs)` off the loop, for commands before sign-in (register, sign in)."""
    return await run_in_threadpool(_anonymous, work, args, kwargs)
