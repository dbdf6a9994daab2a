"""What the pages show of reviews in stages: the stepper's visibility rules, the reviewer's panel and
the escalation queue (ORIGINS C16)."""

from __future__ import annotations

import pytest

from tests.factories import make_actor, make_idea
from tests.ideas.pipeline_helpers import CATEGORY, COMMENT, make_pipeline
from workflow_app.ideas.domain import dashboard, stage_queries, stages
from workflow_app.models import Role


@pytest.fixture
def review(session, clock):
    """An idea whose stage 1 Ada passed and whose stage 2 Bo escalated."""
    author = make_actor(session, display_name="Ann Author")
    ada = make_actor(session, role=Role.ADMIN, display_name="Ada")
    bo = make_actor(session, role=Role.ADMIN, display_name="Bo")
    sol = make_actor(session, role=Role.SUPERADMIN)
    make_pipeline(session, sol, clock=clock, blind=True)
    idea = make_idea(session, author, category=CATEGORY, title="Staged")
    first = stages.claim_stage(session, ada, idea_id=idea.id, clock=clock).value
    second = stages.complete_stage(
        session, ada, progress_id=first, outcome="PASS", comment=COMMENT, clock=clock
    ).value.next_progress_id
    stages.claim_stage(session, bo, idea_id=idea.id, clock=clock)
    stages.complete_stage(session, bo, progress_id=second, outcome="ESCALATE", comment=COMMENT, clock=clock)
    return {"idea": idea, "author": author, "ada": ada, "bo": bo, "sol": sol, "second": second}


def test_the_author_sees_the_stages_but_no_names_or_comments_until_the_decision(session, review):
    steps = stage_queries.stepper(session, review["author"], review["idea"].id)
    assert [(s.name, s.state) for s in steps] == [
        ("Screening", "completed"),
        ("Feasibility", "escalated"),
        ("Final Decision", "pending"),
    ]
    assert all(s.reviewer_name == "" and s.comment == "" for s in steps)
    admin_steps = stage_queries.stepper(session, review["bo"], review["idea"].id)
    assert [(s.reviewer_name, s.comment) for s in admin_steps[:2]] == [("Ada", COMMENT), ("Bo", COMMENT)]


def test_the_escalation_queue_lists_it_for_admins_with_the_author_masked(session, review):
    [item] = stage_queries.escalation_queue(session, review["ada"])
    assert (item.progress_id, item.stage_name, item.escalated_by, item.author_name) == (
        review["second"],
        "Feasibility",
        "Bo",
        "Anonymous",
    )
    assert stage_queries.escalation_queue(session, review["sol"])[0].author_name == "Ann Author"
    assert stage_queries.escalation_queue(session, review["author"]) == []


def test_the_panel_offers_each_admin_what_they_may_do(session, clock, review):
    idea = review["idea"]
    ada_panel = stage_queries.panel(session, review["ada"], idea)
    assert (ada_panel.claim_label, ada_panel.active_id, ada_panel.can_resolve) == ("", "", False)
    assert ada_panel.waiting_note == "Escalated: waiting for a Super Admin to resolve it."
    sol_panel = stage_queries.panel(session, review["sol"], idea)
    assert (sol_panel.escalated_id, sol_panel.can_resolve) == (review["second"], True)
    stages.resolve_escalation(
        session, review["sol"], progress_id=review["second"], resolution="PASS", comment=COMMENT, clock=clock
    )
    assert stage_queries.panel(session, review["ada"], idea).claim_label == "Claim stage 3: Final Decision"
    stages.claim_stage(session, review["ada"], idea_id=idea.id, clock=clock)
    mine = stage_queries.panel(session, review["ada"], idea)
    assert (mine.outcomes, mine.is_decision, mine.asks_score) == (("ACCEPTED", "REJECTED"), True, True)
    assert stage_queries.panel(session, review["bo"], idea).waiting_note == "Stage 3 (Final Decision) is with Ada."
    assert stage_queries.panel(session, review["author"], idea) is None


def test_a_submitted_idea_of_a_pipeline_category_offers_its_first_stage(session, clock):
    sol, ada = make_actor(session, role=Role.SUPERADMIN), make_actor(session, role=Role.ADMIN)
    make_pipeline(session, sol, clock=clock)
    idea = make_idea(session, make_actor(session), category=CATEGORY)
    panel = stage_queries.panel(session, ada, idea)
    assert panel.claim_label == "Claim stage 1: Screening" and [s.state for s in panel.steps] == ["pending"] * 3
    plain = make_idea(session, make_actor(session), category="cost-reduction")
    assert stage_queries.panel(session, ada, plain) is None


def test_the_dashboards_in_review_list_shows_who_holds_which_stage(session, clock):
    sol, ada = make_actor(session, role=Role.SUPERADMIN), make_actor(session, role=Role.ADMIN, display_name="Ada")
    make_pipeline(session, sol, clock=clock)
    idea = make_idea(session, make_actor(session), category=CATEGORY, title="Staged")
    stages.claim_stage(session, ada, idea_id=idea.id, clock=clock)
    [row] = dashboard.in_review_list(session, sol, clock=clock).value
    assert (row.idea_id, row.reviewer_name, row.stage) == (idea.id, "Ada", "Stage 1: Screening")
