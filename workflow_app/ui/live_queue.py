"""A page that shows a review queue mixes this in to refresh itself when the queue changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import reflex as rx

from workflow_app.ui import gateway, live


class LiveQueueMixin(rx.State, mixin=True):
    LIVE_TOPIC: ClassVar[str] = ""
    # The worker whose follower serves this tab ("" none): a restart starts a new one.
    _follower_of: str = ""

    def _follow_changes(self):
        """Returned by the page's load handler: starts the tab's one follower if it has none."""
        if self._follower_of != live.WORKER_ID:
            self._follower_of = live.WORKER_ID
            return type(self).follow_changes
        return None

    def _live_work(self) -> tuple[Callable[..., Any], dict[str, Any]]:
        """Under the lock: what to re-read, as (work(session, actor, **kwargs), kwargs)."""
        raise NotImplementedError

    def _live_apply(self, call: gateway.Call) -> None:
        """Under the lock: put what was re-read into the state."""
        raise NotImplementedError

    @rx.event(background=True)
    async def follow_changes(self):
        async with self:
            path, token = self.router.url.path, self.router.session.client_token
        seen = live.feed.version(self.LIVE_TOPIC)
        while True:
            version = await live.feed.wait(self.LIVE_TOPIC, seen)
            async with self:
                if self.router.url.path != path or not live.tab_is_connected(token):
                    self._follower_of = ""
                    return
                if version == seen:
                    continue
                work, kwargs = self._live_work()
                cookie = self._cookie_token()
            seen = version
            call = await gateway.as_actor(cookie, work, **kwargs)
            async with self:
                self._live_apply(call)
