"""The review-config page's handlers (ORIGINS C16, C17): every argument typed and capped, the
editor's changes kept in the state until "Save Pipeline"."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.ui.helpers import WRONG_TYPES, run, state_of
from workflow_app.core.actor import Actor
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Ok, err
from workflow_app.ideas.domain import pipelines
from workflow_app.ideas.domain.pipelines import PipelineView, Saved, StageView
from workflow_app.ideas.pages import review_config_state
from workflow_app.ideas.pages.review_config_state import ReviewConfigState, _line
from workflow_app.models import Role

SUPERADMIN = Actor(user_id="u-s", role=Role.SUPERADMIN, display_name="S", email="s@example.com")
STAGES = (
    StageView("s1", "Screening", "", 1, False),
    StageView("s2", "Feasibility", "Costs", 2, False),
    StageView("s3", "Final Decision", "", 3, True),
)
VIEWS = [
    PipelineView("process-improvement", "Process Improvement", "p1", "Three steps", False, 4, STAGES, 1),
    PipelineView("new-product-service", "New Product/Service"),
]
LISTING = Ok(VIEWS)


def _page(editing: str = "process-improvement") -> ReviewConfigState:
    page = state_of(ReviewConfigState, "http://localhost:3000/admin/review-config")
    page.pipelines = [_line(view) for view in VIEWS]
    if editing:
        page.open_editor(editing)
    return page


def _names(page: ReviewConfigState) -> list[str]:
    return [row.name for row in page.rows]


@pytest.fixture
def superadmin_work(work):
    work.actor = SUPERADMIN
    return work


def test_opening_the_editor_copies_the_stages_with_their_ids_and_a_new_one_starts_with_two():
    page = _page()
    assert (page.name, page.version, [r.stage_id for r in page.rows]) == ("Three steps", 4, ["s1", "s2", "s3"])

    page.open_editor("new-product-service")

    assert (page.name, page.pipeline_id, [r.is_decision for r in page.rows]) == ("", "", [False, True])


@pytest.mark.parametrize("category", [*WRONG_TYPES, "made-up", "x" * 10_000])
def test_a_category_the_list_does_not_show_opens_nothing_asks_nothing_switches_nothing(category, work):
    page = _page(editing="")

    page.open_editor(category)
    page.ask_delete(category)
    run(page.set_blind(category, True))

    assert (page.editing, page.pending_delete, work.calls) == ("", "", [])


@pytest.mark.parametrize(
    ("index", "part", "value"),
    [
        (7, "name", "x"),
        (-1, "name", "x"),
        ("0", "stage_id", "forged"),
        (0, "is_decision", "yes"),
        (0, "is_decision", 1),
        (0, "name", ["x"]),
        (0, "name", "x" * 1000),
        (0, "description", "x" * 10_000),
        (0, "name", "ab\ud800cd"),
        (None, "name", "x"),
        (True, "name", "x"),
    ],
)
def test_the_stage_editor_ignores_or_refuses_what_it_cannot_use(index, part, value):
    page = _page()

    page.set_stage(index, part, value)

    assert _names(page) == ["Screening", "Feasibility", "Final Decision"]
    assert [r.stage_id for r in page.rows] == ["s1", "s2", "s3"] and not page.rows[0].is_decision


@pytest.mark.parametrize("value", [*WRONG_TYPES, "x" * 1000])
def test_a_pipeline_name_that_is_no_text_or_too_long_is_refused_with_its_message(value):
    page = _page()

    page.set_name(value)

    assert page.name == "Three steps" and page.field_errors["name"]


@pytest.mark.parametrize(("index", "step"), [(0, -1), (2, 1), (0, 5), (0, "x"), ([0], 1), (9, -1), (1, True)])
def test_a_move_out_of_range_or_by_more_than_one_does_nothing(index, step):
    page = _page()

    page.move_stage(index, step)

    assert _names(page) == ["Screening", "Feasibility", "Final Decision"]


def test_reorder_add_and_remove_stay_in_the_state_until_save_sends_the_shown_order(superadmin_work):
    page = _page()

    page.move_stage(1, -1)
    page.add_stage()  # before the decision stage, which stays last
    page.set_stage(2, "name", "Budget")
    page.remove_stage(0)
    page.set_stage(1, "is_decision", True)
    page.set_stage(1, "is_decision", False)

    assert superadmin_work.calls == []
    assert _names(page) == ["Screening", "Budget", "Final Decision"]
    superadmin_work.value = (Ok(Saved("p1", 5)), LISTING)
    run(page.save())
    [(_, kwargs)] = superadmin_work.calls
    sent = kwargs["pipeline"]
    assert (kwargs["pipeline_id"], kwargs["version"], sent.name) == ("p1", 4, "Three steps")
    assert [(s.id, s.name, s.is_decision) for s in sent.stages] == [
        ("s1", "Screening", False),
        ("", "Budget", False),
        ("s3", "Final Decision", True),
    ]
    assert page.editing == ""


def test_adding_stops_at_the_limit():
    page = _page()
    for _ in range(20):
        page.add_stage()
    assert len(page.rows) == pipelines.MAX_STAGES


def test_a_refusal_puts_each_message_under_its_field_and_keeps_the_edit(superadmin_work):
    page = _page()
    page.set_stage(0, "is_decision", True)
    superadmin_work.value = (
        err(ErrorCode.VALIDATION_ERROR, pipelines.NOT_ONE_DECISION, stages=pipelines.NOT_ONE_DECISION),
        LISTING,
    )

    run(page.save())

    assert page.field_errors == {"stages": pipelines.NOT_ONE_DECISION} and page.editing == "process-improvement"
    assert page.rows[0].is_decision


def test_a_conflict_offers_the_reload_which_brings_the_saved_version(superadmin_work):
    page = _page()
    page.set_stage(0, "name", "Mine")
    superadmin_work.value = (err(ErrorCode.CONFLICT, "Changed meanwhile."), LISTING)
    run(page.save())
    assert page.conflict and page.editor_error == "Changed meanwhile."

    superadmin_work.value = LISTING
    run(page.reload_editor())

    assert not page.conflict and _names(page)[0] == "Screening" and page.editing == "process-improvement"


@pytest.mark.parametrize("blind", ["true", 1, None, ["x"]])
def test_blind_review_takes_only_a_real_boolean(blind, work):
    page = _page(editing="")

    run(page.set_blind("process-improvement", blind))

    assert work.calls == []


def test_blind_review_shows_the_warning_and_the_toast_the_domain_returns(superadmin_work):
    page = _page(editing="")
    toast = pipelines.blind_toast("Three steps", True)
    superadmin_work.value = (Ok(Saved("p1", 5, pipelines.BLIND_WARNING, (toast,))), LISTING)

    events = run(page.set_blind("process-improvement", True))

    [(_, kwargs)] = superadmin_work.calls
    assert kwargs == {"pipeline_id": "p1", "blind": True}
    assert page.warning_category == "process-improvement"
    assert any(toast in str(event) for event in events)


def test_delete_asks_first_and_shows_the_domains_refusal(superadmin_work):
    page = _page(editing="")
    run(page.confirm_delete())  # nothing asked: nothing sent
    page.ask_delete("new-product-service")  # the default pipeline: no delete to ask about
    assert superadmin_work.calls == [] and page.pending_delete == ""

    page.ask_delete("process-improvement")
    superadmin_work.value = (err(ErrorCode.PIPELINE_IN_USE), LISTING)
    run(page.confirm_delete())

    assert page.delete_error == "This pipeline has reviews in progress and cannot be deleted."
    page.delete_dialog_toggled(True)
    assert page.pending_delete == "process-improvement"
    page.delete_dialog_toggled("no")  # anything but True closes it
    assert (page.pending_delete, page.delete_error) == ("", "")


def test_the_page_loads_every_category_and_the_flags_that_shape_it(superadmin_work, monkeypatch):
    flags = replace(review_config_state.settings, multi_stage_review_enabled=False, blind_review_enabled=False)
    monkeypatch.setattr(review_config_state, "settings", flags)
    page = _page()
    page.pending_delete = "process-improvement"
    superadmin_work.value = LISTING

    run(page.load())

    assert (page.staged_review_on, page.blind_review_on) == (False, False)
    assert [line.name for line in page.pipelines] == ["Three steps", pipelines.DEFAULT_NAME]
    assert (page.editing, page.pending_delete) == ("", "")  # each visit starts from what is saved
