"""/admin/import's handlers take what any client sends (issue 13): files only from the upload
endpoint, a progress that is a fraction, a skill within its length, one import at a time."""

from __future__ import annotations

import math

import pytest

from tests.ui.helpers import WRONG_TYPES, run, state_of
from workflow_app.core.actor import Actor
from workflow_app.descriptors.pages.importing_state import ImportState, WorkbookPreview
from workflow_app.models import Role

ADMIN = Actor(user_id="u-admin", role=Role.ADMIN, display_name="Ada", email="ada@example.com")


@pytest.mark.parametrize(
    "sent, percent",
    [
        ({"progress": 0.5}, 50),
        ({"progress": 7}, 100),
        ({"progress": -1}, 0),
        ({"progress": math.nan}, 0),
        ({"progress": math.inf}, 0),
        ({"progress": "half"}, 0),
        ("0.5", 0),
        (None, 0),
    ],
)
def test_the_upload_progress_is_a_fraction_of_one(sent, percent):
    state = state_of(ImportState)
    state.upload_progress(sent)
    assert state.upload_percent == percent


@pytest.mark.parametrize("files", WRONG_TYPES)
def test_files_that_did_not_come_through_the_upload_endpoint_are_ignored(work, files):
    work.actor, work.value = ADMIN, True
    state = state_of(ImportState)
    run(state.check(files if not isinstance(files, list) else [files, "x.xlsx"]))
    assert state.workbooks == []
    assert all(kwargs.get("staged", []) == [] for _, kwargs in work.calls)  # nothing was staged


def test_someone_not_an_admin_stages_nothing(work):
    work.actor, work.value = Actor(user_id="u-sa", role=Role.SA, display_name="Sam", email="s@example.com"), False
    state = state_of(ImportState)
    run(state.check([]))
    assert state.form_error and [w.__name__ for w, _ in work.calls] == ["_may_import"]


@pytest.mark.parametrize("skill", [*WRONG_TYPES, pytest.param("x" * 201, id="too-long")])
def test_a_skill_that_cannot_be_a_skill_name_checks_nothing_again(work, skill):
    state = state_of(ImportState)
    state.workbooks = [WorkbookPreview(token="t1", file_name="a.xlsx", skill_name="Welding")]
    run(state.set_skill("t1", skill))
    assert work.calls == [] and state.workbooks[0].skill_name == "Welding"


def test_a_token_the_page_does_not_hold_checks_nothing(work):
    state = state_of(ImportState)
    state.workbooks = [WorkbookPreview(token="t1", file_name="a.xlsx", skill_name="Welding")]
    run(state.set_skill("../../etc/passwd", "Joinery"))
    assert work.calls == []


def test_an_import_while_one_runs_does_nothing(work):
    state = state_of(ImportState)
    state.workbooks = [WorkbookPreview(token="t1", file_name="a.xlsx", skill_name="Welding", rows=3, new=3)]
    state.importing = True
    run(state.start_import())
    assert work.calls == []


def test_nothing_left_to_import_says_so(work):
    state = state_of(ImportState)
    state.workbooks = [WorkbookPreview(token="", file_name="a.xlsx", skill_name="Welding", rows=3, new=3)]
    run(state.start_import())
    assert work.calls == [] and state.form_error == "Choose the workbooks to import first."
