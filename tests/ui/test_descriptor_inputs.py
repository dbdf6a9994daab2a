"""Descriptor, section, skill and library pages: every argument a client sends is checked first.

The handlers run on real Reflex state instances. The gateway's worker-thread function is
replaced by one that records what it was asked to run (and on which thread) without a
database, so a refusal is seen as "nothing stored, nothing run" and a check that is allowed to
run is seen running off the event loop's thread.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from dataclasses import dataclass, field

import pytest
import reflex as rx
from sqlmodel import Session, SQLModel

from tests.descriptors.descriptor_helpers import make_section
from tests.factories import make_actor
from workflow_app.core import errors as e
from workflow_app.core.actor import Actor
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.core.paging import Page
from workflow_app.core.result import Ok
from workflow_app.db import make_engine
from workflow_app.descriptors.domain import curation, curation_queries, descriptor_review, descriptors, sections, skills
from workflow_app.descriptors.pages import sections as sections_page
from workflow_app.descriptors.pages import skills_state
from workflow_app.descriptors.pages.curation import CurationLine, CurationState
from workflow_app.descriptors.pages.curation_state import SimilarLine
from workflow_app.descriptors.pages.descriptor_review_state import QueueCard, ReviewQueueState
from workflow_app.descriptors.pages.library_state import LibraryCard, LibraryState, search_text
from workflow_app.descriptors.pages.my_descriptors import MyDescriptorsState
from workflow_app.descriptors.pages.section_form_state import SectionFormState
from workflow_app.descriptors.pages.sections import SectionLine, SectionsState
from workflow_app.descriptors.pages.skills_state import SkillLine, SkillsState, checked_form
from workflow_app.models import Role
from workflow_app.ui import gateway, inputs

MEGABYTE = "x" * 1_000_000
WRONG_TYPES = [["a name"], {"name": "a name"}, 42, "bad \ud800 text"]
WRONG_TYPE_IDS = ["list", "dict", "int", "lone-surrogate"]
ADMIN = Actor(user_id="admin-1", role=Role.ADMIN, display_name="Ada Admin", email="ada@example.com")


@dataclass
class Worker:
    """Stands in for the gateway's thread work: records each call; `signed_in=False` is an expired cookie."""

    signed_in: bool = True
    calls: list[tuple[str, dict]] = field(default_factory=list)
    threads: list[int] = field(default_factory=list)

    def __call__(self, _token, work, args, kwargs):
        self.calls.append((work.__name__, kwargs))
        self.threads.append(threading.get_ident())
        if not self.signed_in:
            return gateway.Call(None)
        return gateway.Call(ADMIN, work(None, ADMIN, *args, **kwargs))


@pytest.fixture
def worker(monkeypatch) -> Worker:
    fake = Worker()
    monkeypatch.setattr(gateway, "_as_actor", fake)
    return fake


def make(state_cls):
    root = rx.State(_reflex_internal_init=True)
    return root.get_substate(state_cls.get_full_name().split("."))


def run(state, handler: str, *args):
    """Calls the handler as Reflex would and returns what it returned or yielded, plus the loop's thread."""
    outcome = getattr(type(state), handler).fn(state, *args)

    async def drive():
        if inspect.isasyncgen(outcome):
            return [update async for update in outcome]
        if inspect.iscoroutine(outcome):
            return await outcome
        return outcome

    return asyncio.run(drive())


def shown(events) -> str:
    """The events' text (toast calls, redirects), to look for a message in."""
    return repr(events)


# --- the WSOS section form (descriptors/pages/section_form_state.py) ------------------------------------------


@pytest.mark.parametrize(
    "value, message",
    [
        ("x" * (sections.NAME_MAX + 1), e.SECTION_NAME_TOO_LONG),
        (MEGABYTE, e.SECTION_NAME_TOO_LONG),
        *[(bad, inputs.NOT_TEXT) for bad in WRONG_TYPES],
    ],
    ids=["one-too-many", "megabyte", *WRONG_TYPE_IDS],
)
def test_a_refused_section_name_is_not_stored_and_no_similarity_is_computed(worker, monkeypatch, value, message):
    compared = []
    monkeypatch.setattr(sections, "similar_sections", lambda _s, _a, **kw: compared.append(kw) or [])
    form = make(SectionFormState)
    form.section_name = "Work Organisation"

    run(form, "set_section_name", value)

    assert form.field_errors == {"name": message}
    assert form.section_name == "Work Organisation"
    assert form.similar == []
    assert compared == [] and worker.calls == []


