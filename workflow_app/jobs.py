"""Jobs the running app schedules for itself (SPEC §1, §3): the daily draft expiry, the review
digest, the rate events' pruning, the staged imports' and orphaned attachments' sweeps and fresh
planner statistics.

`daily_draft_expiry` is a Reflex lifespan task (`app.register_lifespan_task`). Every backend
worker runs one; a claim row per day makes sure only one of them does the work.
"""

from __future__ import annotations

import asyncio
import logging
import os
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from workflow_app.core import ratelimit
from workflow_app.core.clock import Clock, system_clock
from workflow_app.db import get_engine, refresh_statistics
from workflow_app.descriptors.domain import import_staging
from workflow_app.ideas.domain import attachments, draft_expiry
from workflow_app.ideas.domain.draft_expiry import ExpiryReport
from workflow_app.models import RateEvent
from workflow_app.notifications import digest
from workflow_app.notifications.digest import DigestReport

DEFAULT_HOUR_UTC = 2  # ORIGINS C9: daily at 02:00 UTC
CLAIM_PREFIX = "job:expire-drafts:"

log = logging.getLogger("workflow_app.jobs")


def run_hour() -> int:
    """DRAFT_EXPIRY_HOUR_UTC (0–23), default 2; a bad value falls back to the default."""
    raw = os.environ.get("DRAFT_EXPIRY_HOUR_UTC", "").strip()
    if not raw:
        return DEFAULT_HOUR_UTC
    if raw.isdigit() and 0 <= int(raw) <= 23:
        return int(raw)
    log.warning("DRAFT_EXPIRY_HOUR_UTC=%r is not an hour 0-23; using %d", raw, DEFAULT_HOUR_UTC)
    return DEFAULT_HOUR_UTC


def todays_run(now: datetime, hour: int) -> datetime:
    return now.astimezone(UTC).replace(hour=hour, minute=0, second=0, microsecond=0)


def next_run_after(now: datetime, hour: int) -> datetime:
    run = todays_run(now, hour)
    return run if run > now else run + timedelta(days=1)


def claim_key(now: datetime) -> str:
    return f"{CLAIM_PREFIX}{now.astimezone(UTC):%Y-%m-%d}"


def _claim(engine: Engine, *, key: str, clock: Clock) -> bool:
    """True for exactly one caller per key, across workers and processes.

    rate_event has no unique constraint to lean on, so: insert the claim, then count the
    claims with that key in the same transaction; more than one means someone was first.
    On SQLite the insert takes the database's single write lock, so the later worker's count
    sees the earlier worker's committed row. On PostgreSQL (READ COMMITTED) two uncommitted
    inserts cannot see each other, so a transaction-scoped advisory lock on the key serializes
    the claimers first; the try- variant never waits: a worker finding the lock taken lets the
    holder do the job.
    """
    with Session(engine) as session:
        if engine.dialect.name == "postgresql":
            locked = session.execute(sa.text("SELECT pg_try_advisory_xact_lock(hashtext(:key))"), {"key": key}).scalar()
            if not locked:
                return False
        ratelimit.hit(session, key=key, clock=clock)
        session.flush()
        claims = session.exec(select(func.count()).select_from(RateEvent).where(RateEvent.key == key)).one()
        if claims > 1:
            session.rollback()
            return False
        session.commit()
        return True


DIGEST_PREFIX = "job:review-digest:"


def send_digest_once_today(engine: Engine, *, clock: Clock) -> DigestReport | None:
    """The review digest (notifications/digest.py) unless someone sent today's already; None then."""
    if not _claim(engine, key=f"{DIGEST_PREFIX}{clock.now().astimezone(UTC):%Y-%m-%d}", clock=clock):
        return None
    report = digest.send_review_digests(engine, clock=clock)
    log.info("cron.review-digest %s", report.as_dict(), extra={"event": "cron.review-digest", **report.as_dict()})
    return report


def run_once_if_due(engine: Engine, *, clock: Clock) -> ExpiryReport | None:
    """Runs the expiry job if today's run time has passed and nobody ran it today; else None.

    If the run fails after the claim, today's run is lost; tomorrow's catches up, since the
    job works on every draft past its date, not on one day's worth.
    """
    now = clock.now()
    if now < todays_run(now, run_hour()):
        return None
    if not _claim(engine, key=claim_key(now), clock=clock):
        return None
    report = draft_expiry.expire_drafts(engine, clock=clock)
    with Session(engine) as session:
        pruned = ratelimit.prune(session, clock=clock)
        session.commit()
    log.info("cron.prune-rate-events deleted=%d", pruned, extra={"event": "cron.prune-rate-events", "deleted": pruned})
    send_digest_once_today(engine, clock=clock)
    swept = import_staging.sweep(clock.now().timestamp())
    log.info("cron.sweep-imports deleted=%d", swept, extra={"event": "cron.sweep-imports", "deleted": swept})
    with Session(engine) as session:
        orphans = attachments.sweep_orphans(session, attachments.default_storage())
    log.info(
        "cron.sweep-attachments deleted=%d", orphans, extra={"event": "cron.sweep-attachments", "deleted": orphans}
    )
    refresh_statistics(engine)
    return report


async def daily_draft_expiry() -> None:
    """Lifespan task: runs the job when due (also right after a start past the hour), then
    sleeps until the next day's run time; forever, until the app shuts down."""
    while True:
        try:
            await asyncio.to_thread(run_once_if_due, get_engine(), clock=system_clock)
        except Exception:
            log.exception("cron.expire-drafts failed")
        now = system_clock.now()
        # A second of margin: waking a hair early would find the run not yet due.
        await asyncio.sleep((next_run_after(now, run_hour()) - now).total_seconds() + 1)
