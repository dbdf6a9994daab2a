"""Reviewing in stages: claim, pass, escalate, resolve, decide with a score (ORIGINS C16, C18; F 40–48)."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from sqlmodel import Session, select

from tests.factories import make_actor, make_idea
from tests.ideas.pipeline_helpers import CATEGORY, COMMENT, actions_for, make_pipeline, rows_of
from workflow_app.core.errors import ErrorCode
from workflow_app.ideas.domain import pipelines, reviews, scoring, stages
from workflow_app.ideas.domain.pipelines import PipelineIn, StageIn
from workflow_app.models import Idea, IdeaReview, IdeaScore, IdeaStatus, Role, StageOutcome


@pytest.fixture
def people(session):
    return {
        "author": make_actor(session),
        "ada": make_actor(session, role=Role.ADMIN),
        "bo": make_actor(session, role=Role.ADMIN),
        "sol": make_actor(session, role=Role.SUPERADMIN),
    }


@pytest.fixture
def idea(session, clock, people):
    make_pipeline(session, people["sol"], clock=clock)
    return make_idea(session, people["author"], category=CATEGORY)


def status_of(session, idea_id):
    session.expire_all()
    return session.get(Idea, idea_id).status


def complete(session, actor, progress_id, outcome, *, clock, comment=COMMENT, **score):
    return stages.complete_stage(
        session, actor, progress_id=progress_id, outcome=outcome, comment=comment, clock=clock, **score
    )


def walk_to_stage_two(session, clock, people, idea):
    """Ada claims and passes stage 1; Bo claims stage 2. Returns stage 2's progress id."""
    first = stages.claim_stage(session, people["ada"], idea_id=idea.id, clock=clock).value
    passed = complete(session, people["ada"], first, "PASS", clock=clock)
    assert passed.ok, passed
    taken = stages.claim_stage(session, people["bo"], idea_id=idea.id, clock=clock)
    assert taken.ok and taken.value == passed.value.next_progress_id
    return taken.value


def test_the_claim_copies_every_stage_starts_the_first_and_puts_the_idea_under_review(session, clock, people, idea):
    claimed = stages.claim_stage(session, people["ada"], idea_id=idea.id, clock=clock)
    assert claimed.ok
    rows = rows_of(session, idea.id)
    assert [(r.stage_name, r.position, r.is_decision) for r in rows] == [
        ("Screening", 1, False),
        ("Feasibility", 2, False),
        ("Final Decision", 3, True),
    ]
    assert (rows[0].id, rows[0].reviewer_id, rows[0].started_at is not None) == (
        claimed.value,
        people["ada"].user_id,
        True,
    )
    assert all(r.started_at is None and r.reviewer_id is None for r in rows[1:])
    assert status_of(session, idea.id) == IdeaStatus.UNDER_REVIEW
    assert actions_for(session, idea.id) == ["STAGE_STARTED", "IDEA_REVIEW_STARTED"]
    again = stages.claim_stage(session, people["bo"], idea_id=idea.id, clock=clock)
    assert again.code == ErrorCode.ALREADY_CLAIMED


def test_an_edit_of_the_pipeline_after_the_claim_does_not_change_the_review(session, clock, people, idea):
    stages.claim_stage(session, people["ada"], idea_id=idea.id, clock=clock)
    pipeline = pipelines.pipeline_of(session, CATEGORY)
    first, second, final = pipelines.stages_of(session, pipeline.id)
    renamed = PipelineIn(
        "Renamed",
        (StageIn("Triage", id=first.id), StageIn("Depth", id=second.id), StageIn("End", is_decision=True, id=final.id)),
    )
    assert pipelines.update_pipeline(
        session, people["sol"], pipeline_id=pipeline.id, expected_version=1, pipeline=renamed, clock=clock
    ).ok
    assert [r.stage_name for r in rows_of(session, idea.id)] == ["Screening", "Feasibility", "Final Decision"]