def test_a_section_name_within_its_limit_is_compared_in_a_worker_thread(worker, monkeypatch):
    compared = []

    def similar_sections(_session, _actor, *, name, exclude_id=None):
        compared.append((name, threading.get_ident()))
        return [sections.SimilarSection(id="s1", name="Work organisation", percent=80)]

    monkeypatch.setattr(sections, "similar_sections", similar_sections)
    form = make(SectionFormState)
    name = "W" * sections.NAME_MAX

    run(form, "set_section_name", name)

    assert form.section_name == name and form.field_errors == {}
    assert [n for n, _ in compared] == [name]
    assert compared[0][1] != threading.get_ident()  # not the thread that ran the event loop
    assert form.similar == [{"id": "s1", "name": "Work organisation", "label": "Work organisation (80% similar)"}]


@pytest.mark.parametrize(
    "value, message",
    [
        ("x" * (sections.DESCRIPTION_MAX + 1), e.SECTION_DESCRIPTION_TOO_LONG),
        (MEGABYTE, e.SECTION_DESCRIPTION_TOO_LONG),
        *[(bad, inputs.NOT_TEXT) for bad in WRONG_TYPES],
    ],
    ids=["one-too-many", "megabyte", *WRONG_TYPE_IDS],
)
def test_a_refused_section_description_is_not_stored(worker, value, message):
    form = make(SectionFormState)
    form.section_description = "Planning the work."

    run(form, "set_section_description", value)

    assert form.field_errors == {"description": message}
    assert form.section_description == "Planning the work."
    assert worker.calls == []


def test_opening_a_section_with_a_megabyte_name_refuses_it_without_comparing(worker, monkeypatch):
    compared = []
    monkeypatch.setattr(sections, "similar_sections", lambda _s, _a, **kw: compared.append(kw) or [])
    form = make(SectionFormState)

    run(form, "open_edit", "section-1", MEGABYTE, ["not", "text"], "sections-page")

    assert form.form_open and form.editing_id == "section-1"
    assert form.section_name == "" and form.section_description == ""
    assert form.field_errors == {"name": e.SECTION_NAME_TOO_LONG, "description": inputs.NOT_TEXT}
    assert compared == [] and worker.calls == []


@pytest.mark.parametrize("section_id", [["section-1"], {"id": 1}, 7, "x" * 1000])
def test_opening_a_section_with_a_bad_id_opens_nothing(worker, section_id):
    form = make(SectionFormState)

    events = run(form, "open_edit", section_id, "Work Organisation", "", "")

    assert not form.form_open and form.editing_id == ""
    assert message_for(ErrorCode.SECTION_NOT_FOUND) in shown(events)
    assert worker.calls == []


def test_saving_after_a_refused_name_saves_nothing(worker):
    form = make(SectionFormState)
    run(form, "open_create", "")
    run(form, "set_section_name", "Work Organisation")
    run(form, "set_section_name", MEGABYTE)
    worker.calls.clear()

    updates = run(form, "save")

    assert worker.calls == []
    assert form.form_error == message_for(ErrorCode.VALIDATION_ERROR)
    assert '["success"]' not in shown(updates)


def test_saving_a_section_with_an_expired_session_shows_the_sign_in_message(worker):
    worker.signed_in = False
    form = make(SectionFormState)
    run(form, "open_create", "")
    form.section_name = "Work Organisation"

    updates = run(form, "save")

    assert [name for name, _ in worker.calls] == ["_save_section"]
    assert form.form_error == message_for(ErrorCode.UNAUTHENTICATED)
    assert form.form_open and '["success"]' not in shown(updates)


def test_an_unknown_origin_picks_no_follow_up(worker):
    form = make(SectionFormState)

    run(form, "open_create", {"origin": "sections-page"})

    assert form._origin == ""
    assert form.form_open


# --- the SA's review queue (descriptors/pages/descriptor_review_state.py) ---------------------------------


def _queue_with_one_row():
    queue = make(ReviewQueueState)
    queue.rows = [QueueCard(id="d1", code="A1", criterion_name="Measures twice", row_version=3)]
    return queue


