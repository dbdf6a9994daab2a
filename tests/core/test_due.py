"""Working-day due times of reviews (core/due.py), with the clock given."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from workflow_app.core.due import due_at, is_overdue, overdue_cutoff

MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def test_five_working_days_after_a_monday_is_the_next_monday():
    assert due_at(MONDAY_9, 5) == datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def test_a_thursday_submission_skips_the_weekend():
    thursday = datetime(2026, 12, 3, 15, 30, tzinfo=UTC)
    assert due_at(thursday, 2) == datetime(2026, 12, 7, 15, 30, tzinfo=UTC)


def test_a_weekend_submission_counts_from_monday_morning():
    saturday = datetime(2026, 12, 5, 18, 0, tzinfo=UTC)
    assert due_at(saturday, 1) == datetime(2026, 12, 8, 0, 0, tzinfo=UTC)


def test_overdue_from_the_due_moment_on():
    due = due_at(MONDAY_9, 5)
    assert not is_overdue(MONDAY_9, due - timedelta(seconds=1), 5)
    assert is_overdue(MONDAY_9, due, 5)
    assert not is_overdue(None, due, 5)


def test_a_naive_time_is_taken_as_utc():
    assert is_overdue(MONDAY_9.replace(tzinfo=None), datetime(2026, 12, 8, tzinfo=UTC), 5)


def test_at_a_weekend_only_what_fell_due_by_friday_is_overdue():
    friday_9 = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    saturday = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
    assert not is_overdue(friday_9, saturday, 1)
    assert overdue_cutoff(saturday, 1) < friday_9


@settings(max_examples=500)
@given(
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)),
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 6, 30)),
    st.integers(min_value=1, max_value=15),
)
def test_the_cutoff_says_what_is_overdue_as_due_at_does(submitted, now, days):
    submitted, now = submitted.replace(tzinfo=UTC), now.replace(tzinfo=UTC)
    if submitted.weekday() >= 5:
        return  # weekend submissions count from Monday: the cutoff is exact for working-day ones
    assert is_overdue(submitted, now, days) == (submitted <= overdue_cutoff(now, days))