@pytest.mark.parametrize(
    ("who", "arrange", "code"),
    [
        ("author", None, ErrorCode.FORBIDDEN_ROLE),  # a SUBMITTER
        ("ada", "own idea", ErrorCode.SELF_REVIEW_FORBIDDEN),
        ("ada", "accepted", ErrorCode.INVALID_STATUS),
        ("ada", "no pipeline", ErrorCode.PIPELINE_NOT_FOUND),
        ("ada", "feature off", ErrorCode.FEATURE_DISABLED),
        ("ada", "missing", ErrorCode.IDEA_NOT_FOUND),
    ],
)
def test_a_claim_is_refused_with_its_code(session, clock, people, idea, monkeypatch, who, arrange, code):
    target = idea.id
    if arrange == "own idea":
        target = make_idea(session, people["ada"], category=CATEGORY).id
    elif arrange == "accepted":
        target = make_idea(session, people["author"], category=CATEGORY, status=IdeaStatus.ACCEPTED).id
    elif arrange == "no pipeline":
        target = make_idea(session, people["author"], category="cost-reduction").id
    elif arrange == "feature off":
        monkeypatch.setattr(pipelines, "settings", replace(pipelines.settings, multi_stage_review_enabled=False))
    elif arrange == "missing":
        target = "no-such-idea"
    assert stages.claim_stage(session, people[who], idea_id=target, clock=clock).code == code
    assert rows_of(session, target) == []