@pytest.mark.parametrize(
    "value, message",
    [
        ("x" * (descriptor_review.RETURN_COMMENT_MAX + 201), e.RETURN_REASON_TOO_LONG),
        (MEGABYTE, e.RETURN_REASON_TOO_LONG),
        *[(bad, inputs.NOT_TEXT) for bad in WRONG_TYPES],
    ],
    ids=["too-long", "megabyte", *WRONG_TYPE_IDS],
)
def test_a_refused_return_comment_is_not_stored_and_blocks_the_return(worker, value, message):
    queue = _queue_with_one_row()
    run(queue, "open_dialog", "return", "d1")
    run(queue, "set_comment", "Please reword level 2.")

    run(queue, "set_comment", value)
    run(queue, "send_back")

    assert queue.comment == "Please reword level 2."
    assert queue.dialog_error == message
    assert worker.calls == [] and queue.dialog == "return"


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("criterion_name", "x" * (descriptors.CRITERION_MAX + 21), e.CRITERION_TOO_LONG),
        ("criterion_name", MEGABYTE, e.CRITERION_TOO_LONG),
        ("score2", "x" * (descriptors.SCORE_MAX + 1), e.SCORE_TOO_LONG),
        ("score0", MEGABYTE, e.SCORE_TOO_LONG),
        *[("score3", bad, inputs.NOT_TEXT) for bad in WRONG_TYPES],
        ("review_comment", "a field that is not wording", message_for(ErrorCode.VALIDATION_ERROR)),
        (["criterion_name"], "Measures twice", message_for(ErrorCode.VALIDATION_ERROR)),
    ],
    ids=[
        "criterion-too-long",
        "criterion-megabyte",
        "score-too-long",
        "score-megabyte",
        *WRONG_TYPE_IDS,
        "unknown-field",
        "field-as-list",
    ],
)
def test_refused_wording_is_not_stored_and_blocks_the_approval(worker, name, value, message):
    queue = _queue_with_one_row()
    run(queue, "open_dialog", "approve", "d1")
    before = dict(queue.wording)

    run(queue, "set_wording", name, value)
    run(queue, "approve")

    assert queue.wording == before
    assert queue.dialog_error == message
    assert worker.calls == []


def test_wording_within_its_limit_is_stored(worker):
    queue = _queue_with_one_row()
    run(queue, "open_dialog", "approve", "d1")

    run(queue, "set_wording", "score3", "s" * descriptors.SCORE_MAX)

    assert queue.wording["score3"] == "s" * descriptors.SCORE_MAX and queue.dialog_error == ""


@pytest.mark.parametrize(
    "mode, descriptor_id", [("approve", ["d1"]), ("approve", "d9"), ("delete", "d1"), ({"mode": "return"}, "d1")]
)
def test_a_dialog_for_an_unknown_descriptor_or_mode_does_not_open(worker, mode, descriptor_id):
    queue = _queue_with_one_row()

    events = run(queue, "open_dialog", mode, descriptor_id)

    assert queue.dialog == "" and queue.target is None
    assert message_for(ErrorCode.DESCRIPTOR_NOT_FOUND) in shown(events)


@pytest.mark.parametrize("descriptor_id", [["d1"], {"id": "d1"}, 1, "d9", MEGABYTE])
def test_only_rows_on_the_page_can_be_selected(worker, descriptor_id):
    queue = _queue_with_one_row()

    run(queue, "toggle", descriptor_id, True)

    assert queue.selected == []


@pytest.mark.parametrize("decision", ["MAYBE", ["APPROVE"], 1, MEGABYTE])
def test_an_unknown_bulk_decision_is_refused_before_any_work(worker, decision):
    queue = _queue_with_one_row()
    queue.selected = ["d1"]

    run(queue, "decide_selected", decision)

    assert queue.dialog_error == e.DECISION_UNKNOWN
    assert worker.calls == [] and queue.selected == ["d1"]


def test_more_than_two_hundred_selected_is_refused_before_any_work(worker):
    queue = _queue_with_one_row()
    queue.selected = [f"d{i}" for i in range(descriptor_review.MAX_SELECTED + 1)]

    run(queue, "decide_selected", "APPROVE")

    assert queue.dialog_error == e.TOO_MANY_SELECTED
    assert worker.calls == []


