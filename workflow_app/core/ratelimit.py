"""Sliding-window limits kept in the database, so every worker counts the same attempts."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, delete, func, select

from workflow_app.core.clock import Clock
from workflow_app.core.columns import utc_from_stored
from workflow_app.models import RateEvent


def count_recent(session: Session, *, key: str, window: timedelta, clock: Clock) -> int:
    since = clock.now() - window
    statement = select(func.count()).select_from(RateEvent).where(RateEvent.key == key, RateEvent.at > since)
    return session.exec(statement).one()


def retry_after(session: Session, *, key: str, window: timedelta, limit: int, clock: Clock) -> timedelta:
    """How long until `key` is under `limit` again: until the `limit`-th newest attempt in the
    window leaves it (zero when it is under the limit now)."""
    now = clock.now()
    statement = (
        select(RateEvent.at)
        .where(RateEvent.key == key, RateEvent.at > now - window)
        .order_by(col(RateEvent.at).desc())
        .offset(limit - 1)
        .limit(1)
    )
    at = session.exec(statement).first()
    return max(utc_from_stored(at) + window - now, timedelta(0)) if at is not None else timedelta(0)


def hit(session: Session, *, key: str, clock: Clock) -> None:
    session.add(RateEvent(key=key, at=clock.now()))


def forget(session: Session, *, key: str) -> None:
    session.exec(delete(RateEvent).where(col(RateEvent.key) == key))


# Longer than every limit's window (15 minutes at most) and than a day's job claim.
KEEP_FOR = timedelta(days=2)


def prune(session: Session, *, older_than: timedelta = KEEP_FOR, clock: Clock) -> int:
    """Deletes the attempts no limit counts any more; how many."""
    result = session.exec(delete(RateEvent).where(col(RateEvent.at) < clock.now() - older_than))
    return result.rowcount or 0
