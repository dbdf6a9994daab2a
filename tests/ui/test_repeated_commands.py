"""A command event sent twice (a double press that got past the button's hold, a retried request)
does the work once: the repeat is answered with the first result, never a second draft, idea or
decision, and never the domain's "already done" or the submit limit's error (issue 12).

The gateway is the recorder of tests/ui/conftest.py: `work.calls` is what reached the domain.
"""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from tests.ui.helpers import ADA, run, state_of
from workflow_app.core import errors as e
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.core.result import Ok, err
from workflow_app.descriptors.domain.descriptors import BatchSubmitted, DescriptorSaved
from workflow_app.descriptors.pages.descriptor_form_state import DescriptorFormState
from workflow_app.descriptors.pages.my_descriptors import SECTIONS, MyDescriptorsState
from workflow_app.descriptors.pages.section_form_state import SectionFormState
from workflow_app.ideas.domain.idea_workflow import ACCEPT, REJECT, START_REVIEW
from workflow_app.ideas.domain.review_queries import ReviewView
from workflow_app.ideas.pages.admin_review import ReviewState
from workflow_app.ideas.pages.idea_editor_state import IdeaEditorState, Opening
from workflow_app.ui import gateway

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def _paths(events) -> list[str]:
    """The redirects among a handler's events (toasts and scripts are the rest)."""
    found = []
    for event in events:
        for spec in event if isinstance(event, list) else [event]:
            if getattr(getattr(spec, "handler", None), "fn", None) and spec.handler.fn.__qualname__ == "_redirect":
                found.append(dict((n._js_expr, v._var_value) for n, v in spec.args)["path"])
    return found


def _toasts(events) -> int:
    return sum(1 for event in events if "toast" in str(event))


def _new_idea_form(**fields) -> IdeaEditorState:
    editor = state_of(IdeaEditorState, "http://localhost:3000/ideas/new")
    editor._reset_form()
    editor.user_id, editor.loaded = "u-ada", True
    editor.title, editor.description, editor.category = "Solar car park", "Shade and power.", "cost-reduction"
    for name, value in fields.items():
        setattr(editor, name, value)
    return editor


def test_a_second_submit_of_the_new_idea_form_reaches_no_domain_and_goes_to_the_same_idea(work):
    editor = _new_idea_form()
    work.value = Ok("idea-1")

    first = run(editor.submit())
    second = run(editor.submit())

    assert len(work.calls) == 1
    assert _paths(first) == _paths(second) == ["/ideas/idea-1"]
    assert _toasts(first) == 1 and _toasts(second) == 0


def test_a_second_save_of_the_new_form_makes_no_second_draft_and_typing_on_updates_the_first(work):
    editor = _new_idea_form()
    work.value = Ok(SimpleNamespace(id="draft-1", version=1, updated_at=NOW))

    run(editor.save_draft())
    run(editor.save_draft())  # the repeat, before the editor of draft-1 opened
    assert len(work.calls) == 1 and work.calls[0][1]["draft_id"] is None

    editor.set_title("Solar car park, phase one")
    run(editor.save_draft())
    assert work.calls[-1][1]["draft_id"] == "draft-1" and work.calls[-1][1]["expected_version"] == 1

    work.value = Ok("draft-1")
    run(editor.submit())
    assert work.calls[-1][1]["draft_id"] == "draft-1"  # the draft becomes the idea, no second idea


def test_opening_the_form_again_forgets_what_the_last_one_made(work):
    editor = _new_idea_form()
    work.value = Ok("idea-1")
    run(editor.submit())
    work.value = Opening()  # not at the draft limit
    run(editor.open_new())
    editor.title, editor.description, editor.category = "Another", "Another idea.", "cost-reduction"
    work.value = Ok("idea-2")
    assert _paths(run(editor.submit())) == ["/ideas/idea-2"]
    assert len(work.calls) == 3


