"""Drafts of ideas: save, autosave, delete, submit and the author's views (seed 002, ORIGINS C9, D, F 13-21)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, delete, update

from tests.factories import make_actor
from tests.ideas.draft_helpers import (
    COMPLETE,
    audit_of,
    autosave,
    make_draft,
    make_idea,
    reread,
    save,
    submit,
    written,
)
from workflow_app.core import errors as e
from workflow_app.core.actor import Actor
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok
from workflow_app.ideas.domain import draft_queries, drafts
from workflow_app.ideas.domain.idea_rules import IdeaIn
from workflow_app.models import AuditAction, Idea, IdeaStatus, IdeaVisibility

DAY = timedelta(days=1)


@pytest.fixture
def author(session) -> Actor:
    return make_actor(session, display_name="Ada")


@pytest.fixture
def stranger(session) -> Actor:
    return make_actor(session, display_name="Bob")


def _meanwhile(monkeypatch, engine, change) -> None:
    """Runs `change(other_session, draft_id)` in another connection right after the command read the draft."""
    read = drafts.own_draft

    def read_then_change(session, actor, draft_id):
        draft = read(session, actor, draft_id)
        with Session(engine) as other:
            change(other, draft_id)
            other.commit()
        return draft

    monkeypatch.setattr(drafts, "own_draft", read_then_change)


# --- save: create and update -----------------------------------------------------------------


def test_an_empty_form_saves_as_a_draft_that_expires_in_90_days(session, clock, author):
    result = save(session, author, clock)

    assert result.ok
    saved = result.value
    assert (saved.version, saved.updated_at, saved.expires_at) == (1, clock.now(), clock.now() + 90 * DAY)
    draft = reread(session, saved.id)
    assert draft.status == IdeaStatus.DRAFT
    assert (draft.title, draft.description, draft.category) == (None, None, None)
    assert draft.visibility == IdeaVisibility.PUBLIC
    assert draft.draft_expires_at == clock.now() + 90 * DAY
    assert (draft.is_expired_draft, draft.soft_deleted_at, draft.version) == (False, None, 1)
    [entry] = audit_of(session, AuditAction.DRAFT_SAVED)
    assert (entry.actor_id, entry.target_type, entry.target_id) == (author.user_id, "idea", saved.id)
    assert entry.target_title == "Untitled Draft"
    assert entry.details == {"created": True, "version": 1}


def test_the_title_is_trimmed_empty_text_is_stored_as_null_and_the_description_as_typed(session, clock, author):
    result = save(
        session,
        author,
        clock,
        title="  Quieter coffee  ",
        description="  two spaces\n",
        category="",
        visibility="private",
    )

    draft = reread(session, result.value.id)
    assert (draft.title, draft.description, draft.category) == ("Quieter coffee", "  two spaces\n", None)
    assert draft.visibility == IdeaVisibility.PRIVATE


def test_saving_again_updates_the_same_draft_resets_the_expiry_and_bumps_the_version(session, clock, author):
    first = save(session, author, clock, title="First").value
    clock.advance(days=40)

    result = save(
        session, author, clock, draft_id=first.id, title="Second", category="cost-reduction", expected_version=1
    )

    assert result == Ok(drafts.DraftSaved(first.id, 2, clock.now(), clock.now() + 90 * DAY))
    assert written(session)[0] == 1
    draft = reread(session, first.id)
    assert (draft.title, draft.category, draft.version) == ("Second", "cost-reduction", 2)
    assert (draft.updated_at, draft.draft_expires_at) == (clock.now(), clock.now() + 90 * DAY)
    entries = audit_of(session, AuditAction.DRAFT_SAVED)
    assert [x.details for x in entries] == [{"created": True, "version": 1}, {"created": False, "version": 2}]
    assert entries[1].target_title == "Second"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": "x" * 151}, "title", "Title must be 150 characters or fewer"),
        ({"description": "x" * 5001}, "description", "Description must be 5,000 characters or fewer"),
        ({"visibility": "SECRET"}, "visibility", e.VISIBILITY_INVALID),
        ({"category": "not-a-category"}, "category", e.CATEGORY_INVALID),
    ],
)
def test_a_field_beyond_the_draft_limits_is_refused_and_nothing_is_written(
    session, clock, author, fields, field, message
):
    before = written(session)

    result = save(session, author, clock, **fields)

    assert result == Err(ErrorCode.VALIDATION_ERROR, message, {field: message})
    assert written(session) == before


def test_the_draft_limits_are_150_and_5000_characters(session, clock, author):
    result = save(session, author, clock, title="x" * 150, description="y" * 5000)

    draft = reread(session, result.value.id)
    assert (len(draft.title), len(draft.description)) == (150, 5000)


def test_a_category_dropped_from_the_list_may_stay_on_the_draft_that_has_it(session, clock, author):
    draft = make_draft(session, author, clock=clock, category="retired-category")

    result = save(session, author, clock, draft_id=draft.id, title="Kept", category="retired-category")

    assert result.ok
    assert reread(session, draft.id).category == "retired-category"


# --- the limit of 10 active drafts -----------------------------------------------------------


def test_the_page_is_told_of_the_limit_before_anyone_types(session, clock, author):
    for _ in range(drafts.MAX_ACTIVE_DRAFTS - 1):
        make_draft(session, author, clock=clock)
    assert drafts.at_draft_limit(session, author, clock=clock) is False
    make_draft(session, author, clock=clock)
    assert drafts.at_draft_limit(session, author, clock=clock) is True


def test_the_eleventh_active_draft_is_refused_and_nothing_is_written(session, clock, author):
    for _ in range(drafts.MAX_ACTIVE_DRAFTS):
        make_draft(session, author, clock=clock)
    before = written(session)

    result = save(session, author, clock, title="One too many")

    assert result == Err(
        ErrorCode.DRAFT_LIMIT_EXCEEDED,
        "You have reached the maximum of 10 drafts. Please submit or delete a draft to continue.",
    )
    assert written(session) == before


def test_expired_drafts_and_other_peoples_drafts_do_not_count_toward_the_limit(session, clock, author, stranger):
    for _ in range(9):
        make_draft(session, author, clock=clock)
    make_draft(session, author, clock=clock, saved_at=clock.now() - 91 * DAY)  # lazily expired
    make_draft(
        session,
        author,
        clock=clock,
        saved_at=clock.now() - 95 * DAY,
        is_expired_draft=True,
        soft_deleted_at=clock.now() - 5 * DAY,
    )
    make_draft(session, stranger, clock=clock)

    assert save(session, author, clock, title="Tenth").ok
    assert save(session, author, clock, title="Eleventh").code == ErrorCode.DRAFT_LIMIT_EXCEEDED


def test_updating_a_draft_at_the_limit_is_still_allowed(session, clock, author):
    drafts_made = [make_draft(session, author, clock=clock) for _ in range(drafts.MAX_ACTIVE_DRAFTS)]

    result = save(session, author, clock, draft_id=drafts_made[0].id, title="Still editable")

    assert result.ok
    assert reread(session, drafts_made[0].id).title == "Still editable"


def test_deleting_one_of_10_drafts_makes_room_for_a_new_one(session, clock, author):
    drafts_made = [make_draft(session, author, clock=clock) for _ in range(drafts.MAX_ACTIVE_DRAFTS)]
    drafts.delete_draft(session, author, draft_id=drafts_made[0].id, clock=clock)

    assert save(session, author, clock, title="New").ok


def test_validation_is_checked_before_the_draft_limit(session, clock, author):
    for _ in range(drafts.MAX_ACTIVE_DRAFTS):
        make_draft(session, author, clock=clock)

    assert save(session, author, clock, title="x" * 151).code == ErrorCode.VALIDATION_ERROR


# --- the save rate limit: 30 per 15 minutes --------------------------------------------------


def _thirty_saves(session, clock, author) -> str:
    draft_id = save(session, author, clock).value.id
    for n in range(drafts.SAVE_LIMIT - 1):
        assert save(session, author, clock, draft_id=draft_id, title=f"Save {n}").ok
    return draft_id


def test_the_31st_save_within_15_minutes_is_rate_limited_and_writes_nothing(session, clock, author):
    draft_id = _thirty_saves(session, clock, author)
    before, version = written(session), reread(session, draft_id).version

    result = save(session, author, clock, draft_id=draft_id, title="Thirty-first")

    assert result == Err(ErrorCode.RATE_LIMITED, "Too many save requests, please slow down")
    assert written(session) == before
    assert reread(session, draft_id).version == version


def test_saving_is_allowed_again_16_minutes_later(session, clock, author):
    draft_id = _thirty_saves(session, clock, author)
    assert save(session, author, clock, draft_id=draft_id).code == ErrorCode.RATE_LIMITED

    clock.advance(minutes=16)

    assert save(session, author, clock, draft_id=draft_id, title="Later").ok


def test_the_rate_limit_is_checked_before_validation(session, clock, author):
    draft_id = _thirty_saves(session, clock, author)

    assert save(session, author, clock, draft_id=draft_id, title="x" * 151).code == ErrorCode.RATE_LIMITED


def test_a_save_refused_after_the_limiter_still_counts_but_a_rate_limited_one_does_not(session, clock, author):
    draft_id = save(session, author, clock).value.id
    for _ in range(drafts.SAVE_LIMIT - 2):
        save(session, author, clock, draft_id=draft_id)
    assert save(session, author, clock, title="x" * 151).code == ErrorCode.VALIDATION_ERROR
    assert save(session, author, clock, draft_id=draft_id).code == ErrorCode.RATE_LIMITED

    clock.advance(minutes=14)
    for _ in range(drafts.SAVE_LIMIT):
        assert save(session, author, clock, draft_id=draft_id).code == ErrorCode.RATE_LIMITED
    clock.advance(minutes=1, seconds=1)  # the 30 counted saves left the window; the refused never entered

    assert save(session, author, clock, draft_id=draft_id).ok


def test_the_rate_limit_is_per_person(session, clock, author, stranger):
    _thirty_saves(session, clock, author)

    assert save(session, stranger, clock).ok


# --- save: not found, expired, conflict ------------------------------------------------------


def test_saving_another_persons_draft_is_not_found_and_changes_nothing(session, clock, author, stranger):
    draft = make_draft(session, stranger, clock=clock, title="Bob's")
    before = written(session)

    result = save(session, author, clock, draft_id=draft.id, title="Mine now")

    assert result == Err(ErrorCode.NOT_FOUND, "Draft not found")
    assert written(session) == before
    assert reread(session, draft.id).title == "Bob's"


@pytest.mark.parametrize("status", [s for s in IdeaStatus if s != IdeaStatus.DRAFT])
def test_an_idea_that_is_not_a_draft_cannot_be_saved_as_one(session, clock, author, status):
    idea = make_idea(session, author, clock=clock, status=status)

    assert save(session, author, clock, draft_id=idea.id, title="Back to draft").code == ErrorCode.NOT_FOUND
    assert reread(session, idea.id).status == status


def test_saving_an_unknown_draft_id_is_not_found(session, clock, author):
    assert save(session, author, clock, draft_id="0" * 32).code == ErrorCode.NOT_FOUND


def test_a_draft_is_active_on_day_89_and_expired_from_day_90(session, clock, author):
    draft_id = save(session, author, clock, title="Ageing").value.id

    clock.advance(days=89)
    assert [d.id for d in draft_queries.active_drafts(session, author, clock=clock)] == [draft_id]
    assert draft_queries.expired_drafts(session, author, clock=clock) == []

    clock.advance(days=1)
    assert draft_queries.active_drafts(session, author, clock=clock) == []
    assert [d.id for d in draft_queries.expired_drafts(session, author, clock=clock)] == [draft_id]
    assert draft_queries.active_draft_count(session, author, clock=clock) == 0


@pytest.mark.parametrize("days", [90, 91, 365])
def test_saving_an_expired_draft_is_refused_even_before_the_job_ran(session, clock, author, days):
    draft = make_draft(session, author, clock=clock, title="Old")
    expires_at = draft.draft_expires_at
    clock.advance(days=days)
    before = written(session)

    result = save(session, author, clock, draft_id=draft.id, title="Revived")

    assert result == Err(ErrorCode.EXPIRED, "This draft has expired and can no longer be saved.")
    assert written(session) == before
    stored = reread(session, draft.id)
    assert (stored.title, stored.draft_expires_at) == ("Old", expires_at)


def test_a_draft_soft_deleted_by_the_job_cannot_be_saved(session, clock, author):
    draft = make_draft(session, author, clock=clock, is_expired_draft=True, soft_deleted_at=clock.now())

    assert save(session, author, clock, draft_id=draft.id).code == ErrorCode.EXPIRED


def test_another_persons_expired_draft_is_not_found_rather_than_expired(session, clock, author, stranger):
    draft = make_draft(session, stranger, clock=clock, saved_at=clock.now() - 100 * DAY)

    assert save(session, author, clock, draft_id=draft.id).code == ErrorCode.NOT_FOUND


def test_a_save_from_a_stale_tab_is_a_conflict_and_keeps_the_other_tabs_save(session, clock, author):
    draft_id = save(session, author, clock, title="Loaded in two tabs").value.id
    assert save(session, author, clock, draft_id=draft_id, title="Tab A", expected_version=1).ok
    before = written(session)

    result = save(session, author, clock, draft_id=draft_id, title="Tab B", expected_version=1)

    assert result == Err(
        ErrorCode.CONFLICT, "This draft was changed in another window. Reload to see the latest version."
    )
    assert written(session) == before
    stored = reread(session, draft_id)
    assert (stored.title, stored.version) == ("Tab A", 2)


def test_the_conflict_check_comes_after_the_expiry_check(session, clock, author):
    draft = make_draft(session, author, clock=clock)
    clock.advance(days=90)

    assert save(session, author, clock, draft_id=draft.id, expected_version=7).code == ErrorCode.EXPIRED


def test_losing_the_compare_and_set_to_a_concurrent_write_is_a_conflict(session, clock, author, engine, monkeypatch):
    draft = make_draft(session, author, clock=clock, title="Original")
    _meanwhile(
        monkeypatch,
        engine,
        lambda other, draft_id: other.exec(
            update(Idea).where(Idea.id == draft_id).values(title="Other tab", version=Idea.version + 1)
        ),
    )
    entries_before = written(session)[1]

    result = autosave(session, author, clock, draft_id=draft.id, title="This tab")

    assert result.code == ErrorCode.CONFLICT
    assert written(session)[1] == entries_before
    assert reread(session, draft.id).title == "Other tab"


# --- autosave --------------------------------------------------------------------------------


def test_autosave_writes_the_fields_resets_the_expiry_and_bumps_the_version(session, clock, author):
    draft = make_draft(session, author, clock=clock, title="Before")
    clock.advance(days=30)

    result = autosave(
        session, author, clock, draft_id=draft.id, title="Typing…", description="half a", expected_version=1
    )

    assert result == Ok(drafts.DraftSaved(draft.id, 2, clock.now(), clock.now() + 90 * DAY))
    stored = reread(session, draft.id)
    assert (stored.title, stored.description, stored.version) == ("Typing…", "half a", 2)
    assert (stored.updated_at, stored.draft_expires_at) == (clock.now(), clock.now() + 90 * DAY)


def test_autosave_does_not_count_toward_the_save_limit(session, clock, author):
    draft_id = save(session, author, clock).value.id
    for n in range(50):
        assert autosave(session, author, clock, draft_id=draft_id, title=f"keystroke {n}").ok
    for _ in range(drafts.SAVE_LIMIT - 1):
        assert save(session, author, clock, draft_id=draft_id).ok

    assert save(session, author, clock, draft_id=draft_id).code == ErrorCode.RATE_LIMITED
    assert autosave(session, author, clock, draft_id=draft_id, title="still autosaving").ok


def test_autosave_is_audited_once_per_editing_session(session, clock, author):
    draft = make_draft(session, author, clock=clock)
    for n in range(3):
        assert autosave(session, author, clock, draft_id=draft.id, editing_session_id="tab-1", title=f"a{n}").ok
    for n in range(2):
        assert autosave(session, author, clock, draft_id=draft.id, editing_session_id="tab-2", title=f"b{n}").ok

    entries = audit_of(session, AuditAction.DRAFT_AUTOSAVED)
    assert [x.details["editingSession"] for x in entries] == ["tab-1", "tab-2"]
    assert {(x.actor_id, x.target_id) for x in entries} == {(author.user_id, draft.id)}
    assert reread(session, draft.id).version == 6
    assert audit_of(session, AuditAction.DRAFT_SAVED) == []


def test_the_same_editing_session_id_on_another_draft_is_audited_again(session, clock, author):
    first, second = make_draft(session, author, clock=clock), make_draft(session, author, clock=clock)

    autosave(session, author, clock, draft_id=first.id, editing_session_id="tab-1")
    autosave(session, author, clock, draft_id=second.id, editing_session_id="tab-1")

    assert [x.target_id for x in audit_of(session, AuditAction.DRAFT_AUTOSAVED)] == [first.id, second.id]


@pytest.mark.parametrize(
    ("arrange", "fields", "code"),
    [
        ("stranger", {}, ErrorCode.NOT_FOUND),
        ("expired", {}, ErrorCode.EXPIRED),
        ("stale", {"expected_version": 1}, ErrorCode.CONFLICT),
        ("own", {"title": "x" * 151}, ErrorCode.VALIDATION_ERROR),
    ],
)
def test_a_refused_autosave_writes_nothing(session, clock, author, stranger, arrange, fields, code):
    owner = stranger if arrange == "stranger" else author
    saved_at = clock.now() - 90 * DAY if arrange == "expired" else None
    draft = make_draft(session, owner, clock=clock, title="Kept", saved_at=saved_at)
    if arrange == "stale":
        autosave(session, author, clock, draft_id=draft.id, title="Kept", expected_version=1)
    before = written(session)

    result = autosave(session, author, clock, draft_id=draft.id, **{"title": "Lost", **fields})

    assert result.code == code
    assert written(session) == before
    assert reread(session, draft.id).title == "Kept"


def test_autosave_before_the_first_save_has_no_draft_to_write(session, clock, author):
    assert autosave(session, author, clock, draft_id="").code == ErrorCode.NOT_FOUND


# --- delete ----------------------------------------------------------------------------------


def test_deleting_a_draft_removes_it_and_writes_one_audit_row(session, clock, author):
    draft = make_draft(session, author, clock=clock, title="Short-lived")

    assert drafts.delete_draft(session, author, draft_id=draft.id, clock=clock) == Ok(None)

    assert reread(session, draft.id) is None
    [entry] = audit_of(session, AuditAction.DRAFT_DELETED)
    assert (entry.actor_id, entry.target_id, entry.target_title) == (author.user_id, draft.id, "Short-lived")
    assert entry.details == {"expired": False}


@pytest.mark.parametrize("soft_deleted", [False, True])
def test_an_expired_draft_can_still_be_deleted(session, clock, author, soft_deleted):
    draft = make_draft(
        session,
        author,
        clock=clock,
        saved_at=clock.now() - 100 * DAY,
        is_expired_draft=soft_deleted,
        soft_deleted_at=clock.now() if soft_deleted else None,
    )

    assert drafts.delete_draft(session, author, draft_id=draft.id, clock=clock).ok

    assert reread(session, draft.id) is None
    assert audit_of(session, AuditAction.DRAFT_DELETED)[0].details == {"expired": True}


def test_deleting_another_persons_draft_or_a_submitted_idea_is_not_found(session, clock, author, stranger):
    theirs = make_draft(session, stranger, clock=clock)
    submitted = make_idea(session, author, clock=clock)
    before = written(session)

    for idea_id in (theirs.id, submitted.id, "0" * 32):
        assert drafts.delete_draft(session, author, draft_id=idea_id, clock=clock) == Err(
            ErrorCode.NOT_FOUND, "Draft not found"
        )

    assert written(session) == before


def test_deleting_a_draft_that_vanished_meanwhile_is_not_found_not_an_exception(
    session, clock, author, engine, monkeypatch
):
    draft = make_draft(session, author, clock=clock)
    _meanwhile(monkeypatch, engine, lambda other, draft_id: other.exec(delete(Idea).where(Idea.id == draft_id)))

    result = drafts.delete_draft(session, author, draft_id=draft.id, clock=clock)

    assert result.code == ErrorCode.NOT_FOUND
    assert written(session) == (0, 0)


# --- submit ----------------------------------------------------------------------------------


def test_submitting_a_complete_draft_makes_it_a_submitted_idea(session, clock, author):
    draft = make_draft(session, author, clock=clock, title="Draft", saved_at=clock.now() - 10 * DAY)

    result = submit(
        session, author, clock, draft_id=draft.id, title="  Final title  ", visibility="PRIVATE", expected_version=1
    )

    assert result == Ok(draft.id)
    idea = reread(session, draft.id)
    assert idea.status == IdeaStatus.SUBMITTED
    assert (idea.title, idea.description, idea.category) == (
        "Final title",
        COMPLETE["description"],
        COMPLETE["category"],
    )
    assert idea.visibility == IdeaVisibility.PRIVATE
    assert (idea.draft_expires_at, idea.is_expired_draft, idea.soft_deleted_at) == (None, False, None)
    assert (idea.created_at, idea.updated_at) == (clock.now(), clock.now())
    [entry] = audit_of(session, AuditAction.DRAFT_SUBMITTED)
    assert (entry.actor_id, entry.target_id, entry.target_title) == (author.user_id, draft.id, "Final title")
    assert written(session) == (1, 1)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"category": None}, "category", "Category is required"),
        ({"category": "retired-category"}, "category", e.CATEGORY_INVALID),
        ({"title": "   "}, "title", "Title is required"),
        ({"title": "x" * 101}, "title", "Title must be 100 characters or fewer"),
        ({"description": ""}, "description", "Description is required"),
        ({"description": "x" * 2001}, "description", "Description must be under 2,000 characters"),
    ],
)
def test_submitting_an_incomplete_draft_is_refused_and_it_stays_a_draft(session, clock, author, fields, field, message):
    draft = make_draft(session, author, clock=clock, title="Unchanged")
    before = written(session)

    result = submit(session, author, clock, draft_id=draft.id, **fields)

    assert result == Err(ErrorCode.VALIDATION_ERROR, message, {field: message})
    assert written(session) == before
    stored = reread(session, draft.id)
    assert (stored.status, stored.title, stored.version) == (IdeaStatus.DRAFT, "Unchanged", 1)


@pytest.mark.parametrize("days", [90, 120])
def test_submitting_an_expired_draft_is_refused_with_the_submit_text(session, clock, author, days):
    draft = make_draft(session, author, clock=clock)
    clock.advance(days=days)
    before = written(session)

    result = submit(session, author, clock, draft_id=draft.id, title="")  # expiry is checked first

    assert result == Err(ErrorCode.EXPIRED, "This draft has expired and can no longer be submitted.")
    assert written(session) == before
    assert reread(session, draft.id).status == IdeaStatus.DRAFT


def test_submitting_another_persons_draft_or_an_idea_twice_is_not_found(session, clock, author, stranger):
    theirs = make_draft(session, stranger, clock=clock)
    mine = make_draft(session, author, clock=clock)
    assert submit(session, author, clock, draft_id=mine.id).ok
    before = written(session)

    assert submit(session, author, clock, draft_id=theirs.id).code == ErrorCode.NOT_FOUND
    assert submit(session, author, clock, draft_id=mine.id).code == ErrorCode.NOT_FOUND
    assert save(session, author, clock, draft_id=mine.id, title="Draft again").code == ErrorCode.NOT_FOUND
    assert written(session) == before
    assert reread(session, theirs.id).status == IdeaStatus.DRAFT


def test_submitting_from_a_stale_tab_is_a_conflict_after_validation(session, clock, author):
    draft = make_draft(session, author, clock=clock)
    autosave(session, author, clock, draft_id=draft.id, title="Other tab")

    assert (
        submit(session, author, clock, draft_id=draft.id, category=None, expected_version=1).code
        == ErrorCode.VALIDATION_ERROR
    )
    result = submit(session, author, clock, draft_id=draft.id, expected_version=1)

    assert result.code == ErrorCode.CONFLICT
    stored = reread(session, draft.id)
    assert (stored.status, stored.title) == (IdeaStatus.DRAFT, "Other tab")
    assert audit_of(session, AuditAction.DRAFT_SUBMITTED) == []


def test_a_submit_racing_the_expiry_job_is_a_conflict_not_a_half_submitted_idea(
    session, clock, author, engine, monkeypatch
):
    draft = make_draft(session, author, clock=clock)
    _meanwhile(
        monkeypatch,
        engine,
        lambda other, draft_id: other.exec(update(Idea).where(Idea.id == draft_id).values(is_expired_draft=True)),
    )

    result = submit(session, author, clock, draft_id=draft.id)

    assert result.code == ErrorCode.CONFLICT
    assert reread(session, draft.id).status == IdeaStatus.DRAFT
    assert audit_of(session, AuditAction.DRAFT_SUBMITTED) == []


# --- the Drafts tab and the edit form --------------------------------------------------------


def test_the_drafts_tab_lists_only_the_authors_drafts_newest_save_first(session, clock, author, stranger):
    old = make_draft(session, author, clock=clock, title=None, saved_at=clock.now() - 3 * DAY)
    new = make_draft(session, author, clock=clock, title="New", category="cost-reduction", saved_at=clock.now() - DAY)
    make_draft(session, stranger, clock=clock)
    make_idea(session, author, clock=clock)

    rows = draft_queries.active_drafts(session, author, clock=clock)

    assert [(r.id, r.title, r.category) for r in rows] == [(new.id, "New", "cost-reduction"), (old.id, None, None)]
    assert rows[0] == draft_queries.DraftRow(
        new.id, "New", "cost-reduction", clock.now() - DAY, clock.now() + 89 * DAY, 1
    )
    assert draft_queries.active_draft_count(session, author, clock=clock) == 2


def test_expired_drafts_are_listed_soonest_expired_first_including_soft_deleted_ones(session, clock, author):
    later = make_draft(session, author, clock=clock, saved_at=clock.now() - 91 * DAY)
    soft = make_draft(
        session,
        author,
        clock=clock,
        saved_at=clock.now() - 120 * DAY,
        is_expired_draft=True,
        soft_deleted_at=clock.now() - 30 * DAY,
    )
    make_draft(session, author, clock=clock)

    rows = draft_queries.expired_drafts(session, author, clock=clock)

    assert [r.id for r in rows] == [soft.id, later.id]


def test_the_edit_form_shows_the_draft_without_resetting_its_expiry(session, clock, author):
    draft = make_draft(
        session,
        author,
        clock=clock,
        title="T",
        description="D",
        category="cost-reduction",
        visibility=IdeaVisibility.PRIVATE,
    )
    saved_at, expires_at = clock.now(), clock.now() + 90 * DAY
    clock.advance(days=10)

    view = draft_queries.draft_for_edit(session, author, draft_id=draft.id, clock=clock).value

    assert (view.title, view.description, view.category, view.visibility) == ("T", "D", "cost-reduction", "PRIVATE")
    assert (view.version, view.is_expired, view.expiry_warning, view.expired_message) == (1, False, None, None)
    assert view.expires_at == expires_at
    stored = reread(session, draft.id)
    assert (stored.draft_expires_at, stored.updated_at, stored.version) == (expires_at, saved_at, 1)
    assert written(session) == (1, 0)


def test_another_persons_draft_is_not_found_on_the_edit_form(session, clock, author, stranger):
    draft = make_draft(session, stranger, clock=clock)

    assert draft_queries.draft_for_edit(session, author, draft_id=draft.id, clock=clock) == Err(
        ErrorCode.NOT_FOUND, "Draft not found"
    )


def test_the_expiry_warning_shows_when_less_than_7_days_are_left(session, clock, author):
    draft = make_draft(session, author, clock=clock)  # expires 15 April 2026, 09:00 UTC
    clock.advance(days=83, hours=1)

    view = draft_queries.draft_for_edit(session, author, draft_id=draft.id, clock=clock).value

    assert view.expiry_warning == ("This draft will expire on 15 April 2026. Submit it to keep it permanently.")


def test_the_expiry_warning_does_not_show_at_exactly_7_days_left(session, clock, author):
    draft = make_draft(session, author, clock=clock)
    clock.advance(days=83)

    assert draft_queries.draft_for_edit(session, author, draft_id=draft.id, clock=clock).value.expiry_warning is None


def test_an_expired_draft_opens_read_only_without_a_warning(session, clock, author):
    draft = make_draft(session, author, clock=clock)
    clock.advance(days=90)

    view = draft_queries.draft_for_edit(session, author, draft_id=draft.id, clock=clock).value

    assert (view.is_expired, view.expiry_warning) == (True, None)
    assert view.expired_message == "This draft has expired and can no longer be edited."


@pytest.mark.parametrize(
    ("arrange", "code"),
    [("stranger", ErrorCode.NOT_FOUND), ("expired", ErrorCode.EXPIRED), ("submitted", ErrorCode.NOT_FOUND)],
)
def test_an_autosave_at_the_version_held_is_refused_like_any_other(session, clock, author, stranger, arrange, code):
    """The one-statement path (the author's live draft at the version the tab holds) guards the same."""
    owner = stranger if arrange == "stranger" else author
    saved_at = clock.now() - 90 * DAY if arrange == "expired" else None
    draft = make_draft(session, owner, clock=clock, title="Kept", saved_at=saved_at)
    if arrange == "submitted":
        assert submit(
            session,
            author,
            clock,
            draft_id=draft.id,
            title="Kept",
            description="Long enough text.",
            category="process-improvement",
        ).ok
    before = written(session)

    result = autosave(
        session, author, clock, draft_id=draft.id, title="Lost", expected_version=reread(session, draft.id).version
    )

    assert result.code == code
    assert written(session) == before
    assert reread(session, draft.id).title == "Kept"


def test_autosaves_at_the_version_held_are_audited_once_and_bump_the_version(session, clock, author):
    draft = make_draft(session, author, clock=clock)
    version = draft.version
    for n in range(3):
        result = autosave(session, author, clock, draft_id=draft.id, title=f"a{n}", expected_version=version)
        assert result.ok and result.value.version == version + 1
        version = result.value.version

    stored = reread(session, draft.id)
    assert (stored.title, stored.version) == ("a2", version)
    assert stored.draft_expires_at == clock.now() + drafts.DRAFT_TTL
    assert len(audit_of(session, AuditAction.DRAFT_AUTOSAVED)) == 1


def test_an_editing_session_already_audited_is_not_looked_up_again(session, clock, author):
    draft = make_draft(session, author, clock=clock)
    first = autosave(session, author, clock, draft_id=draft.id, title="one", expected_version=draft.version)
    assert first.ok

    second = drafts.autosave_draft(
        session,
        author,
        IdeaIn(title="two", description=None, category=None, visibility=None),
        draft_id=draft.id,
        editing_session_id="tab-1",
        expected_version=first.value.version,
        already_audited=True,
        clock=clock,
    )

    assert second.ok and reread(session, draft.id).title == "two"
    assert len(audit_of(session, AuditAction.DRAFT_AUTOSAVED)) == 1


def test_the_first_attempt_of_an_editing_session_writes_its_audit_row_and_a_retry_after_it_does_not(
    session, clock, author
):
    """A first attempt cannot find an earlier row of its session, so it writes one without looking;
    a retry of that session (the reply was lost) looks, finds it, and writes none."""
    draft = make_draft(session, author, clock=clock)
    first = drafts.autosave_draft(
        session,
        author,
        IdeaIn(title="one", description=None, category=None, visibility=None),
        draft_id=draft.id,
        editing_session_id="tab-9",
        expected_version=draft.version,
        first_attempt=True,
        clock=clock,
    )
    assert first.ok
    retry = drafts.autosave_draft(
        session,
        author,
        IdeaIn(title="two", description=None, category=None, visibility=None),
        draft_id=draft.id,
        editing_session_id="tab-9",
        expected_version=first.value.version,
        clock=clock,
    )

    assert retry.ok and reread(session, draft.id).title == "two"
    [row] = audit_of(session, AuditAction.DRAFT_AUTOSAVED)
    assert row.details["editingSession"] == "tab-9"
