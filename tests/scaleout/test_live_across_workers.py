"""Scale-out: a decision taken on one worker refreshes a dashboard held open on the other.

Each worker relays the shared change feed through one Redis pub/sub channel
(workflow_app/ui/live.py); the dashboard's follower on worker 1 waits on its feed, and
re-reads its page only when worker 2's claim arrives — no polling of the database.
"""

from __future__ import annotations

import asyncio

import pytest
from sqlmodel import Session

from tests.factories import make_user
from tests.faults.helpers import session_cookie
from tests.support.reflex_ws import FIELD_MARKER, ReflexClient
from workflow_app.core.actor import Actor
from workflow_app.core.clock import system_clock
from workflow_app.db import make_engine
from workflow_app.ideas.domain import ideas
from workflow_app.ideas.domain.idea_rules import IdeaIn
from workflow_app.ideas.pages.admin import AdminDashboardState
from workflow_app.ideas.pages.admin_review import ReviewState
from workflow_app.models import Role

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(240)]


def _arrange(url: str) -> tuple[str, str, str]:
    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            author = make_user(session)
            watcher, reviewer = make_user(session, role=Role.ADMIN), make_user(session, role=Role.ADMIN)
            idea = ideas.submit_idea(
                session,
                Actor.of(author),
                IdeaIn(
                    title="Claimed on worker two",
                    description="Seen on worker one's dashboard.",
                    category="process-improvement",
                    dynamic_fields={"current_process": "Checked by hand."},
                ),
                clock=system_clock,
            )
            assert idea.ok, idea
            return idea.value, session_cookie(session, watcher.id), session_cookie(session, reviewer.id)
    finally:
        engine.dispose()


async def _journey(worker1: str, worker2: str, *, idea_id: str, watcher_cookie: str, reviewer_cookie: str):
    watcher = ReflexClient(worker1, cookie=watcher_cookie)
    reviewer = ReflexClient(worker2, cookie=reviewer_cookie)
    try:
        await watcher.connect("/admin")
        assert await watcher.wait_for_var(AdminDashboardState, "in_review") == []
        await asyncio.sleep(0.5)  # the follower is waiting on the feed now
        watcher.updates.clear()
        await reviewer.connect(f"/admin/review/{idea_id}", {"idea_id": idea_id})
        await reviewer.emit(ReviewState, "start_review")
        await reviewer.wait_for(
            lambda u: any("Review started" in str(e.get("payload")) for e in u.get("events", [])), timeout=30
        )
        # No event from the watcher's side: the change reaches it through Redis.
        name, key = AdminDashboardState.get_full_name(), "in_review" + FIELD_MARKER
        update = await watcher.wait_for(lambda u: u.get("delta", {}).get(name, {}).get(key), timeout=10)
        return update["delta"][name][key]
    finally:
        await watcher.disconnect()
        await reviewer.disconnect()


def test_a_claim_on_one_worker_shows_on_a_dashboard_open_on_the_other(two_backends, scaleout_db_url):
    worker1, worker2 = two_backends
    idea_id, watcher_cookie, reviewer_cookie = _arrange(scaleout_db_url)
    rows = asyncio.run(
        _journey(
            worker1.url, worker2.url, idea_id=idea_id, watcher_cookie=watcher_cookie, reviewer_cookie=reviewer_cookie
        )
    )
    assert [row["idea_id"] for row in rows] == [idea_id]