def test_two_admins_claiming_at_once_exactly_one_wins(engine, session, clock, people, idea):
    session.close()
    barrier, outcomes = threading.Barrier(2), [None, None]

    def press(i: int) -> None:
        with Session(engine) as own:
            barrier.wait()
            try:
                outcomes[i] = stages.claim_stage(own, people["ada" if i == 0 else "bo"], idea_id=idea.id, clock=clock)
            except Exception as exc:  # noqa: BLE001 — an escaped exception is what the test looks for
                outcomes[i] = exc

    threads = [threading.Thread(target=press, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(o.ok for o in outcomes) == [False, True], outcomes
    assert [o.code for o in outcomes if not o.ok] == [ErrorCode.ALREADY_CLAIMED]
    assert len(rows_of(session, idea.id)) == 3


def test_pass_starts_the_next_stage_which_another_admin_claims(session, clock, people, idea):
    second = walk_to_stage_two(session, clock, people, idea)
    rows = rows_of(session, idea.id)
    assert (rows[0].outcome, rows[0].comment, rows[0].completed_at is not None) == (StageOutcome.PASS, COMMENT, True)
    assert (rows[1].id, rows[1].reviewer_id) == (second, people["bo"].user_id)
    assert stages.claim_stage(session, people["ada"], idea_id=idea.id, clock=clock).code == ErrorCode.ALREADY_CLAIMED
    assert actions_for(session, idea.id)[-3:] == ["STAGE_COMPLETED", "STAGE_STARTED", "STAGE_STARTED"]


@pytest.mark.parametrize(
    ("who", "outcome", "comment", "code", "message"),
    [
        ("ada", "PASS", COMMENT, ErrorCode.FORBIDDEN_ROLE, "Only the admin who claimed this stage can complete it."),
        ("sol", "PASS", COMMENT, ErrorCode.FORBIDDEN_ROLE, "Only the admin who claimed this stage can complete it."),
        ("bo", "ACCEPTED", COMMENT, ErrorCode.INVALID_OUTCOME, None),
        ("bo", "MAYBE", COMMENT, ErrorCode.INVALID_OUTCOME, None),
        ("bo", "PASS", "too short", ErrorCode.COMMENT_REQUIRED, "A comment is required (minimum 10 characters)."),
        ("bo", "PASS", "x" * 2001, ErrorCode.VALIDATION_ERROR, "Comment must be 2000 characters or fewer."),
    ],
)
def test_completing_a_stage_is_refused_with_its_code(
    session, clock, people, idea, who, outcome, comment, code, message
):
    second = walk_to_stage_two(session, clock, people, idea)
    refused = complete(session, people[who], second, outcome, clock=clock, comment=comment)
    assert refused.code == code and (message is None or refused.message == message)
    assert rows_of(session, idea.id)[1].completed_at is None


def test_a_stage_done_or_not_started_or_unknown_cannot_be_completed(session, clock, people, idea):
    first = stages.claim_stage(session, people["ada"], idea_id=idea.id, clock=clock).value
    complete(session, people["ada"], first, "PASS", clock=clock)
    assert complete(session, people["ada"], first, "PASS", clock=clock).code == ErrorCode.ALREADY_COMPLETED
    third = rows_of(session, idea.id)[2]
    third.reviewer_id = people["ada"].user_id  # as if claimed, though not started
    session.add(third)
    session.commit()
    assert (
        complete(session, people["ada"], third.id, "ACCEPTED", clock=clock, score=3).code == ErrorCode.STAGE_NOT_STARTED
    )
    assert complete(session, people["ada"], "nope", "PASS", clock=clock).code == ErrorCode.PROGRESS_NOT_FOUND


def test_the_decision_stage_takes_only_a_decision_and_needs_a_score(session, clock, people, idea):
    second = walk_to_stage_two(session, clock, people, idea)
    third = complete(session, people["bo"], second, "PASS", clock=clock).value.next_progress_id
    stages.claim_stage(session, people["ada"], idea_id=idea.id, clock=clock)
    assert complete(session, people["ada"], third, "PASS", clock=clock).code == ErrorCode.INVALID_OUTCOME
    missing = complete(session, people["ada"], third, "ACCEPTED", clock=clock)
    assert (missing.code, missing.message) == (
        ErrorCode.SCORE_REQUIRED,
        "A score (1–5) is required to finalise the decision.",
    )
    assert complete(session, people["ada"], third, "ACCEPTED", clock=clock, score=6).code == ErrorCode.VALIDATION_ERROR
    six = complete(
        session, people["ada"], third, "ACCEPTED", clock=clock, score=4, criteria=[*scoring.CRITERIA, "Extra"]
    )
    assert six.message == "criteria must contain at most 5 items"
    assert status_of(session, idea.id) == IdeaStatus.UNDER_REVIEW
    decided = complete(
        session, people["ada"], third, "ACCEPTED", clock=clock, score=4, criteria=["Cost Efficiency", "Employee Impact"]
    )
    assert decided.ok and decided.events
    assert status_of(session, idea.id) == IdeaStatus.ACCEPTED
    score = session.exec(select(IdeaScore).where(IdeaScore.idea_id == idea.id)).one()
    assert (score.score, score.criteria, score.reviewer_id) == (
        4,
        ["Cost Efficiency", "Employee Impact"],
        people["ada"].user_id,
    )
    assert actions_for(session, idea.id)[-3:] == ["STAGE_COMPLETED", "IDEA_SCORED", "IDEA_REVIEWED"]
    assert scoring.score_of(session, people["author"], idea.id).score == 4
    assert scoring.score_of(session, make_actor(session), idea.id) is None  # another submitter


def test_a_second_score_for_an_idea_is_refused_and_nothing_is_decided(session, clock, people, idea):
    second = walk_to_stage_two(session, clock, people, idea)
    third = complete(session, people["bo"], second, "PASS", clock=clock).value.next_progress_id
    stages.claim_stage(session, people["ada"], idea_id=idea.id, clock=clock)
    session.add(IdeaScore(idea_id=idea.id, score=2, criteria=[]))
    session.commit()
    again = complete(session, people["ada"], third, "REJECTED", clock=clock, score=3)
    assert (again.code, again.message) == (ErrorCode.SCORE_EXISTS, "A score has already been recorded for this idea.")
    assert status_of(session, idea.id) == IdeaStatus.UNDER_REVIEW and rows_of(session, idea.id)[2].completed_at is None


def test_without_scoring_the_decision_needs_no_score(session, clock, people, idea, monkeypatch):
    monkeypatch.setattr(scoring, "settings", replace(scoring.settings, scoring_enabled=False))
    second = walk_to_stage_two(session, clock, people, idea)
    third = complete(session, people["bo"], second, "PASS", clock=clock).value.next_progress_id
    stages.claim_stage(session, people["ada"], idea_id=idea.id, clock=clock)
    assert complete(session, people["ada"], third, "REJECTED", clock=clock).ok
    assert status_of(session, idea.id) == IdeaStatus.REJECTED
    assert session.exec(select(IdeaScore)).all() == []


def test_an_escalation_stops_the_review_until_a_superadmin_passes_it(session, clock, people, idea):
    second = walk_to_stage_two(session, clock, people, idea)
    assert complete(session, people["bo"], second, "ESCALATE", clock=clock).value.outcome == StageOutcome.ESCALATE
    assert stages.active_stage(rows_of(session, idea.id)) is None  # nothing advances
    resolve = stages.resolve_escalation
    assert resolve(
        session, people["ada"], progress_id=second, resolution="PASS", comment=COMMENT, clock=clock
    ).code == (ErrorCode.FORBIDDEN_ROLE)
    assert resolve(
        session, people["sol"], progress_id=second, resolution="MAYBE", comment=COMMENT, clock=clock
    ).code == (ErrorCode.INVALID_OUTCOME)
    passed = resolve(session, people["sol"], progress_id=second, resolution="PASS", comment=COMMENT, clock=clock)
    assert passed.ok and passed.value == "UNDER_REVIEW"
    rows = rows_of(session, idea.id)
    assert (
        rows[2].started_at is not None and rows[2].reviewer_id is None and rows[1].reviewer_id == people["bo"].user_id
    )
    again = resolve(session, people["sol"], progress_id=second, resolution="PASS", comment=COMMENT, clock=clock)
    assert again.code == ErrorCode.ALREADY_RESOLVED
    assert "ESCALATION_RESOLVED" in actions_for(session, idea.id)


def test_a_superadmin_rejecting_an_escalation_rejects_the_idea(session, clock, people, idea):
    second = walk_to_stage_two(session, clock, people, idea)
    complete(session, people["bo"], second, "ESCALATE", clock=clock)
    rejected = stages.resolve_escalation(
        session, people["sol"], progress_id=second, resolution="REJECT", comment=COMMENT, clock=clock
    )
    assert rejected.ok and status_of(session, idea.id) == IdeaStatus.REJECTED
    assert actions_for(session, idea.id)[-2:] == ["ESCALATION_RESOLVED", "IDEA_REVIEWED"]
    late = stages.resolve_escalation(
        session, people["sol"], progress_id=second, resolution="PASS", comment=COMMENT, clock=clock
    )
    assert late.code == ErrorCode.ALREADY_RESOLVED


def test_only_an_escalated_completed_stage_under_review_is_resolved(session, clock, people, idea):
    first = stages.claim_stage(session, people["ada"], idea_id=idea.id, clock=clock).value
    resolve = stages.resolve_escalation
    assert resolve(session, people["sol"], progress_id=first, resolution="PASS", comment=COMMENT, clock=clock).code == (
        ErrorCode.NOT_ESCALATED
    )
    row = rows_of(session, idea.id)[0]
    row.outcome = StageOutcome.ESCALATE  # as if escalated but never completed (no command leaves it so)
    session.add(row)
    session.commit()
    assert resolve(session, people["sol"], progress_id=first, resolution="PASS", comment=COMMENT, clock=clock).code == (
        ErrorCode.STAGE_INCOMPLETE
    )


def test_seed_003s_review_stays_for_categories_without_a_pipeline_and_when_the_feature_is_off(
    session, clock, people, idea, monkeypatch
):
    staged = reviews.start_review(session, people["ada"], idea_id=idea.id, clock=clock)
    assert (staged.code, staged.message) == (ErrorCode.INVALID_STATE, reviews.REVIEWED_IN_STAGES)
    plain = make_idea(session, people["author"], category="cost-reduction")
    assert reviews.start_review(session, people["ada"], idea_id=plain.id, clock=clock).ok
    monkeypatch.setattr(pipelines, "settings", replace(pipelines.settings, multi_stage_review_enabled=False))
    assert reviews.start_review(session, people["ada"], idea_id=idea.id, clock=clock).ok
    assert session.exec(select(IdeaReview).where(IdeaReview.idea_id == idea.id)).one()
    assert rows_of(session, idea.id) == []
