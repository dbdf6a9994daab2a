"""The draft expiry job and its daily in-app schedule (seed 002 §5, ORIGINS C9, F 22)."""

from __future__ import annotations

import asyncio
import logging
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from tests.factories import make_actor
from tests.ideas.draft_helpers import make_draft, make_idea, reread, written
from workflow_app import jobs
from workflow_app.core.actor import Actor
from workflow_app.core.clock import FixedClock
from workflow_app.ideas.domain import draft_expiry
from workflow_app.ideas.domain.draft_expiry import ExpiryReport, expire_drafts
from workflow_app.models import Idea, IdeaStatus, RateEvent

DAY = timedelta(days=1)


@pytest.fixture
def author(session) -> Actor:
    return make_actor(session)


def _counts(report: ExpiryReport) -> tuple[int, int]:
    return report.soft_deleted, report.hard_deleted


def test_a_draft_is_soft_deleted_once_its_expiry_has_passed(session, engine, clock, author):
    draft = make_draft(session, author, clock=clock)
    clock.advance(days=90)

    report = expire_drafts(engine, clock=clock)

    assert _counts(report) == (1, 0)
    stored = reread(session, draft.id)
    assert (stored.status, stored.is_expired_draft, stored.soft_deleted_at) == (IdeaStatus.DRAFT, True, clock.now())


def test_a_draft_on_day_89_is_left_alone(session, engine, clock, author):
    draft = make_draft(session, author, clock=clock)
    clock.advance(days=89, hours=23)

    assert _counts(expire_drafts(engine, clock=clock)) == (0, 0)
    stored = reread(session, draft.id)
    assert (stored.is_expired_draft, stored.soft_deleted_at) == (False, None)


def test_a_soft_deleted_draft_is_purged_30_days_later_not_29(session, engine, clock, author):
    draft = make_draft(session, author, clock=clock)
    clock.advance(days=90)
    expire_drafts(engine, clock=clock)

    clock.advance(days=29)
    assert _counts(expire_drafts(engine, clock=clock)) == (0, 0)
    assert reread(session, draft.id) is not None

    clock.advance(days=1)
    assert _counts(expire_drafts(engine, clock=clock)) == (0, 1)
    assert reread(session, draft.id) is None


def test_a_draft_found_long_expired_is_soft_deleted_first_and_purged_30_days_after_that(session, engine, clock, author):
    draft = make_draft(session, author, clock=clock, saved_at=clock.now() - 400 * DAY)

    assert _counts(expire_drafts(engine, clock=clock)) == (1, 0)
    assert reread(session, draft.id).soft_deleted_at == clock.now()


def test_a_second_run_changes_nothing(session, engine, clock, author):
    make_draft(session, author, clock=clock, saved_at=clock.now() - 91 * DAY)
    make_draft(
        session,
        author,
        clock=clock,
        saved_at=clock.now() - 200 * DAY,
        is_expired_draft=True,
        soft_deleted_at=clock.now() - 31 * DAY,
    )
    assert _counts(expire_drafts(engine, clock=clock)) == (1, 1)
    rows_before = [(i.id, i.is_expired_draft, i.soft_deleted_at) for i in session.exec(select(Idea))]

    assert _counts(expire_drafts(engine, clock=clock)) == (0, 0)

    session.expire_all()
    assert [(i.id, i.is_expired_draft, i.soft_deleted_at) for i in session.exec(select(Idea))] == rows_before


@pytest.mark.parametrize("status", [s for s in IdeaStatus if s != IdeaStatus.DRAFT])
def test_ideas_that_are_not_drafts_are_never_touched(session, engine, clock, author, status):
    idea = make_idea(session, author, clock=clock, status=status)
    # Even with draft columns that would qualify (they never should on a non-draft).
    idea.draft_expires_at = clock.now() - 100 * DAY
    session.add(idea)
    session.commit()
    flagged = make_idea(session, author, clock=clock, status=status)
    flagged.is_expired_draft, flagged.soft_deleted_at = True, clock.now() - 100 * DAY
    session.add(flagged)
    session.commit()

    assert _counts(expire_drafts(engine, clock=clock)) == (0, 0)
    assert reread(session, idea.id).is_expired_draft is False
    assert reread(session, flagged.id) is not None