# --- admin curation (descriptors/pages/curation.py) -------------------------------------------------------


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("code", "c" * (descriptors.CODE_MAX + 21), e.CODE_TOO_LONG),
        ("criterion_name", "x" * (descriptors.CRITERION_MAX + 21), e.CRITERION_TOO_LONG),
        ("score1", "x" * (descriptors.SCORE_MAX + 1), e.SCORE_TOO_LONG),
        ("tags", "t, " * 1000, e.TAGS_TOO_LONG),
        ("tags", MEGABYTE, e.TAGS_TOO_LONG),
        ("wsos_section_id", "s" * 65, message_for(ErrorCode.SECTION_NOT_FOUND)),
        ("quality", "SUPERB", e.QUALITY_INVALID),
        *[("code", bad, inputs.NOT_TEXT) for bad in WRONG_TYPES],
    ],
    ids=["code", "criterion", "score", "tags", "tags-megabyte", "section-id", "quality", *WRONG_TYPE_IDS],
)
def test_a_refused_curation_field_is_not_stored_and_blocks_the_save(worker, name, value, message):
    page = make(CurationState)
    run(page, "open_form", "")
    before = dict(page.form)

    run(page, "set_form", name, value)
    run(page, "save")

    assert page.form == before
    assert page.field_errors[name] == message
    assert page.field_errors["form"] == message_for(ErrorCode.VALIDATION_ERROR)
    assert worker.calls == []


def test_editing_a_listed_descriptor_starts_the_form_from_its_row(worker):
    page = make(CurationState)
    page.section_options = [{"id": "s1", "name": "Work Organisation"}]
    page.rows = [
        CurationLine(
            id="d1",
            code="A1",
            criterion_name="Measures twice",
            score3="Always",
            tags="a, b",
            skill_names="Joinery, Carpentry",
            sector="Construction",
            categories="Measuring",
            section_id="s1",
            section_name="Work Organisation",
            quality="GOOD",
            source="WSOS",
        )
    ]

    run(page, "open_form", "d1")

    assert page.form_open and page.editing_id == "d1"
    assert page.form == {
        "code": "A1",
        "criterion_name": "Measures twice",
        "skill_names": "Joinery, Carpentry",
        "sector": "Construction",
        "categories": "Measuring",
        "wsos_section_id": "s1",
        "score3": "Always",
        "score2": "",
        "score1": "",
        "score0": "",
        "tags": "a, b",
        "quality": "GOOD",
    }


def test_a_new_curated_descriptor_starts_blank_as_a_reference(worker):
    page = make(CurationState)

    run(page, "open_form", "")

    assert page.form == {name: "" for name in page.form} | {"quality": "REFERENCE"}
    assert len(page.form) == 12 and page.editing_id == ""


def test_an_unknown_curation_field_is_refused(worker):
    page = make(CurationState)
    run(page, "open_form", "")
    before = dict(page.form)

    run(page, "set_form", "created_by_id", "someone-else")

    assert page.form == before and "created_by_id" not in page.form
    assert page.field_errors == {"form": message_for(ErrorCode.VALIDATION_ERROR)}


@pytest.mark.parametrize(
    "value",
    [MEGABYTE, "x" * (descriptors.CRITERION_MAX + 21), *WRONG_TYPES],
    ids=["megabyte", "one-too-many", *WRONG_TYPE_IDS],
)
def test_a_refused_criterion_is_not_compared_with_the_library(worker, monkeypatch, value):
    compared = []
    monkeypatch.setattr(curation, "similar_descriptors", lambda _s, _a, **kw: compared.append(kw) or [])
    page = make(CurationState)
    run(page, "open_form", "")
    page.similar = ["A1 Measures twice (90% similar)"]

    run(page, "set_form", "criterion_name", value)

    assert compared == [] and worker.calls == []
    assert page.similar == [] and page.form["criterion_name"] == ""


