"""Running test code on an event loop that the loop guard watches, as the app's loop is watched."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from typing import Any

from workflow_app import loop_guard


def run_on_a_watched_loop(coroutine_function: Callable[[], Awaitable[Any]], *, timeout: float = 60) -> dict:
    """`await coroutine_function()` on a fresh loop in a thread of its own, registered with the
    loop guard for the run; {"value": result} or {"error": exception}."""
    outcome: dict = {}

    async def main():
        loop_guard.watch_this_thread()
        try:
            outcome["value"] = await coroutine_function()
        except Exception as exc:  # handed back to the test's thread
            outcome["error"] = exc
        finally:
            loop_guard._loop_threads.discard(threading.current_thread())

    thread = threading.Thread(target=asyncio.run, args=(main(),))
    thread.start()
    thread.join(timeout=timeout)
    return outcome