def _view(actions: list[str]) -> Ok:
    return Ok(
        ReviewView(
            idea_id="i1",
            title="Solar car park",
            description="Shade and power.",
            category="cost-reduction",
            category_label="Cost Reduction",
            visibility="PUBLIC",
            status="UNDER_REVIEW",
            author_id="u-sam",
            author_name="Sam",
            created_at=NOW,
            review=None,
            actions=actions,
        )
    )


def test_a_repeated_start_review_or_decision_is_not_sent_once_the_page_no_longer_offers_it(work):
    review = state_of(ReviewState, "http://localhost:3000/admin/review/i1")
    review.__dict__["idea_id"] = "i1"  # the page's route argument (the app, not loaded here, adds it)
    review.actions = [START_REVIEW]
    work.value = (Ok(None), _view([ACCEPT, REJECT]))

    assert _toasts(run(review.start_review())) == 1
    assert run(review.start_review()) == []  # offered no more: the page already shows the claim
    assert len(work.calls) == 1

    review.comment = "Clear and cheap: we will do it next month."
    work.value = (Ok(None), _view([]))
    assert _toasts(run(review.decide("ACCEPTED"))) == 1
    assert run(review.decide("ACCEPTED")) == [] and run(review.decide("REJECTED")) == []
    assert len(work.calls) == 2 and review.error == ""


def _new_descriptor_form() -> DescriptorFormState:
    form = state_of(DescriptorFormState, "http://localhost:3000/descriptors/new")
    form._reset([])
    form.user_id, form.loaded, form.criterion_name = "u-casey", True, "Kerf width"
    return form


def _batch_sent(*, count: int) -> tuple:
    """What the batch submit's worker call answers: the batch sent, then the page with no drafts left."""
    sent = BatchSubmitted(
        batch_id="b1",
        count=count,
        resubmitted_count=0,
        scm_id="u-casey",
        scm_name="Casey",
        reviewer_ids=(),
        reviewer_emails=(),
    )
    return Ok(sent), Ok({status: SimpleNamespace(rows=[], count=0) for status in SECTIONS})


def test_a_repeated_descriptor_save_makes_one_descriptor_and_only_redirects(work):
    form = _new_descriptor_form()
    work.value = Ok(DescriptorSaved(id="d1", row_version=1, updated_at=NOW))

    first = run(form.save())
    second = run(form.save())

    assert len(work.calls) == 1
    assert _paths(first) == _paths(second) == ["/descriptors/mine"]
    assert _toasts(first) == 1 and _toasts(second) == 0


def test_a_repeated_batch_submit_finds_the_batch_gone_and_says_nothing(work):
    mine = state_of(MyDescriptorsState, "http://localhost:3000/descriptors/mine")
    mine.drafts = [SimpleNamespace(id="d1")]  # what the page showed when the button was pressed
    work.value = _batch_sent(count=1)

    assert _toasts(run(mine.submit_for_review())) == 1
    assert run(mine.submit_for_review()) == []
    assert len(work.calls) == 1


# --- a draft that can no longer be written ---------------------------------------------------


def _open_draft() -> IdeaEditorState:
    editor = _new_idea_form(draft_id="d1", version=3)
    editor.save_status = "saved"
    return editor


@pytest.mark.parametrize("code", [ErrorCode.EXPIRED, ErrorCode.NOT_FOUND])
def test_an_autosave_refused_for_good_locks_the_editor_and_stops_writing(work, code):
    editor = _open_draft()
    editor._autosaving = True
    editor._take_autosave_call(gateway.Call(ADA, err(code)))

    assert editor.save_status == "gone" and editor.locked and editor.form_error == message_for(code)
    assert editor._autosaving is False
    assert editor.set_title("typed on") is None  # no writer is started for a draft that is gone
    assert run(editor.save_draft()) == [] and run(editor.submit()) == [] and work.calls == []