def test_a_criterion_within_its_limit_is_compared_in_a_worker_thread(worker, monkeypatch):
    compared = []

    def similar_descriptors(_session, _actor, *, criterion_name, exclude_id=None):
        compared.append((criterion_name, threading.get_ident()))
        return [curation.SimilarDescriptor(id="d2", code="B2", criterion_name="Measures twice", percent=75)]

    monkeypatch.setattr(curation, "similar_descriptors", similar_descriptors)
    page = make(CurationState)
    run(page, "open_form", "")

    run(page, "set_form", "criterion_name", "Measures twice, cuts once")

    assert [c for c, _ in compared] == ["Measures twice, cuts once"]
    assert compared[0][1] != threading.get_ident()
    assert page.similar == [SimilarLine("B2", "Measures twice", "", 75, "/descriptors?q=Measures+twice")]


@pytest.mark.parametrize("descriptor_id", [["d1"], {"id": "d1"}, 5, "\ud800", MEGABYTE])
def test_deleting_a_curated_descriptor_with_a_bad_id_runs_nothing(worker, descriptor_id):
    page = make(CurationState)

    events = run(page, "delete", descriptor_id)

    assert worker.calls == []
    assert message_for(ErrorCode.DESCRIPTOR_NOT_FOUND) in shown(events)


def test_delete_asks_first_and_only_the_confirmation_deletes(worker, monkeypatch):
    deleted = []
    monkeypatch.setattr(curation, "delete_curated_descriptor", lambda _s, _a, **kw: deleted.append(kw) or Ok("d1"))
    monkeypatch.setattr(curation_queries, "curated_descriptors", lambda *_a, **_kw: Ok(Page()))
    page = make(CurationState)
    page.rows = [CurationLine(id="d1", code="A1", criterion_name="Measures twice")]

    run(page, "delete", "d1")

    assert (page.pending_delete, page.delete_title) == ("d1", 'Are you sure you want to delete "Measures twice"?')
    assert worker.calls == []
    run(page, "delete_dialog_toggled", False)  # Cancel
    assert page.pending_delete == "" and worker.calls == []

    run(page, "delete", "d1")
    events = run(page, "confirm_delete")

    assert [kw["descriptor_id"] for kw in deleted] == ["d1"] and page.pending_delete == ""
    assert "Descriptor deleted." in shown(events)


@pytest.mark.parametrize("descriptor_id", ["d1", "d2", ["d2"], MEGABYTE])
def test_only_a_listed_deleted_descriptor_is_restored(worker, descriptor_id):
    page = make(CurationState)
    page.rows = [CurationLine(id="d1", code="A1"), CurationLine(id="d3", code="A3", deleted_at="2026-01-01T00:00:00")]

    events = run(page, "restore", descriptor_id)

    assert worker.calls == []
    assert message_for(ErrorCode.DESCRIPTOR_NOT_FOUND) in shown(events)


@pytest.mark.parametrize(
    "name, value",
    [
        ("quality", "SUPERB"),
        ("show", "everything"),
        ("skill", MEGABYTE),
        ("owner", "x"),
        *[("tag", b) for b in WRONG_TYPES],
    ],
)
def test_a_refused_curation_filter_goes_nowhere(worker, name, value):
    page = make(CurationState)

    assert run(page, "choose", name, value) is None
    assert worker.calls == []


def test_a_curation_filter_keeps_the_others_and_starts_at_page_one(worker):
    page = make(CurationState)
    page.query, page.skill, page.page_number = "weld", "Welding", 3

    events = run(page, "choose", "show", "deleted")

    assert "/admin/descriptors?q=weld&skill=Welding&show=deleted&page=1" in shown(events)


# --- skills (descriptors/pages/skills_state.py) -----------------------------------------------------------


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("name", "n" * (skills.NAME_MAX + 1), e.SKILL_NAME_TOO_LONG),
        ("name", MEGABYTE, e.SKILL_NAME_TOO_LONG),
        ("code", "c" * (skills.CODE_MAX + 1), e.SKILL_CODE_TOO_LONG),
        ("sector", "s" * (skills.SECTOR_MAX + 1), e.SKILL_SECTOR_TOO_LONG),
        ("sa_id", MEGABYTE, e.SKILL_SA_INVALID),
        ("scm_id", "u" * 65, e.SKILL_SCM_INVALID),
        *[("name", bad, inputs.NOT_TEXT) for bad in WRONG_TYPES],
    ],
    ids=["name", "name-megabyte", "code", "sector", "sa", "scm", *WRONG_TYPE_IDS],
)
def test_a_refused_skill_field_is_not_saved(worker, name, value, message):
    page = make(SkillsState)
    run(page, "open_create")
    form = {"name": "Joinery", "code": "01", "sector": "Construction", "sa_id": "sa-1", "scm_id": ""} | {name: value}

    run(page, "save", form)

    assert page.field_errors == {name: message}
    assert worker.calls == []
    assert page.form_values["name"] == "" and page.form_open


