"""What the UI tests share: hostile argument values, a recorder standing in for the gateway,
a state of its own for each test, and a driver for a handler's outcome."""

from __future__ import annotations

import asyncio
import inspect

import pytest
import reflex as rx
from reflex.istate.data import ReflexURL, RouterData

from workflow_app.core.actor import Actor
from workflow_app.models import Role
from workflow_app.ui import gateway

ADA = Actor(user_id="u-ada", role=Role.SUBMITTER, display_name="Ada", email="ada@example.com")
WRONG_TYPES = [
    pytest.param(["text"], id="list"),
    pytest.param({"text": "x"}, id="dict"),
    pytest.param(7, id="int"),
    pytest.param(None, id="null"),
    pytest.param("ab\ud800cd", id="lone-surrogate"),
]
NOT_A_DICT = [pytest.param(["email"], id="list"), pytest.param("email", id="str"), pytest.param(3, id="int")]


class Recorder:
    """Stands in for the gateway: records every piece of work and answers as told."""

    def __init__(self) -> None:
        self.calls: list[tuple[object, dict]] = []
        self.actor: Actor | None = ADA
        self.value: object = None

    async def as_actor(self, _token, work, /, *args, **kwargs):
        self.calls.append((work, kwargs))
        return gateway.Call(self.actor, self.value) if self.actor else gateway.Call(None)

    async def anonymous(self, work, /, *args, **kwargs):
        self.calls.append((work, kwargs))
        return self.value


def state_of(cls, url: str = "http://localhost:3000/"):
    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(cls.get_full_name().split("."))
    state.router = RouterData(url=ReflexURL(url))
    return state


def run(outcome) -> list:
    """Drives a handler's result (value, coroutine or async generator); the events it produced."""

    async def drain():
        if inspect.isasyncgen(outcome):
            return [event async for event in outcome if event is not None]
        if inspect.iscoroutine(outcome):
            return [await outcome]
        return [outcome]

    return [event for event in asyncio.run(drain()) if event is not None]
