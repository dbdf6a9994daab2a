"""The stage panel's handlers take what any client sends (issue 15): a score of 0–5 only, criteria
from the list (at most five), outcomes the stage offers, nothing sent for a stage this admin holds not."""

from __future__ import annotations

import pytest

from tests.ui.helpers import WRONG_TYPES, run, state_of
from workflow_app.ideas.domain import scoring
from workflow_app.ideas.pages.stage_review_state import StageReviewState


@pytest.mark.parametrize(("sent", "kept"), [("4", 4), ("9", 3), ("-1", 3), ("two", 3), (None, 3), (["1"], 3)])
def test_a_score_outside_one_to_five_keeps_the_one_chosen(sent, kept):
    state = state_of(StageReviewState)
    state.set_score("3")
    state.set_score(sent)
    assert state.score == kept


@pytest.mark.parametrize("sent", [*WRONG_TYPES, pytest.param("Vibes", id="not-a-criterion")])
def test_a_criterion_not_on_the_list_is_ignored(sent):
    state = state_of(StageReviewState)
    state.toggle_criterion(sent)
    assert state.criteria == []


def test_criteria_toggle_in_the_lists_order():
    state = state_of(StageReviewState)
    for name in reversed(scoring.CRITERIA):
        state.toggle_criterion(name)
    assert state.criteria == list(scoring.CRITERIA)
    state.toggle_criterion(scoring.CRITERIA[0])
    assert state.criteria == list(scoring.CRITERIA[1:])


@pytest.mark.parametrize("outcome", [*WRONG_TYPES, pytest.param("ACCEPTED", id="not-offered")])
def test_an_outcome_the_stage_does_not_offer_sends_nothing(work, outcome):
    state = state_of(StageReviewState)
    state.active_id, state.outcomes = "p1", ["PASS", "ESCALATE"]
    run(state.complete(outcome))
    assert work.calls == []


def test_without_a_stage_of_ones_own_nothing_is_completed_claimed_or_resolved(work):
    state = state_of(StageReviewState)
    run(state.complete("PASS"))
    run(state.claim())
    run(state.resolve("PASS"))
    assert work.calls == []


@pytest.mark.parametrize("comment", [*WRONG_TYPES, pytest.param("x" * 3000, id="too-long")])
def test_a_comment_that_is_not_text_or_too_long_is_not_kept(comment):
    state = state_of(StageReviewState)
    state.set_comment(comment)
    assert state.comment == ""