def test_a_refused_save_or_submit_locks_the_editor_too(work):
    editor = _open_draft()
    work.value = err(ErrorCode.EXPIRED, e.EXPIRED_ON_SUBMIT)
    run(editor.submit())
    assert editor.locked and editor.form_error == e.EXPIRED_ON_SUBMIT


def test_the_locked_editor_starts_a_new_draft_with_the_text_it_shows(work):
    editor = _open_draft()
    assert run(editor.start_new_draft()) == [] and work.calls == []  # not locked: nothing to start
    editor._gone(message_for(ErrorCode.EXPIRED))
    work.value = Ok(SimpleNamespace(id="d2", version=1, updated_at=NOW))

    events = run(editor.start_new_draft())

    ((_, kwargs),) = work.calls
    assert kwargs["draft_id"] is None and kwargs["form"].title == "Solar car park"
    assert _paths(events) == ["/ideas/d2/edit"]
    assert editor.text_to_copy == "Solar car park\n\nShade and power."


def test_a_repeated_section_save_after_the_form_closed_makes_no_second_section(work):
    form = state_of(SectionFormState, "http://localhost:3000/descriptors/sections")
    form.open_create("")
    form.section_name = "Work organisation"
    work.value = Ok("s1")

    first = run(form.save())
    second = run(form.save())

    assert len(work.calls) == 1 and not form.form_open
    assert _toasts(first) == 1 and second == []


# --- the origin's texts (ORIGINS C4) ----------------------------------------------------------


def test_a_new_descriptor_is_created_and_added_and_a_saved_one_updated_in_the_origins_words(work):
    form = _new_descriptor_form()
    work.value = Ok(DescriptorSaved(id="d1", row_version=1, updated_at=NOW))
    assert "Descriptor created and added to draft batch." in str(run(form.save()))

    form.descriptor_id, form.status, form._saved = "d1", "DRAFT", ""
    form.set_field("criterion_name", "Kerf width, in mm")
    work.value = Ok(DescriptorSaved(id="d1", row_version=2, updated_at=NOW))
    assert "Descriptor updated successfully." in str(run(form.save()))


def test_the_batch_toast_is_the_origins(work):
    mine = state_of(MyDescriptorsState, "http://localhost:3000/descriptors/mine")
    mine.drafts = [SimpleNamespace(id="d1"), SimpleNamespace(id="d2")]
    work.value = _batch_sent(count=2)
    assert "Batch submitted! 2 descriptor(s) sent for SA review." in str(run(mine.submit_for_review()))


# --- the origin's texts (ORIGINS Part 1 C9) ---------------------------------------------------


def test_saving_a_draft_signed_out_says_one_must_be_signed_in_to_save_a_draft(work):
    editor = _new_idea_form()
    work.actor = None  # the session ended before Save Draft reached the server

    events = run(editor.save_draft())

    assert editor.form_error == "You must be signed in to save a draft."
    assert not editor.saving_draft and _paths(events) == [] and "success" not in str(events)
    assert editor.title == "Solar car park"  # what was typed stays on the form


def test_an_autosave_or_new_draft_signed_out_says_the_same_and_submitting_keeps_its_own_text(work):
    editor = _open_draft()
    editor._autosaving = True
    editor._take_autosave_call(gateway.Call(None))
    assert (editor.save_status, editor.form_error) == ("failed", "You must be signed in to save a draft.")

    editor._gone(message_for(ErrorCode.EXPIRED))
    work.actor = None
    run(editor.start_new_draft())
    assert editor.form_error == "You must be signed in to save a draft."

    submitting = _new_idea_form()
    run(submitting.submit())
    assert submitting.form_error == message_for(ErrorCode.UNAUTHENTICATED)


def test_the_submit_limit_is_a_toast_with_its_retry_time(work):
    editor = _new_idea_form()
    work.value = err(ErrorCode.SUBMIT_RATE_LIMITED, e.submit_retry_in(42))

    events = run(editor.submit())

    assert "Too many submissions. Please try again in 42 seconds." in str(events)
    assert editor.form_error == "" and _paths(events) == []
