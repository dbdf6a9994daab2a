"""The idea counters (idea_counts.py) stay what a count of the ideas would say: after each
transition, a delete, a refusal, a lost race and a decision in bulk, on both databases."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import Session, col, func, select

from tests.factories import make_actor
from tests.ideas.draft_helpers import make_draft, submit
from tests.ideas.review_helpers import make_idea
from workflow_app.ideas.domain import dashboard, idea_counts, ideas, reviews
from workflow_app.ideas.domain.idea_rules import IdeaIn
from workflow_app.models import Idea, IdeaStatus, Role

COMMENT = "A thorough reason for this decision."


def counted_by_scan(session: Session, author_id: str | None = None) -> dict[str, int]:
    statement = select(Idea.status, func.count()).where(col(Idea.status) != IdeaStatus.DRAFT).group_by(Idea.status)
    if author_id is not None:
        statement = statement.where(col(Idea.author_id) == author_id)
    counts = {s.value: 0 for s in idea_counts.COUNTED}
    counts.update({IdeaStatus(s).value: n for s, n in session.exec(statement)})
    return counts


def assert_in_step(session: Session, *authors) -> None:
    session.expire_all()
    assert idea_counts.status_totals(session) == counted_by_scan(session)
    for author in authors:
        assert idea_counts.status_totals(session, author_id=author.user_id) == counted_by_scan(session, author.user_id)


@pytest.fixture
def people(session):
    return (
        make_actor(session, role=Role.SUBMITTER),
        make_actor(session, role=Role.SUBMITTER),
        make_actor(session, role=Role.ADMIN),
        make_actor(session, role=Role.SUPERADMIN),
    )


def test_every_transition_moves_one_count_from_its_source_to_its_target(session, clock, people):
    author, other, admin, superadmin = people
    direct = ideas.submit_idea(
        session, author, IdeaIn("Bike racks", "Put racks by the door.", "cost-reduction"), clock=clock
    )
    draft = make_draft(session, other, clock=clock)
    assert submit(session, other, clock, draft_id=draft.id).ok
    assert_in_step(session, author, other)
    assert idea_counts.status_totals(session)["SUBMITTED"] == 2

    assert reviews.start_review(session, admin, idea_id=direct.value, clock=clock).ok
    assert reviews.abandon_review(session, superadmin, idea_id=direct.value, clock=clock).ok
    assert reviews.start_review(session, admin, idea_id=direct.value, clock=clock).ok
    assert reviews.finalize_review(
        session, admin, idea_id=direct.value, decision="ACCEPTED", comment=COMMENT, clock=clock
    ).ok
    assert reviews.start_review(session, superadmin, idea_id=draft.id, clock=clock).ok
    assert reviews.finalize_review(
        session, superadmin, idea_id=draft.id, decision="REJECTED", comment=COMMENT, clock=clock
    ).ok

    assert_in_step(session, author, other)
    assert idea_counts.status_totals(session) == {"SUBMITTED": 0, "UNDER_REVIEW": 0, "ACCEPTED": 1, "REJECTED": 1}
    assert dashboard.status_cards(session, admin).value == {
        "TOTAL": 2,
        "SUBMITTED": 0,
        "UNDER_REVIEW": 0,
        "ACCEPTED": 1,
        "REJECTED": 1,
    }


def test_deleting_an_idea_takes_its_count_off(session, clock, people):
    author, _, admin, _ = people
    mine = make_idea(session, author)
    decided = make_idea(session, author, status=IdeaStatus.ACCEPTED, reviewer=admin)

    assert ideas.delete_idea(session, author, idea_id=mine.id, confirmation=author.display_name, clock=clock).ok
    assert ideas.delete_idea(session, admin, idea_id=decided.id, clock=clock).ok

    assert_in_step(session, author)
    assert idea_counts.status_totals(session, author_id=author.user_id) == dict.fromkeys(
        ["SUBMITTED", "UNDER_REVIEW", "ACCEPTED", "REJECTED"], 0
    )


def test_refusals_and_lost_races_count_nothing(session, clock, people):
    author, _, admin, _ = people
    idea = make_idea(session, author)
    before = idea_counts.status_totals(session)

    assert not reviews.start_review(session, author, idea_id=idea.id, clock=clock).ok  # not an admin
    assert not reviews.finalize_review(
        session, admin, idea_id=idea.id, decision="ACCEPTED", comment=COMMENT, clock=clock
    ).ok
    assert reviews.start_review(session, admin, idea_id=idea.id, clock=clock).ok
    assert not reviews.start_review(session, admin, idea_id=idea.id, clock=clock).ok  # already under review

    after = idea_counts.status_totals(session)
    assert (before["SUBMITTED"] - after["SUBMITTED"], after["UNDER_REVIEW"] - before["UNDER_REVIEW"]) == (1, 1)
    assert_in_step(session, author)


def test_decisions_on_many_ideas_at_once_stay_exact(engine, session, clock, people):
    author, other, admin, superadmin = people
    batch = [make_idea(session, author if i % 2 else other) for i in range(12)]
    for idea in batch:
        assert reviews.start_review(session, admin, idea_id=idea.id, clock=clock).ok
    session.close()
    failures: list[object] = []

    def decide(chunk) -> None:
        with Session(engine, expire_on_commit=False) as own:
            for i, idea in chunk:
                decision = "ACCEPTED" if i % 3 else "REJECTED"
                result = reviews.finalize_review(
                    own, superadmin, idea_id=idea.id, decision=decision, comment=COMMENT, clock=clock
                )
                if not result.ok:
                    failures.append(result)

    numbered = list(enumerate(batch))
    threads = [threading.Thread(target=decide, args=(numbered[k::3],)) for k in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    assert_in_step(session, author, other)
    assert idea_counts.status_totals(session) == {"SUBMITTED": 0, "UNDER_REVIEW": 0, "ACCEPTED": 8, "REJECTED": 4}


def test_recount_rebuilds_what_the_workflow_kept(session, clock, people):
    author, other, admin, _ = people
    for status in (IdeaStatus.SUBMITTED, IdeaStatus.ACCEPTED, IdeaStatus.REJECTED, IdeaStatus.UNDER_REVIEW):
        make_idea(session, author, status=status, reviewer=admin)
    make_idea(session, other)
    kept = idea_counts.status_totals(session)

    assert idea_counts.recount(session) == kept
    session.commit()
    assert_in_step(session, author, other)
