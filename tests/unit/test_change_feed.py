"""The shared change feed wakes every waiting dashboard once per change, and nobody otherwise."""

from __future__ import annotations

import asyncio

from workflow_app.ui.live import ChangeFeed


def test_every_waiter_wakes_when_its_topic_changes():
    feed = ChangeFeed()

    async def scenario():
        waiters = [asyncio.create_task(feed.wait("idea-queue", 0, timeout=5)) for _ in range(50)]
        other = asyncio.create_task(feed.wait("descriptor-queue", 0, timeout=0.2))
        await asyncio.sleep(0.05)
        assert not any(w.done() for w in waiters)
        feed.publish_here("idea-queue")
        return await asyncio.gather(*waiters), await other

    woken, other = asyncio.run(scenario())
    assert woken == [1] * 50
    assert other == 0  # another topic's waiter only timed out


def test_a_change_published_before_waiting_is_not_missed():
    feed = ChangeFeed()
    feed.publish_here("idea-queue")
    assert asyncio.run(feed.wait("idea-queue", 0, timeout=5)) == 1


def test_a_quiet_topic_returns_after_the_timeout_with_the_same_version():
    feed = ChangeFeed()
    assert asyncio.run(feed.wait("idea-queue", 0, timeout=0.05)) == 0
