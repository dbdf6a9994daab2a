"""Review reminders (issue 13): what is past its review due time is flagged on the queues and
told once a day in a digest; claims held too long are stale and a SUPERADMIN releases them.
The clock is given: Wednesday 9 December 2026, 09:00 UTC, five working days to review."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, update

from tests.descriptors.descriptor_helpers import make_descriptor, make_section, make_skill
from tests.factories import make_actor
from tests.ideas.review_helpers import make_idea
from tests.support.smtp import Collector, local_smtp
from workflow_app import jobs
from workflow_app.config import settings
from workflow_app.core.clock import FixedClock
from workflow_app.core.errors import ErrorCode
from workflow_app.descriptors.domain import descriptor_queries
from workflow_app.ideas.domain import dashboard, ideas, reviews
from workflow_app.ideas.domain.idea_rules import IdeaIn
from workflow_app.models import DescriptorBatchStatus, IdeaStatus, Role, User
from workflow_app.notifications import digest, events
from workflow_app.notifications.deliver import deliver

NOW = datetime(2026, 12, 9, 9, 0, tzinfo=UTC)  # a Wednesday
SIX_WORKING_DAYS_AGO = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # Tuesday of last week
FOUR_WORKING_DAYS_AGO = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)  # last Thursday: due tomorrow


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def smtp(monkeypatch) -> Collector:
    with local_smtp(monkeypatch, base_url="https://workflow.example") as collector:
        yield collector


@pytest.fixture
def office(session):
    """Two admins (and one deactivated), an author, an SA advising an SCM's skill."""
    admin = make_actor(session, role=Role.ADMIN, email="ada@example.com")
    boss = make_actor(session, role=Role.SUPERADMIN, email="sue@example.com")
    gone = make_actor(session, role=Role.ADMIN, email="gone@example.com")
    session.exec(update(User).where(User.id == gone.user_id).values(deactivated_at=NOW))
    session.commit()
    author = make_actor(session, role=Role.SUBMITTER)
    scm = make_actor(session, role=Role.SCM)
    sa = make_actor(session, role=Role.SA, email="sam@example.com")
    make_skill(session, sa=sa, scm=scm, name="Welding")
    return {"admin": admin, "boss": boss, "author": author, "scm": scm, "sa": sa}


def pending_descriptor(session, scm, submitted_at, code):
    return make_descriptor(
        session,
        scm,
        section=make_section(session, scm),
        status=DescriptorBatchStatus.PENDING_REVIEW,
        code=code,
        criterion_name=f"Criterion {code} of the scheme",
        submitted_at=submitted_at,
    )


def by_recipient(smtp: Collector) -> dict[str, list]:
    found: dict[str, list] = {}
    for to, message in smtp.delivered():
        for address in to:
            found.setdefault(address, []).append(message)
    return found


def test_the_queues_flag_what_is_past_its_due_time(session, clock, office):
    late = make_idea(session, office["author"], created_at=SIX_WORKING_DAYS_AGO, title="Late idea")
    make_idea(session, office["author"], created_at=FOUR_WORKING_DAYS_AGO, title="Not yet due")
    pending_descriptor(session, office["scm"], SIX_WORKING_DAYS_AGO, "A1")
    pending_descriptor(session, office["scm"], FOUR_WORKING_DAYS_AGO, "A2")

    ideas = dashboard.pending_review_queue(session, office["admin"], clock=clock).value.items
    queue = descriptor_queries.sa_queue(session, office["sa"], clock=clock).value.items

    assert [(row.title, row.overdue) for row in ideas] == [("Late idea", True), ("Not yet due", False)]
    assert [(row.code, row.overdue) for row in queue] == [("A1", True), ("A2", False)]
    clock.advance(days=1)  # Thursday: the second one's five working days are up
    assert [
        row.overdue for row in dashboard.pending_review_queue(session, office["admin"], clock=clock).value.items
    ] == [
        True,
        True,
    ]
    assert ideas[0].idea_id == late.id


