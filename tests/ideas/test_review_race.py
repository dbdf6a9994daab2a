"""Twenty admins press "Start Review" on one idea at the same instant: exactly one claim (SPEC §3)."""

from __future__ import annotations

import threading

from sqlmodel import Session

from tests.factories import make_actor
from tests.ideas.review_helpers import audit_for, count, fresh, make_idea, review_of
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok
from workflow_app.ideas.domain import idea_counts, reviews
from workflow_app.models import AuditAction, Idea, IdeaReview, IdeaStatus, Role

ADMINS = 20


def _race(engine, clock, admins, idea_id) -> list:
    """Each admin on a thread and a session of their own, released together by a barrier."""
    barrier = threading.Barrier(len(admins))
    outcomes: list = [None] * len(admins)

    def press_start(i: int) -> None:
        with Session(engine, expire_on_commit=False) as own_session:
            barrier.wait()
            try:
                outcomes[i] = reviews.start_review(own_session, admins[i], idea_id=idea_id, clock=clock)
            except Exception as exc:  # noqa: BLE001 — an escaped exception is what the test looks for
                outcomes[i] = exc

    threads = [threading.Thread(target=press_start, args=(i,)) for i in range(len(admins))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a start_review hung"
    return outcomes


def _arrange(session):
    author = make_actor(session, role=Role.SUBMITTER)
    admins = [make_actor(session, role=Role.SUPERADMIN if i % 5 == 0 else Role.ADMIN) for i in range(ADMINS)]
    idea = make_idea(session, author)
    session.close()
    return admins, idea


def _assert_exactly_one_claim(session, admins, idea, outcomes) -> None:
    escaped = [o for o in outcomes if isinstance(o, BaseException)]
    assert escaped == []
    winners = [i for i, o in enumerate(outcomes) if isinstance(o, Ok)]
    losers = [o for o in outcomes if isinstance(o, Err)]
    assert len(winners) == 1 and outcomes[winners[0]] == Ok(idea.id)
    assert len(losers) == ADMINS - 1
    assert {o.code for o in losers} == {ErrorCode.ALREADY_UNDER_REVIEW}
    winner = admins[winners[0]]
    assert count(session, IdeaReview) == 1
    assert review_of(session, idea.id).reviewer_id == winner.user_id
    [entry] = audit_for(session, AuditAction.IDEA_REVIEW_STARTED)
    assert entry.actor_id == winner.user_id
    stored = fresh(session, Idea, idea.id)
    assert (stored.status, stored.version) == (IdeaStatus.UNDER_REVIEW, 2)
    counted = idea_counts.status_totals(session)  # one move counted once, not twenty times
    assert (counted["SUBMITTED"], counted["UNDER_REVIEW"]) == (0, 1)


def test_twenty_admins_starting_at_once_make_exactly_one_claim(engine, session, clock):
    admins, idea = _arrange(session)

    outcomes = _race(engine, clock, admins, idea.id)

    _assert_exactly_one_claim(session, admins, idea, outcomes)


def test_when_all_twenty_saw_the_idea_submitted_the_compare_and_set_still_lets_one_win(
    engine, session, clock, monkeypatch
):
    admins, idea = _arrange(session)
    everyone_has_read = threading.Barrier(ADMINS)
    seen: list[IdeaStatus] = []
    find_visible = reviews.find_visible

    def read_then_wait_for_the_others(own_session, actor, idea_id):
        found = find_visible(own_session, actor, idea_id)
        seen.append(IdeaStatus(found.status))
        # Hand the connection back while waiting: SQLite's pool holds fewer than twenty.
        own_session.expunge(found)
        own_session.rollback()
        everyone_has_read.wait(timeout=60)
        return found

    monkeypatch.setattr(reviews, "find_visible", read_then_wait_for_the_others)

    outcomes = _race(engine, clock, admins, idea.id)

    assert seen == [IdeaStatus.SUBMITTED] * ADMINS  # so the 19 refusals all came from the CAS
    _assert_exactly_one_claim(session, admins, idea, outcomes)
