"""A tab that disconnected has its waiting events dropped; its running one, and other tabs', go on."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

from workflow_app.ui import shedding


def _entry(token: str, txid: str):
    return SimpleNamespace(ctx=SimpleNamespace(token=token, txid=txid))


def test_only_the_gone_tabs_waiting_events_are_cancelled():
    async def scenario():
        loop = asyncio.get_running_loop()
        futures = {txid: loop.create_future() for txid in ("a0", "a1", "a2", "a3", "b0", "b1")}
        global_queue: asyncio.Queue = asyncio.Queue()
        global_queue.put_nowait(_entry("gone", "a3"))  # not yet sorted into the tab's queue
        global_queue.put_nowait(_entry("other", "b1"))
        processor = SimpleNamespace(
            _token_queues={
                "gone": [(_entry("gone", "a0"), None), (_entry("gone", "a1"), None), (_entry("gone", "a2"), None)],
                "other": [(_entry("other", "b0"), None)],
            },
            _queue=global_queue,
            _futures=futures,
        )
        dropped = shedding._drop_waiting_events(processor, "gone")
        return dropped, {txid: f.cancelled() for txid, f in futures.items()}

    dropped, cancelled = asyncio.run(scenario())
    assert dropped == 3
    assert cancelled == {"a0": False, "a1": True, "a2": True, "a3": True, "b0": False, "b1": False}


def test_install_wraps_reflexs_disconnect_hook():
    from reflex_base.event.processor.base_state_processor import BaseStateEventProcessor

    shedding.install()
    assert BaseStateEventProcessor._on_disconnect is shedding._on_disconnect