@pytest.mark.parametrize("chunk_size", [1, 3, 5, 10, 500])
def test_chunked_runs_give_the_same_totals(session, engine, clock, author, chunk_size):
    for n in range(10):
        make_draft(session, author, clock=clock, saved_at=clock.now() - (91 + n) * DAY)
    make_draft(session, author, clock=clock)  # still active

    assert _counts(expire_drafts(engine, clock=clock, chunk_size=chunk_size)) == (10, 0)
    clock.advance(days=30)
    assert _counts(expire_drafts(engine, clock=clock, chunk_size=chunk_size)) == (0, 10)
    assert written(session)[0] == 1


@pytest.mark.parametrize(("budget", "sizes"), [(0.0, [8, 4, 2, 1, 1]), (3600.0, [8, 8])])
def test_a_chunk_over_its_time_budget_halves_the_next_and_none_grows_past_the_chunk_size(
    monkeypatch, session, engine, clock, author, budget, sizes
):
    """Budget 0: every chunk took too long; an hour: every one was short. The assertion reads
    the sizes the job chose, never a time."""
    for n in range(15):
        make_draft(session, author, clock=clock, saved_at=clock.now() - (91 + n) * DAY)
    asked: list[int] = []
    step = draft_expiry._soft_delete_chunk

    def remembered(session, now, size):
        asked.append(size)
        return step(session, now, size)

    monkeypatch.setattr(draft_expiry, "_soft_delete_chunk", remembered)
    monkeypatch.setattr(draft_expiry, "CHUNK_BUDGET", budget)
    monkeypatch.setattr(draft_expiry, "MIN_CHUNK", 1)

    assert _counts(expire_drafts(engine, clock=clock, chunk_size=8)) == (15, 0)
    assert asked == sizes


def test_the_report_has_the_documented_keys(engine, clock):
    report = expire_drafts(engine, clock=clock)

    assert set(report.as_dict()) == {"softDeleted", "hardDeleted", "durationMs"}
    assert report.as_dict()["softDeleted"] == report.as_dict()["hardDeleted"] == 0
    assert isinstance(report.duration_ms, int) and report.duration_ms >= 0


def test_every_run_logs_one_line_even_when_nothing_was_done(engine, clock, caplog):
    with caplog.at_level(logging.INFO, logger="workflow_app.jobs"):
        report = expire_drafts(engine, clock=clock)

    [line] = [r for r in caplog.records if r.name == "workflow_app.jobs"]
    assert line.event == "cron.expire-drafts"
    assert (line.softDeleted, line.hardDeleted, line.durationMs) == (0, 0, report.duration_ms)
    assert line.timestamp == clock.now().isoformat()
    assert "softDeleted=0 hardDeleted=0" in line.getMessage()


# --- the daily schedule inside the app -------------------------------------------------------


def _claims(session) -> list[str]:
    session.rollback()
    return list(session.exec(select(RateEvent.key).where(RateEvent.key.startswith(jobs.CLAIM_PREFIX))))


def test_the_daily_run_happens_once_a_day_however_often_it_is_asked(session, engine, clock, author):
    make_draft(session, author, clock=clock, saved_at=clock.now() - 91 * DAY)

    first = jobs.run_once_if_due(engine, clock=clock)
    second = jobs.run_once_if_due(engine, clock=clock)

    assert _counts(first) == (1, 0)
    assert second is None
    assert _claims(session) == ["job:expire-drafts:2026-01-15"]
    clock.advance(days=1)
    assert jobs.run_once_if_due(engine, clock=clock) is not None


