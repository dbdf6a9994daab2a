"""Faults: PostgreSQL goes away for a few seconds while someone types into a draft.

The page must say so ("Not saved — retrying…", save_status "retrying") rather than pretend, and
recover by itself once the database is back — nothing typed lost, no keystroke needed.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
from alembic import command
from sqlmodel import Session

from tests.faults.helpers import signed_in_author_with_a_draft
from tests.support.pg import PostgresServer
from tests.support.reflex_ws import ReflexClient
from tests.support.servers import Backend
from workflow_app.db import make_engine
from workflow_app.ideas.pages.idea_editor_state import IdeaEditorState
from workflow_app.models import Idea

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(240)]

OUTAGE_SECONDS = 4


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    """A server of this test's own: stopping it must not disturb the rest of the suite."""
    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.stop()


def test_a_short_database_outage_shows_retrying_and_the_text_arrives_by_itself(own_postgres):
    from workflow_app.cli import alembic_config

    url = own_postgres.url
    command.upgrade(alembic_config(url), "head")
    cookie, draft_id = signed_in_author_with_a_draft(url, title="Through an outage", description="before")
    backend = Backend(database_url=url, name="outage").start().wait_ready()
    typed = "Typed while the database was down; it must arrive once it is back."

    async def journey() -> list[str]:
        tab = ReflexClient(backend.url, cookie=cookie)
        await tab.connect(f"/ideas/{draft_id}/edit", {"idea_id": draft_id})
        await tab.wait_for_var(IdeaEditorState, "draft_id", draft_id)
        own_postgres.pause()
        down_at = time.monotonic()
        tab.updates.clear()
        await tab.emit(IdeaEditorState, "set_description", value=typed)
        await tab.wait_for_var(IdeaEditorState, "save_status", "retrying", timeout=30)
        await asyncio.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - down_at)))
        own_postgres.resume()
        await tab.wait_for_var(IdeaEditorState, "save_status", "saved", timeout=60)  # no keystroke since
        statuses = [
            u["delta"][IdeaEditorState.get_full_name()]["save_status_rx_state_"]
            for u in tab.updates
            if "save_status_rx_state_" in u.get("delta", {}).get(IdeaEditorState.get_full_name(), {})
        ]
        await tab.disconnect()
        return statuses

    try:
        statuses = asyncio.run(journey())
    finally:
        backend.cleanup()
    assert statuses[0] == "saving" and "retrying" in statuses and statuses[-1] == "saved"
    engine = make_engine(url)
    with Session(engine) as session:
        assert session.get(Idea, draft_id).description == typed
    engine.dispose()