@pytest.mark.parametrize("form_data", [["name", "Joinery"], "Joinery", 3, None])
def test_a_skill_form_that_is_not_a_form_is_refused(worker, form_data):
    page = make(SkillsState)
    run(page, "open_create")

    run(page, "save", form_data)

    assert set(page.field_errors) == {"name", "code", "sector", "sa_id", "scm_id"}
    assert set(page.field_errors.values()) == {inputs.NOT_TEXT}
    assert worker.calls == []


def test_a_skill_form_within_its_limits_is_passed_on_as_typed():
    values, problems = checked_form({"name": "n" * skills.NAME_MAX, "code": "01", "sector": "", "sa_id": "sa-1"})

    assert problems == {}
    assert values == {"name": "n" * skills.NAME_MAX, "code": "01", "sector": "", "sa_id": "sa-1", "scm_id": ""}


def test_the_delete_dialog_names_the_skill_as_stored_not_as_sent(worker):
    page = make(SkillsState)
    page.skills = [SkillLine(id="k1", name="Joinery")]

    run(page, "ask_delete", "k1", MEGABYTE)

    assert page.pending_delete_id == "k1" and page.pending_delete_name == "Joinery"


# --- the library (descriptors/pages/library_state.py) -----------------------------------------------------


@pytest.mark.parametrize(
    "value", ["q" * 201, MEGABYTE, *WRONG_TYPES], ids=["one-too-many", "megabyte", *WRONG_TYPE_IDS]
)
def test_a_refused_library_search_changes_nothing(worker, value):
    page = make(LibraryState)
    page.query = "measure"

    events = run(page, "search", value)

    assert events is None and page.query == "measure"
    assert search_text(value) is None


def test_a_library_search_within_its_limit_is_searched_for():
    assert search_text("q" * 200) == "q" * 200
    assert search_text("") == ""


@pytest.mark.parametrize("descriptor_id", [["d1"], {"id": "d1"}, 5, "\ud800", MEGABYTE])
def test_favoriting_with_a_bad_id_runs_nothing(worker, descriptor_id):
    page = make(LibraryState)

    events = run(page, "toggle_favorite", descriptor_id)

    assert worker.calls == []
    assert message_for(ErrorCode.DESCRIPTOR_NOT_FOUND) in shown(events)


@pytest.mark.parametrize("descriptor_id", [["d1"], 5, MEGABYTE, "not-on-this-page"])
def test_previewing_a_descriptor_not_on_the_page_runs_nothing(worker, descriptor_id):
    page = make(LibraryState)
    page.rows = [LibraryCard(id="d1", code="A1")]

    events = run(page, "open_preview", descriptor_id)

    assert worker.calls == [] and not page.preview_open
    assert message_for(ErrorCode.DESCRIPTOR_NOT_FOUND) in shown(events)


@pytest.mark.parametrize("view", [["favorites"], "everything", 1])
def test_an_unknown_library_view_is_the_whole_library(worker, view):
    page = make(LibraryState)

    run(page, "choose_view", view)

    assert page.view == "all"


def test_comparing_keeps_at_most_three_and_refuses_bad_ids(worker):
    page = make(LibraryState)

    for descriptor_id in ("d1", "d2", "d3", "d4", ["d5"], MEGABYTE):
        run(page, "toggle_compare", descriptor_id, True)

    assert page.compare_ids == ["d1", "d2", "d3"]


def test_favoriting_with_an_expired_session_shows_the_sign_in_message(worker):
    worker.signed_in = False
    page = make(LibraryState)

    events = run(page, "toggle_favorite", "d1")

    assert message_for(ErrorCode.UNAUTHENTICATED) in shown(events)
    assert '["success"]' not in shown(events)


# --- my descriptors (descriptors/pages/my_descriptors.py, ui/confirm.py) --------------------------------


