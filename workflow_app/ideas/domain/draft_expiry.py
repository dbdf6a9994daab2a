"""The draft expiry job (seed 002 §5, ORIGINS C9): soft-delete expired drafts, purge them 30 days later.

One function behind the CLI command, the cron route and the in-app daily schedule. It works in
chunks of ids, each committed on its own, so it never holds a long lock on the idea table,
and it is idempotent: a second run finds nothing left to do.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, delete, select, update

from workflow_app.core.clock import Clock
from workflow_app.models import Idea, IdeaStatus

PURGE_AFTER = timedelta(days=30)
CHUNK_SIZE = 500
CHUNK_BUDGET = 0.1  # seconds a chunk's transaction should hold its locks at most
MIN_CHUNK = 25

log = logging.getLogger("workflow_app.jobs")


@dataclass(frozen=True)
class ExpiryReport:
    soft_deleted: int
    hard_deleted: int
    duration_ms: int

    def as_dict(self) -> dict[str, int]:
        return {"softDeleted": self.soft_deleted, "hardDeleted": self.hard_deleted, "durationMs": self.duration_ms}


# A chunk step: (session, now, chunk_size) → (ids selected, rows changed).
Step = Callable[[Session, datetime, int], tuple[int, int]]


def _soft_delete_chunk(session: Session, now: datetime, chunk_size: int) -> tuple[int, int]:
    # `<=` as in drafts.is_expired: a draft the pages already show as expired is soft-deleted.
    # Read as one range of ix_idea_expired_draft (a non-draft has no expiry); the status is
    # checked in a form that cannot pull the planner onto the status index instead.
    expiring = (col(Idea.is_expired_draft).is_(False), col(Idea.draft_expires_at) <= now)
    is_draft = col(Idea.status) == IdeaStatus.DRAFT
    ids = session.exec(select(Idea.id).where(*expiring, _still(is_draft)).limit(chunk_size)).all()
    if not ids:
        return 0, 0
    changed = session.exec(
        update(Idea)
        .where(col(Idea.id).in_(ids), _still(is_draft, *expiring))
        .values(is_expired_draft=True, soft_deleted_at=now)
    )
    return len(ids), changed.rowcount


def _hard_delete_chunk(session: Session, now: datetime, chunk_size: int) -> tuple[int, int]:
    # One range of ix_idea_soft_deleted: only a draft that expired has a soft-delete time. (With
    # the status as a plain condition, SQLite walked every draft on the status index instead,
    # for every chunk: 50,000 purged drafts took 23 s.)
    purgeable = col(Idea.soft_deleted_at) <= now - PURGE_AFTER  # 30 days after, to the instant
    still_a_draft = (col(Idea.status) == IdeaStatus.DRAFT, col(Idea.is_expired_draft).is_(True))
    ids = session.exec(select(Idea.id).where(purgeable, _still(*still_a_draft)).limit(chunk_size)).all()
    if not ids:
        return 0, 0
    removed = session.exec(delete(Idea).where(col(Idea.id).in_(ids), _still(purgeable, *still_a_draft)))
    return len(ids), removed.rowcount


def _still(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    """The conditions in a form no index matches, so they cannot steer the planner: the writes
    re-check them (a draft submitted or saved since the select is left alone) but find their
    rows by primary key. (As plain conditions they walked the due range for every chunk.)"""
    return sa.case((sa.and_(*conditions), 1), else_=0) == 1


def _in_chunks(engine: Engine, step: Step, *, now: datetime, chunk_size: int) -> int:
    """Runs `step` in transactions of at most `chunk_size` rows until one finds fewer. A chunk
    that held its transaction (and so the rows' locks, or SQLite's write lock) longer than
    CHUNK_BUDGET halves the next one; one far under it doubles the next, back up to chunk_size:
    on a busy server (autovacuum, other writers) no chunk holds other writers up for long."""
    total, size = 0, chunk_size
    while True:
        started = time.monotonic()
        with Session(engine) as session:
            selected, changed = step(session, now, size)
            session.commit()
        held = time.monotonic() - started
        total += changed
        if selected < size:
            return total
        if held > CHUNK_BUDGET:
            size = max(min(MIN_CHUNK, chunk_size), size // 2)
        elif held < CHUNK_BUDGET / 4:
            size = min(chunk_size, size * 2)


def expire_drafts(engine: Engine, *, clock: Clock, chunk_size: int = CHUNK_SIZE) -> ExpiryReport:
    """Runs both steps and logs one line with the counts, also when both are 0."""
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    started = time.monotonic()
    now = clock.now()
    soft_deleted = _in_chunks(engine, _soft_delete_chunk, now=now, chunk_size=chunk_size)
    hard_deleted = _in_chunks(engine, _hard_delete_chunk, now=now, chunk_size=chunk_size)
    report = ExpiryReport(soft_deleted, hard_deleted, round((time.monotonic() - started) * 1000))
    log.info(
        "cron.expire-drafts softDeleted=%d hardDeleted=%d durationMs=%d",
        report.soft_deleted,
        report.hard_deleted,
        report.duration_ms,
        extra={"event": "cron.expire-drafts", **report.as_dict(), "timestamp": now.isoformat()},
    )
    return report
