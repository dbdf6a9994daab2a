"""What any client can send to any handler, answered without a traceback (SPEC §6).

Holes Reflex leaves open for a client that sends events by hand:
- Arguments that do not fit the handler (a name it does not take, one it needs left out) raise
  TypeError in the call: the generic error for the sender and a traceback in the log. Here the
  call is checked against the handler's signature first and refused with the validation text.
- Every state has Reflex's built-in `setvar(var_name, value)`, which no page of ours uses. It
  calls `set_<var_name>` by name: an AttributeError for any other name, a coroutine nobody
  awaits for an async handler. Ours calls only a synchronous event handler of that state (which
  checks its own argument, as when it is sent directly) and ignores every other name.
- A page load sends the tab's whole state, which is keyed by the tab's token, not the person:
  before it does, a state filled for another session than the cookie's is emptied (F4).
"""

from __future__ import annotations

import functools
import inspect
import logging
from typing import Any

import reflex as rx
from reflex_base.event.processor import base_state_processor

from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.ui.session import SessionState

log = logging.getLogger(__name__)

NAME_MAX = 100
# The root state's handlers that send the whole state to the page (each page load).
_SNAPSHOTS = frozenset({"hydrate", "hydrate_and_load"})
_original_process_event = base_state_processor.process_event


@functools.cache
def _signature(fn) -> inspect.Signature:
    return inspect.signature(fn)


def _fits(handler, payload: Any) -> bool:
    if not isinstance(payload, dict):
        return False
    try:
        _signature(handler.fn).bind(None, **payload)
    except TypeError:
        return False
    return True


async def _process_event(handler, payload, state, root_state):
    if _fits(handler, payload):
        if handler.fn.__name__ in _SNAPSHOTS and handler.state is rx.State:
            await SessionState.forget_previous_person(state)
        return await _original_process_event(handler, payload, state, root_state)
    log.info("event refused: its arguments do not fit", extra={"handler": handler.fn.__qualname__})
    await base_state_processor.chain_updates(
        rx.toast.error(message_for(ErrorCode.VALIDATION_ERROR)),
        root_state=base_state_processor.ensure_locked(state, root_state),
        handler_name=handler.fn.__qualname__,
    )


def _setvar(self, var_name: Any, value: Any):
    name = var_name if isinstance(var_name, str) and len(var_name) <= NAME_MAX else ""
    handler = type(self).event_handlers.get(f"set_{name}") if name else None
    if handler is None or inspect.iscoroutinefunction(handler.fn) or inspect.isasyncgenfunction(handler.fn):
        log.info("setvar refused", extra={"state": type(self).get_full_name(), "var": str(var_name)[:64]})
        return None
    return getattr(self, f"set_{name}")(value)


def _every_state(cls: type) -> list[type]:
    found = [cls]
    for substate in cls.get_substates():
        found += _every_state(substate)
    return found


def install() -> None:
    """Called once by the app module, after every state exists."""
    base_state_processor.process_event = _process_event
    for cls in _every_state(rx.State):
        # The registered handler object itself: Reflex's registry holds this very instance.
        handler = cls.event_handlers["setvar"]
        object.__setattr__(handler, "fn", _setvar)
        object.__setattr__(handler, "_type_hints", {})  # take the arguments as sent; _setvar checks them
        for cached in ("_parameters", "_is_coroutine_function"):
            handler.__dict__.pop(cached, None)
