"""Faults: the backend is killed (SIGKILL) in the middle of writes, then started again.

A real production backend (`reflex run --env prod --backend-only`) on a migrated SQLite file; a
socket.io client speaks Reflex's `/_event` protocol as the browser does (tests/support/reflex_ws.py).
What users rely on afterwards: every save the page reported as saved is in the database, no
command is half-written (a batch is all submitted or all still drafts; each decided descriptor
has its audit row), and the database is intact. The browser's own copy of what was typed after
the last save is offered on reopening (tests/e2e: the restore banner after an outage).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import tempfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from sqlmodel import Session, func, select

from tests.descriptors.descriptor_helpers import insert_drafts, make_section, make_skill
from tests.factories import make_user
from tests.faults.helpers import session_cookie, signed_in_author_with_a_draft
from tests.support.reflex_ws import ReflexClient
from tests.support.servers import Backend
from workflow_app.core.actor import Actor
from workflow_app.db import make_engine
from workflow_app.descriptors.pages.descriptor_review_state import ReviewQueueState
from workflow_app.descriptors.pages.my_descriptors import MyDescriptorsState
from workflow_app.ideas.pages.idea_editor_state import IdeaEditorState
from workflow_app.models import AuditAction, AuditLog, Descriptor, DescriptorBatchStatus, Idea, Role
from workflow_app.ui import autosave

pytestmark = [pytest.mark.timeout(300)]

B = DescriptorBatchStatus


@pytest.fixture
def db_url() -> str:
    from workflow_app.cli import alembic_config

    url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='wf-faults-')) / 'app.db'}"
    command.upgrade(alembic_config(url), "head")
    return url


@pytest.fixture
def backend(db_url):
    server = Backend(database_url=db_url, name="faults").start().wait_ready()
    yield server
    server.cleanup()


def _kill(server: Backend) -> None:
    """SIGKILL to the whole process group: no shutdown hook, no flush, no rollback."""
    os.killpg(server.proc.pid, signal.SIGKILL)
    server.proc.wait(timeout=10)


async def _drop(tab: ReflexClient) -> None:
    """The tab's socket died with the server: close our end without waiting on the dead peer."""
    with contextlib.suppress(Exception):
        await asyncio.wait_for(tab.disconnect(), 2)


def _restart(server: Backend) -> None:
    server.start().wait_ready()


