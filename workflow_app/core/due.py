"""When a review is due: a number of working days (Monday to Friday, UTC) after submission.

A piece of work submitted on a Saturday or Sunday counts from the Monday after, 00:00 UTC;
otherwise from the moment it was submitted. Due is that moment moved forward N working days;
it is overdue from then on. `overdue_cutoff` turns "overdue now" into a time to compare the
submission time with in SQL: everything submitted before the cutoff is overdue.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

SATURDAY = 5


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _counting_from(moment: datetime) -> datetime:
    moment = _utc(moment)
    if moment.weekday() >= SATURDAY:
        monday = moment.date() + timedelta(days=7 - moment.weekday())
        return datetime.combine(monday, time(), tzinfo=UTC)
    return moment


def due_at(submitted: datetime, working_days: int) -> datetime:
    due, left = _counting_from(submitted), working_days
    while left > 0:
        due += timedelta(days=1)
        if due.weekday() < SATURDAY:
            left -= 1
    return due


def is_overdue(submitted: datetime | None, now: datetime, working_days: int) -> bool:
    return submitted is not None and _utc(now) >= due_at(submitted, working_days)


def overdue_cutoff(now: datetime, working_days: int) -> datetime:
    """The latest submission time that is overdue at ``now`` (submitted at or before it: overdue).
    Walks back N working days from now (from the Friday's last instant at a weekend)."""
    moment, left = _utc(now), working_days
    if moment.weekday() >= SATURDAY:  # nothing falls due at a weekend: as at the Friday's last instant
        saturday = moment.date() - timedelta(days=moment.weekday() - SATURDAY)
        moment = datetime.combine(saturday, time(), tzinfo=UTC) - timedelta(microseconds=1)
    while left > 0:
        moment -= timedelta(days=1)
        if moment.weekday() < SATURDAY:
            left -= 1
    return moment
