"""Sliding-window limits kept in the database, so every worker counts the same attempts."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, delete, func, select

from workflow_app.core.clock import Clock
from workflow_app.models import RateEvent


def count_recent(session: Session, *, key: str, window: timedelta, clock: Clock) -> int:
    since = clock.now() - window
    statement = select(func.count()).select_from(RateEvent).where(RateEvent.key == key, RateEvent.at > since)
    return session.exec(statement).one()


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