@pytest.mark.parametrize("row_id", [["d1"], {"id": "d1"}, 3, "\ud800", MEGABYTE])
def test_a_bad_row_id_opens_no_delete_dialog(worker, row_id):
    page = make(MyDescriptorsState)

    run(page, "ask_delete", row_id)

    assert page.pending_delete == ""


def test_submitting_with_an_expired_session_shows_the_sign_in_message(worker):
    worker.signed_in = False
    page = make(MyDescriptorsState)

    updates = run(page, "submit_for_review")

    assert [name for name, _ in worker.calls] == ["_submit_and_list"]
    assert not page.submitting
    assert message_for(ErrorCode.UNAUTHENTICATED) in shown(updates)
    assert '["success"]' not in shown(updates)


# --- the sections page (descriptors/pages/sections.py) ----------------------------------------------------


@pytest.mark.parametrize("section_id", [["s1"], {"id": "s1"}, 2, "\ud800", MEGABYTE, "s9"])
def test_asking_to_delete_an_unknown_section_opens_nothing(worker, section_id):
    page = make(SectionsState)
    page.rows = [SectionLine(id="s1", name="Work Organisation", descriptor_count=2)]

    events = run(page, "ask_delete", section_id)

    assert page.pending_delete_id == ""
    assert message_for(ErrorCode.SECTION_NOT_FOUND) in shown(events)


def test_a_section_delete_and_the_list_after_it_run_in_one_worker_call(worker, monkeypatch):
    monkeypatch.setattr(sections, "delete_section", lambda _s, _a, **kw: Ok(0))
    monkeypatch.setattr(sections, "list_sections", lambda _s, _a: [])
    page = make(SectionsState)
    page.rows = [SectionLine(id="s1", name="Work Organisation")]
    run(page, "ask_delete", "s1")

    updates = run(page, "confirm_delete")

    assert [name for name, _ in worker.calls] == ["_delete_and_list"]
    assert worker.threads[0] != threading.get_ident()
    assert page.rows == [] and page.pending_delete_id == "" and not page.deleting
    assert '["success"]' in shown(updates)


# --- bounded searches and filters -------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["q" * 201, MEGABYTE, *WRONG_TYPES], ids=["one-too-many", "megabyte", *WRONG_TYPE_IDS]
)
def test_a_refused_curation_search_goes_nowhere(worker, value):
    page = make(CurationState)

    assert run(page, "search", value) is None


@pytest.mark.parametrize("value", [MEGABYTE, ["Safety"], {"a": 1}, 3])
def test_a_refused_library_filter_value_is_dropped_from_the_link(worker, value):
    page = make(LibraryState)
    page.query = "measure"

    events = run(page, "choose", "category", value)

    assert "q=measure" in shown(events) and "category=" not in shown(events)
    assert len(shown(events)) < 10_000
    assert run(page, "choose", ["category"], "Safety") is None


# --- the work functions on a real database -----------------------------------------------------


@pytest.fixture
def sqlite_session(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'ui.db'}")
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


def test_the_sections_work_lists_for_who_may_manage_them_and_no_one_else(sqlite_session):
    scm = make_actor(sqlite_session, role=Role.SCM)
    advisor = make_actor(sqlite_session, role=Role.SA)
    kept, gone = make_section(sqlite_session, scm, name="Kept"), make_section(sqlite_session, scm, name="Gone")

    result, rows = sections_page._delete_and_list(sqlite_session, scm, section_id=gone.id)

    assert result.ok and [r.id for r in rows] == [kept.id]
    assert sections_page._listing(sqlite_session, advisor) == []


def test_the_skills_work_saves_and_lists_in_one_session(sqlite_session):
    admin = make_actor(sqlite_session, role=Role.ADMIN)
    advisor = make_actor(sqlite_session, role=Role.SA, display_name="Sam SA")
    values = {"name": "Joinery", "code": "01", "sector": "", "sa_id": advisor.user_id, "scm_id": "", "notes": ""}

    result, listing = skills_state._save_and_list(sqlite_session, admin, skill_id="", values=values)

    assert result.ok
    assert [s.name for s in listing.skills] == ["Joinery"]
    assert [a["id"] for a in listing.advisors] == [advisor.user_id]
    assert skills_state._listing(sqlite_session, advisor) is None
