"""One shared change feed: open queues and dashboards refresh when a review decision lands.

A handler that changed a queue (an admin claimed or decided an idea, an SA decided a
descriptor) publishes its topic after the commit. Every open dashboard has one background
follower that *waits* on the feed — no timer, no query — and re-reads its page only when its
topic changed. With Redis (several workers) each worker relays the feed through one pub/sub
channel, so a decision on one worker refreshes the dashboards held by the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid

from workflow_app.config import settings

log = logging.getLogger(__name__)

IDEA_QUEUE = "idea-queue"
DESCRIPTOR_QUEUE = "descriptor-queue"
CHANNEL = "workflow_app:changes"
CHECK_SECONDS = 60.0  # a follower also wakes this often to see whether its tab is still there


class ChangeFeed:
    def __init__(self) -> None:
        self._versions: dict[str, int] = {}
        self._waiters: dict[tuple[int, str], asyncio.Event] = {}

    def version(self, topic: str) -> int:
        return self._versions.get(topic, 0)

    def publish_here(self, topic: str) -> None:
        self._versions[topic] = self.version(topic) + 1
        for key in [key for key in self._waiters if key[1] == topic]:
            self._waiters.pop(key).set()

    async def wait(self, topic: str, seen: int, *, timeout: float = CHECK_SECONDS) -> int:
        """The topic's version once it is newer than `seen`, or after `timeout` (the same then)."""
        if self.version(topic) > seen:
            return self.version(topic)
        key = (id(asyncio.get_running_loop()), topic)
        event = self._waiters.setdefault(key, asyncio.Event())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout)
        return self.version(topic)


feed = ChangeFeed()
_relay: dict[str, object] = {}
# This process, told apart from other workers (and from itself before a restart).
WORKER_ID = uuid.uuid4().hex


def publish(*topics: str) -> None:
    """Called on the loop after a command committed."""
    for topic in topics:
        feed.publish_here(topic)
        if (client := _relay.get("client")) is not None:
            task = asyncio.get_running_loop().create_task(client.publish(CHANNEL, f"{WORKER_ID} {topic}"))
            task.add_done_callback(
                lambda t: t.cancelled() or t.exception() and log.warning("change feed relay failed: %s", t.exception())
            )


async def relay_between_workers() -> None:
    """Lifespan task: with Redis, one subscription per worker carries the feed to the others."""
    if not settings.redis_url:
        return
    import redis.asyncio as redis

    client = redis.from_url(settings.redis_url)
    _relay["client"] = client
    try:
        async with client.pubsub() as pubsub:
            await pubsub.subscribe(CHANNEL)
            async for message in pubsub.listen():
                if message.get("type") == "message":
                    worker, _, topic = message["data"].decode().partition(" ")
                    if worker != WORKER_ID:
                        feed.publish_here(topic)
    finally:
        _relay.pop("client", None)
        await client.aclose()


def tab_is_connected(token: str) -> bool:
    """Whether the browser tab holding this state is still connected to this worker."""
    from reflex.utils.prerequisites import get_and_validate_app

    try:
        namespace = get_and_validate_app().app.event_namespace
        return namespace is not None and token in namespace.token_to_sid
    except Exception:  # not serving (tests): behave as connected; the follower ends by its page
        return True
