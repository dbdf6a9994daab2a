"""Catches blocking work on the web server's event loop (SPEC §1: it stalls every client).

The app records the thread of each event loop that serves it (`watch_this_thread`, run at
start-up on that loop). The database engine and the password hasher call `check(...)`; on a
watched thread that is a bug: it is logged with its stack and counted, and when
`WORKFLOW_LOOP_GUARD=raise` (the test suite sets it) it raises, so the event fails visibly.
"""

from __future__ import annotations

import logging
import os
import threading
import traceback

log = logging.getLogger(__name__)

# Thread objects, not idents: an ident is reused by the next thread once its owner has ended
# (a restarted server's old loop thread would make some worker thread look like a loop).
_loop_threads: set[threading.Thread] = set()
violations: list[str] = []


class BlockingOnLoopError(RuntimeError):
    """Blocking work (database, bcrypt) was started on a thread that runs the event loop."""


def watch_this_thread() -> None:
    """Called on the event loop's thread when the app starts (a Reflex lifespan task)."""
    _loop_threads.add(threading.current_thread())


def watched() -> bool:
    """Whether any event loop has been registered (a check that proves nothing otherwise)."""
    return bool(_loop_threads)


def on_loop_thread() -> bool:
    return threading.current_thread() in _loop_threads


def check(what: str) -> None:
    if not on_loop_thread():
        return
    where = "".join(traceback.format_stack(limit=12)[:-1])
    violations.append(f"{what}\n{where}")
    log.error("%s on the event loop thread; run it through the gateway\n%s", what, where)
    if os.environ.get("WORKFLOW_LOOP_GUARD") == "raise":
        raise BlockingOnLoopError(f"{what} on the event loop thread")