def test_the_daily_run_waits_for_its_hour(session, engine, monkeypatch):
    monkeypatch.setenv("DRAFT_EXPIRY_HOUR_UTC", "10")
    clock = FixedClock(datetime(2026, 1, 15, 9, 59, tzinfo=UTC))

    assert jobs.run_once_if_due(engine, clock=clock) is None
    assert _claims(session) == []
    clock.advance(minutes=1)
    assert jobs.run_once_if_due(engine, clock=clock) is not None


def test_two_workers_asking_at_the_same_moment_run_it_once(session, engine, clock):
    start = threading.Barrier(4)
    results: list[ExpiryReport | None] = []

    def worker() -> None:
        start.wait()
        results.append(jobs.run_once_if_due(engine, clock=clock))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert len(results) == 4
    assert sum(r is not None for r in results) == 1
    session.rollback()
    keys = list(session.exec(select(RateEvent.key)))
    assert sorted(k.split(":")[1] for k in keys) == ["expire-drafts", "review-digest"]  # one claim each


@pytest.mark.parametrize(("raw", "hour"), [("", 2), ("0", 0), ("23", 23), ("24", 2), ("two", 2), ("-1", 2)])
def test_the_run_hour_comes_from_the_environment_with_a_safe_default(monkeypatch, raw, hour):
    monkeypatch.setenv("DRAFT_EXPIRY_HOUR_UTC", raw)

    assert jobs.run_hour() == hour


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 1, 15, 1, 0, tzinfo=UTC), datetime(2026, 1, 15, 2, 0, tzinfo=UTC)),
        (datetime(2026, 1, 15, 2, 0, tzinfo=UTC), datetime(2026, 1, 16, 2, 0, tzinfo=UTC)),
        (datetime(2026, 1, 31, 23, 0, tzinfo=UTC), datetime(2026, 2, 1, 2, 0, tzinfo=UTC)),
    ],
)
def test_the_next_run_is_the_next_occurrence_of_the_hour(now, expected):
    assert jobs.next_run_after(now, 2) == expected


def test_the_lifespan_task_runs_when_due_then_sleeps_until_the_next_run_and_survives_a_failure(monkeypatch):
    now = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    calls: list[str] = []
    sleeps: list[float] = []

    def run_once(engine, *, clock):
        calls.append("run")
        if len(calls) == 1:
            raise RuntimeError("first run fails")

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) == 2:
            raise asyncio.CancelledError  # the app shutting down

    monkeypatch.setattr(jobs, "run_once_if_due", run_once)
    monkeypatch.setattr(jobs, "get_engine", lambda: None)
    monkeypatch.setattr(jobs, "system_clock", FixedClock(now))
    monkeypatch.setattr(jobs.asyncio, "sleep", sleep)
    monkeypatch.delenv("DRAFT_EXPIRY_HOUR_UTC", raising=False)

    with pytest.raises(asyncio.CancelledError):
        asyncio.run(jobs.daily_draft_expiry())

    assert calls == ["run", "run"]
    assert sleeps == [17 * 3600 + 1] * 2  # 09:00 → 02:00 tomorrow, plus the second of margin


def test_the_daily_run_prunes_the_attempts_no_limit_counts_any_more(session, engine, clock, caplog):
    old, recent = clock.now() - timedelta(days=3), clock.now() - timedelta(minutes=5)
    session.add_all([RateEvent(key="login:old@example.com", at=old), RateEvent(key="login:new@example.com", at=recent)])
    session.commit()

    with caplog.at_level(logging.INFO, logger="workflow_app.jobs"):
        assert jobs.run_once_if_due(engine, clock=clock) is not None

    session.rollback()
    keys = set(session.exec(select(RateEvent.key)))
    assert "login:old@example.com" not in keys and "login:new@example.com" in keys
    assert [r.deleted for r in caplog.records if r.getMessage().startswith("cron.prune-rate-events")] == [1]