def test_each_reviewer_gets_one_digest_of_what_waits_for_them(session, engine, clock, office, smtp):
    make_idea(session, office["author"], created_at=SIX_WORKING_DAYS_AGO, title="Late idea")
    make_idea(session, office["author"], created_at=FOUR_WORKING_DAYS_AGO, title="Not yet due")
    make_idea(session, office["author"], created_at=NOW - timedelta(hours=3), title="Brand new idea")
    pending_descriptor(session, office["scm"], SIX_WORKING_DAYS_AGO, "A1")
    pending_descriptor(session, office["scm"], FOUR_WORKING_DAYS_AGO, "A2")

    report = jobs.send_digest_once_today(engine, clock=clock)

    assert report == digest.DigestReport(admins=2, advisors=1)
    mail = by_recipient(smtp)
    assert sorted(mail) == ["ada@example.com", "sam@example.com", "sue@example.com"]  # not the deactivated admin
    [to_admin] = mail["ada@example.com"]
    text = to_admin.get_body(("plain",)).get_content()
    assert to_admin["Subject"] == "Reviews waiting: 1 idea past the review due time, 1 new idea"
    assert "- Late idea" in text and "- Brand new idea" in text and "Not yet due" not in text
    assert "https://workflow.example/admin" in text
    [to_sa] = mail["sam@example.com"]
    sa_text = to_sa.get_body(("plain",)).get_content()
    assert to_sa["Subject"] == "Reviews waiting: 1 descriptor past the review due time"
    assert "- A1 Criterion A1 of the scheme" in sa_text and "A2" not in sa_text


def test_the_digest_goes_once_a_day(session, engine, clock, office, smtp):
    make_idea(session, office["author"], created_at=SIX_WORKING_DAYS_AGO, title="Late idea")

    assert jobs.send_digest_once_today(engine, clock=clock) is not None
    clock.advance(hours=6)
    assert jobs.send_digest_once_today(engine, clock=clock) is None  # the app's job or the CLI: once
    assert len(smtp.delivered()) == 2
    clock.advance(days=1)
    assert jobs.send_digest_once_today(engine, clock=clock) == digest.DigestReport(admins=2, advisors=0)


def test_nothing_waiting_sends_nothing(engine, clock, office, smtp):
    assert jobs.send_digest_once_today(engine, clock=clock) == digest.DigestReport(admins=0, advisors=0)
    assert smtp.delivered() == []


def test_new_ideas_stay_out_of_the_digest_unless_it_is_their_way_of_being_told(
    session, engine, clock, office, smtp, monkeypatch
):
    make_idea(session, office["author"], created_at=NOW - timedelta(hours=3), title="Brand new idea")
    monkeypatch.setattr(digest, "settings", replace(settings, new_idea_mail="off"))
    assert digest.send_review_digests(engine, clock=clock) == digest.DigestReport(admins=0, advisors=0)


def test_a_claim_held_too_long_is_stale_and_a_superadmin_releases_it(session, clock, office):
    held = make_idea(session, office["author"], status=IdeaStatus.UNDER_REVIEW, reviewer=office["admin"])
    fresh = make_idea(session, office["author"], title="Just claimed")
    rows = {r.idea_id: r for r in dashboard.in_review_list(session, office["admin"], clock=clock).value}
    assert rows[held.id].stale  # claimed in January
    with Session(session.get_bind()) as other:
        assert reviews.start_review(other, office["admin"], idea_id=fresh.id, clock=clock).ok
    clock.advance(hours=settings.stale_claim_hours - 1)
    rows = {r.idea_id: r for r in dashboard.in_review_list(session, office["admin"], clock=clock).value}
    assert not rows[fresh.id].stale
    clock.advance(hours=1)
    assert {r.idea_id: r for r in dashboard.in_review_list(session, office["admin"], clock=clock).value}[fresh.id].stale

    refused = reviews.abandon_review(session, office["admin"], idea_id=held.id, clock=clock)
    assert refused.code == ErrorCode.FORBIDDEN_ROLE
    assert reviews.abandon_review(session, office["boss"], idea_id=held.id, clock=clock).ok

    assert held.id not in {r.idea_id for r in dashboard.in_review_list(session, office["admin"], clock=clock).value}
    queue = dashboard.pending_review_queue(session, office["admin"], clock=clock).value.items
    assert held.id in {row.idea_id for row in queue}


def _submit_bike_racks(session, office, clock):
    form = IdeaIn(
        title="Bike racks at the gate",
        description="Staff cycle more if the racks are near.",
        category="employee-experience",
    )
    return ideas.submit_idea(session, office["author"], form, clock=clock)


def test_with_new_idea_mail_each_every_admin_hears_of_a_new_idea_at_once(session, clock, office, smtp, monkeypatch):
    monkeypatch.setattr(events, "settings", replace(settings, new_idea_mail="each"))
    result = _submit_bike_racks(session, office, clock)
    assert result.ok
    deliver(session, result.events, clock=clock)

    mail = by_recipient(smtp)
    assert sorted(mail) == ["ada@example.com", "sue@example.com"]
    [message] = mail["ada@example.com"]
    assert message["Subject"] == 'New idea to review: "Bike racks at the gate"'
    assert f"https://workflow.example/admin/review/{result.value}" in message.get_body(("plain",)).get_content()


def test_by_default_a_new_idea_waits_for_the_digest(session, clock, office, smtp):
    result = _submit_bike_racks(session, office, clock)
    deliver(session, result.events, clock=clock)
    assert smtp.delivered() == []
