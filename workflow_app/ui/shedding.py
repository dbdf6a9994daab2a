"""Work nobody waits for is not done: queued events of a tab that has disconnected are dropped.

Reflex queues a tab's events and runs them one at a time. When the tab goes away its queue
would still be worked through (seen: a backend busy for minutes after clients left, writing
deltas to nobody). On disconnect we cancel the events still waiting; the one running now
finishes (a save in flight still commits), and background writers (autosave) finish their
write. What the person typed but the server never took is in the browser's copy, which the
form offers when it is opened again.
"""

from __future__ import annotations

import logging

from reflex_base.event.processor.base_state_processor import BaseStateEventProcessor

log = logging.getLogger(__name__)

_original_on_disconnect = BaseStateEventProcessor._on_disconnect


def _drop_waiting_events(processor, token: str) -> int:
    dropped = 0
    waiting = list(processor._token_queues.get(token, ()))[1:]  # [0] is running
    pending = getattr(processor._queue, "_queue", ())  # not yet sorted into per-tab queues
    waiting += [(entry, None) for entry in list(pending) if entry.ctx.token == token]
    for entry, _handler in waiting:
        future = processor._futures.get(entry.ctx.txid)
        if future is not None and not future.done():
            future.cancel()
            dropped += 1
    return dropped


def _on_disconnect(self, token: str) -> None:
    _original_on_disconnect(self, token)
    if dropped := _drop_waiting_events(self, token):
        log.info("dropped %d queued events of a disconnected tab", dropped)


def install() -> None:
    """Called once by the app module."""
    BaseStateEventProcessor._on_disconnect = _on_disconnect
