"""The one way a Reflex handler reaches the domain: in a worker thread, never on the event loop.

Reflex runs every handler on the worker's single event loop, so a database query or a bcrypt
hash there stalls every connected client. A handler awaits `as_actor(...)` (`SessionState._call`) instead: the worker
thread opens the session, resolves the actor from the session cookie's token (the database
says who is signed in and with which role, never the state), and runs the command and any
follow-up queries in that one session. Only the result comes back to the loop.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter

from workflow_app.auth import sessions
from workflow_app.config import settings
from workflow_app.db import open_session
from workflow_app.domain.actor import Actor
from workflow_app.domain.clock import system_clock

T = TypeVar("T")


@dataclass(frozen=True)
class Call(Generic[T]):
    """Who acted (None: not signed in, and nothing ran) and what the work returned."""

    actor: Actor | None
    value: T | None = None

    @property
    def signed_out(self) -> bool:
        return self.actor is None


def _as_actor(token: str | None, work: Callable[..., T], args: tuple, kwargs: dict) -> Call[T]:
    with open_session() as session:
        actor = sessions.actor_for_token(session, token, clock=system_clock)
        if actor is None:
            return Call(None)
        return Call(actor, work(session, actor, *args, **kwargs))


def _anonymous(work: Callable[..., T], args: tuple, kwargs: dict) -> T:
    with open_session() as session:
        return work(session, *args, **kwargs)


# How many domain calls run at once. SQLite has one writer: more threads only queue up in its
# busy handler (sleeping 1–100 ms each retry) and make every write later; PostgreSQL takes more,
# up to its connection pool. The event loop never waits for a slot, only the calls behind it.
SQLITE_THREADS, SERVER_DB_THREADS = 2, 16
_limiters: dict[int, CapacityLimiter] = {}


def _limiter() -> CapacityLimiter:
    loop = id(asyncio.get_running_loop())
    if loop not in _limiters:
        size = SQLITE_THREADS if settings.database_url.startswith("sqlite") else SERVER_DB_THREADS
        _limiters.clear()  # one loop per process; a restarted server (tests) gets a new one
        _limiters[loop] = CapacityLimiter(size)
    return _limiters[loop]


async def run_in_threadpool(work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    return await anyio.to_thread.run_sync(functools.partial(work, *args, **kwargs), limiter=_limiter())


async def as_actor(token: str | None, work: Callable[..., T], /, *args: Any, **kwargs: Any) -> Call[T]:
    """`work(session, actor, *args, **kwargs)` off the loop, for the actor the token belongs to."""
    return await run_in_threadpool(_as_actor, token, work, args, kwargs)


async def anonymous(work: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """`work(session, *args, **kwargs)` off the loop, for commands before sign-in (register, sign in)."""
    return await run_in_threadpool(_anonymous, work, args, kwargs)