def _intact(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        assert conn.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"


async def _type_until_saved(tab: ReflexClient, text: str) -> None:
    tab.updates.clear()  # wait for this save's reply, not an earlier one
    await tab.emit(IdeaEditorState, "set_description", value=text)
    await tab.wait_for_var(IdeaEditorState, "save_status", "saved", timeout=30)


def test_every_autosave_the_page_reported_is_in_the_database_after_a_kill(backend, db_url):
    cookie, draft_id = signed_in_author_with_a_draft(db_url, title="Killed mid-save", description="v0")
    engine = make_engine(db_url)

    async def journey() -> tuple[str, str]:
        tab = ReflexClient(backend.url, cookie=cookie)
        await tab.connect(f"/ideas/{draft_id}/edit", {"idea_id": draft_id})
        await tab.wait_for_var(IdeaEditorState, "draft_id", draft_id)
        confirmed = ""
        for n in range(1, 4):
            confirmed = f"Saved text number {n}."
            await _type_until_saved(tab, confirmed)
        pending = "Typed after the last save; the backend dies while writing it."
        tab.updates.clear()
        await tab.emit(IdeaEditorState, "set_description", value=pending)
        await tab.wait_for_var(IdeaEditorState, "save_status", "saving", timeout=30)  # the keystroke's reply
        await asyncio.sleep(autosave.PAUSE_SECONDS)  # the write is due now: kill while it runs
        _kill(backend)
        await _drop(tab)
        return confirmed, pending

    confirmed, pending = asyncio.run(journey())
    _restart(backend)

    with Session(engine) as session:
        draft = session.get(Idea, draft_id)
        assert draft.description in (confirmed, pending)  # the reported save, or the one in flight
        assert draft.title == "Killed mid-save" and draft.version >= 4
    _intact(engine)

    async def reopen() -> str:  # the restarted backend serves the draft and saves again
        tab = ReflexClient(backend.url, cookie=cookie)
        await tab.connect(f"/ideas/{draft_id}/edit", {"idea_id": draft_id})
        await tab.wait_for_var(IdeaEditorState, "draft_id", draft_id)
        await _type_until_saved(tab, "Written after the restart.")
        await tab.disconnect()
        return "ok"

    assert asyncio.run(reopen()) == "ok"
    with Session(engine) as session:
        assert session.get(Idea, draft_id).description == "Written after the restart."
    engine.dispose()


@pytest.mark.parametrize("kill_after", [0.0, 0.2])
def test_a_batch_submit_killed_midway_is_all_submitted_or_all_drafts(backend, db_url, kill_after):
    engine = make_engine(db_url)
    with Session(engine, expire_on_commit=False) as session:
        scm, sa_user = make_user(session, role=Role.SCM), make_user(session, role=Role.SA)
        make_skill(session, sa=sa_user, scm=scm)
        section = make_section(session, scm)
        insert_drafts(session, Actor.of(scm), count=3000, section=section)
        cookie = session_cookie(session, scm.id)

    async def journey() -> None:
        tab = ReflexClient(backend.url, cookie=cookie)
        await tab.connect("/descriptors/mine")
        await tab.emit(MyDescriptorsState, "submit_for_review")
        await tab.wait_for_var(MyDescriptorsState, "submitting", True, timeout=30)
        await asyncio.sleep(kill_after)
        _kill(backend)
        await _drop(tab)

    asyncio.run(journey())
    _restart(backend)
    with Session(engine) as session:
        statuses = dict(
            session.exec(select(Descriptor.batch_status, func.count()).group_by(Descriptor.batch_status)).all()
        )
        batches = session.exec(
            select(func.count(func.distinct(Descriptor.batch_id))).where(Descriptor.batch_status == B.PENDING_REVIEW)
        ).one()
        audited = session.exec(
            select(func.count()).select_from(AuditLog).where(AuditLog.action == AuditAction.DESCRIPTOR_BATCH_SUBMITTED)
        ).one()
    assert statuses in ({B.DRAFT: 3000}, {B.PENDING_REVIEW: 3000}), statuses
    assert (batches, audited) in ((0, 0), (1, 1))
    _intact(engine)
    engine.dispose()


@pytest.mark.parametrize("kill_after", [0.0, 0.03, 0.1])  # the moment varies; the invariant may not
def test_a_bulk_decision_killed_midway_leaves_each_descriptor_decided_with_its_audit_row_or_pending(
    backend, db_url, kill_after
):
    engine = make_engine(db_url)
    with Session(engine, expire_on_commit=False) as session:
        scm, sa_user = make_user(session, role=Role.SCM), make_user(session, role=Role.SA)
        make_skill(session, sa=sa_user, scm=scm)
        insert_drafts(session, Actor.of(scm), count=60, section=make_section(session, scm))
        session.execute(sa.update(Descriptor).values(batch_status=B.PENDING_REVIEW, batch_id="batch-1"))
        session.commit()
        cookie = session_cookie(session, sa_user.id)

    async def journey() -> None:
        tab = ReflexClient(backend.url, cookie=cookie)
        await tab.connect("/descriptors/review")
        await tab.emit(ReviewQueueState, "toggle_all", checked=True)
        await tab.wait_for(lambda u: ReviewQueueState.get_full_name() in u.get("delta", {}), timeout=30)
        await tab.emit(ReviewQueueState, "decide_selected", decision="APPROVE")
        await asyncio.sleep(kill_after)
        _kill(backend)
        await _drop(tab)

    asyncio.run(journey())
    _restart(backend)
    with Session(engine) as session:
        approved = session.exec(
            select(func.count()).select_from(Descriptor).where(Descriptor.batch_status == B.APPROVED)
        ).one()
        pending = session.exec(
            select(func.count()).select_from(Descriptor).where(Descriptor.batch_status == B.PENDING_REVIEW)
        ).one()
        audited = session.exec(
            select(func.count()).select_from(AuditLog).where(AuditLog.action == AuditAction.DESCRIPTOR_APPROVED)
        ).one()
        half = session.exec(
            select(func.count())
            .select_from(Descriptor)
            .where(Descriptor.batch_status == B.APPROVED, Descriptor.reviewed_at.is_(None))
        ).one()
    assert approved + pending == 60
    assert audited == approved and half == 0
    _intact(engine)
    engine.dispose()
