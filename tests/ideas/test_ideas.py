"""Submitting, listing, viewing and deleting ideas (SPEC §3, ORIGINS C5–C8, F 9–12)."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from sqlmodel import select

from tests.core.helpers import count_rows
from tests.factories import audit_rows, make_actor, make_idea
from tests.ideas import review_helpers
from workflow_app.core import errors as e
from workflow_app.core.errors import ErrorCode
from workflow_app.ideas.domain import idea_queries, ideas
from workflow_app.ideas.domain.idea_rules import IdeaIn
from workflow_app.models import AuditAction, AuditLog, Idea, IdeaReview, IdeaStatus, IdeaVisibility, Role

VALID = dict(title="Bike racks", description="Put bike racks by the entrance.", category="cost-reduction")


def submit(session, clock, actor, **overrides):
    return ideas.submit_idea(session, actor, IdeaIn(**{**VALID, **overrides}), clock=clock)


# --- submit ---------------------------------------------------------------------------------


def test_submitting_creates_a_submitted_idea_with_an_audit_row(session, clock):
    author = make_actor(session)

    result = submit(session, clock, author, title="  Bike racks  ", visibility="PRIVATE")

    assert result.ok
    idea = session.get(Idea, result.value)
    assert (idea.title, idea.status, idea.visibility) == ("Bike racks", IdeaStatus.SUBMITTED, IdeaVisibility.PRIVATE)
    assert idea.author_id == author.user_id and idea.draft_expires_at is None
    [entry] = audit_rows(session)
    assert (entry.action, entry.target_id, entry.actor_id) == (AuditAction.IDEA_CREATED, idea.id, author.user_id)
    # ORIGINS B: IDEA_CREATED carries {ideaTitle, visibility}; the category is kept for the audit sentence.
    assert entry.details == {"ideaTitle": "Bike racks", "visibility": "PRIVATE", "category": "cost-reduction"}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": "   "}, "title", e.TITLE_REQUIRED),
        ({"title": "x" * 101}, "title", e.TITLE_TOO_LONG),
        ({"description": ""}, "description", e.DESCRIPTION_REQUIRED),
        ({"description": "x" * 2001}, "description", e.DESCRIPTION_TOO_LONG),
        ({"category": ""}, "category", e.CATEGORY_REQUIRED),
        ({"category": "space-travel"}, "category", e.CATEGORY_INVALID),
        ({"visibility": "SECRET"}, "visibility", e.VISIBILITY_INVALID),
    ],
)
def test_an_invalid_field_is_refused_with_its_text_and_nothing_is_written(session, clock, overrides, field, message):
    author = make_actor(session)

    result = submit(session, clock, author, **overrides)

    assert result.code == ErrorCode.VALIDATION_ERROR
    assert result.field_errors[field] == message
    assert count_rows(session, Idea) == 0 and audit_rows(session) == []


def test_the_limits_are_inclusive(session, clock):
    author = make_actor(session)

    assert submit(session, clock, author, title="x" * 100, description="y" * 2000).ok


def test_a_second_submission_within_a_minute_is_refused_then_allowed(session, clock):
    author = make_actor(session)
    assert submit(session, clock, author).ok

    clock.advance(seconds=59)
    second = submit(session, clock, author, title="Another")
    clock.advance(seconds=2)
    third = submit(session, clock, author, title="Another")

    assert second.code == ErrorCode.SUBMIT_RATE_LIMITED
    assert second.message == "Too many submissions. Please try again in 1 second."
    assert third.ok
    assert count_rows(session, Idea) == 2


@pytest.mark.parametrize(
    ("waited", "message"),
    [
        (timedelta(0), "Too many submissions. Please try again in 60 seconds."),
        (timedelta(seconds=18), "Too many submissions. Please try again in 42 seconds."),
        (timedelta(seconds=58, milliseconds=500), "Too many submissions. Please try again in 2 seconds."),
        (timedelta(seconds=59, microseconds=1), "Too many submissions. Please try again in 1 second."),
    ],
)
def test_the_submission_limit_says_when_to_try_again(session, clock, waited, message):
    """ORIGINS C5 / F 9: "Too many submissions" with the retry time, rounded up to whole seconds."""
    author = make_actor(session)
    assert submit(session, clock, author).ok
    clock.advance(seconds=waited.total_seconds())

    refused = submit(session, clock, author, title="Another")

    assert (refused.code, refused.message) == (ErrorCode.SUBMIT_RATE_LIMITED, message)
    assert count_rows(session, Idea) == 1


def test_the_submission_limit_is_per_person(session, clock):
    assert submit(session, clock, make_actor(session)).ok
    assert submit(session, clock, make_actor(session)).ok


# --- list -----------------------------------------------------------------------------------


def _titles(page):
    return [item.title for item in page.items]


def test_a_submitter_sees_public_ideas_and_their_own_private_ones_never_drafts(session, clock):
    me, other = make_actor(session), make_actor(session)
    make_idea(session, other, title="Other public")
    make_idea(session, other, title="Other private", visibility=IdeaVisibility.PRIVATE)
    make_idea(session, me, title="My private", visibility=IdeaVisibility.PRIVATE)
    make_idea(session, me, title="My draft", status=IdeaStatus.DRAFT)

    page = idea_queries.list_ideas(session, me).value

    assert sorted(_titles(page)) == ["My private", "Other public"]
    assert page.total == 2


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SUPERADMIN])
def test_admins_see_every_idea_but_no_drafts(session, clock, role):
    other = make_actor(session)
    make_idea(session, other, title="Public")
    make_idea(session, other, title="Private", visibility=IdeaVisibility.PRIVATE)
    make_idea(session, other, title="Draft", status=IdeaStatus.DRAFT)

    page = idea_queries.list_ideas(session, make_actor(session, role=role)).value

    assert sorted(_titles(page)) == ["Private", "Public"]


def test_the_list_is_newest_first_twenty_a_page(session, clock):
    author = make_actor(session)
    start = clock.now()
    for n in range(45):
        make_idea(session, author, title=f"Idea {n:02d}", created_at=start + timedelta(minutes=n))

    first = idea_queries.list_ideas(session, author).value
    third = idea_queries.list_ideas(session, author, page=3).value
    beyond = idea_queries.list_ideas(session, author, page=9).value

    assert _titles(first)[:2] == ["Idea 44", "Idea 43"] and len(first.items) == 20
    assert (first.total, first.total_pages, first.has_next, first.has_previous) == (45, 3, True, False)
    assert _titles(third) == [f"Idea {n:02d}" for n in range(4, -1, -1)]
    assert beyond.items == [] and beyond.page == 9


@pytest.mark.parametrize("page", [0, -3, "abc", None])
def test_a_nonsense_page_number_is_the_first_page(session, clock, page):
    author = make_actor(session)
    make_idea(session, author)

    assert idea_queries.list_ideas(session, author, page=page).value.page == 1


def test_the_category_filter_keeps_only_that_category(session, clock):
    author = make_actor(session)
    make_idea(session, author, title="Cheap", category="cost-reduction")
    make_idea(session, author, title="Nice", category="employee-experience")

    page = idea_queries.list_ideas(session, author, category="cost-reduction").value

    assert _titles(page) == ["Cheap"]
    assert page.items[0].category_label == "Cost Reduction"


def test_an_unknown_category_filter_is_a_validation_error(session, clock):
    result = idea_queries.list_ideas(session, make_actor(session), category="nope")

    assert result.code == ErrorCode.VALIDATION_ERROR


# --- detail ---------------------------------------------------------------------------------


def test_the_detail_shows_the_idea_with_its_author(session, clock):
    author = make_actor(session, display_name="Avery")
    idea = make_idea(session, author)

    detail = idea_queries.idea_detail(session, make_actor(session), idea_id=idea.id).value

    assert detail.summary.author_name == "Avery"
    assert detail.review is None and not detail.is_author and not detail.can_delete


@pytest.mark.parametrize("case", ["missing", "others_private", "others_draft", "own_draft"])
def test_missing_and_hidden_ideas_look_the_same(session, clock, case):
    me, other = make_actor(session), make_actor(session)
    idea_id = {
        "missing": "does-not-exist",
        "others_private": make_idea(session, other, visibility=IdeaVisibility.PRIVATE).id,
        "others_draft": make_idea(session, other, status=IdeaStatus.DRAFT).id,
        "own_draft": make_idea(session, me, status=IdeaStatus.DRAFT).id,
    }[case]

    result = idea_queries.idea_detail(session, me, idea_id=idea_id)

    assert (result.code, result.message) == (ErrorCode.IDEA_NOT_FOUND, "Idea not found.")


def test_the_detail_carries_the_decision_once_reviewed(session, clock):
    author = make_actor(session)
    admin = make_actor(session, role=Role.ADMIN, display_name="Rita Reviewer")
    idea = make_idea(session, author, status=IdeaStatus.ACCEPTED)
    session.add(
        IdeaReview(
            idea_id=idea.id,
            reviewer_id=admin.user_id,
            decision="ACCEPTED",
            comment="Great, let's do it.",
            started_at=clock.now(),
            decided_at=clock.now(),
        )
    )
    session.commit()

    detail = idea_queries.idea_detail(session, author, idea_id=idea.id).value

    assert detail.review.decision == "ACCEPTED"
    assert detail.review.reviewer_name == "Rita Reviewer"
    assert detail.review.comment == "Great, let's do it."


# --- my ideas -------------------------------------------------------------------------------


def test_my_ideas_lists_only_my_non_draft_ideas_newest_first(session, clock):
    me, other = make_actor(session), make_actor(session)
    make_idea(session, me, title="Older", created_at=clock.now())
    make_idea(
        session, me, title="Newer", visibility=IdeaVisibility.PRIVATE, created_at=clock.now() + timedelta(hours=1)
    )
    make_idea(session, me, title="Draft", status=IdeaStatus.DRAFT)
    make_idea(session, other, title="Theirs")

    assert [i.title for i in idea_queries.my_submitted_ideas(session, me)] == ["Newer", "Older"]


def test_my_ideas_of_one_status_are_what_a_count_on_home_links_to(session, clock):
    me, other = make_actor(session), make_actor(session)
    make_idea(session, me, title="Taken", status=IdeaStatus.ACCEPTED, created_at=clock.now())
    make_idea(session, me, title="Taken later", status=IdeaStatus.ACCEPTED, created_at=clock.now() + timedelta(hours=1))
    make_idea(session, me, title="Waiting", status=IdeaStatus.SUBMITTED)
    make_idea(session, me, title="Draft", status=IdeaStatus.DRAFT)
    make_idea(session, other, title="Theirs", status=IdeaStatus.ACCEPTED)

    def titles(status):
        return [i.title for i in idea_queries.my_submitted_ideas(session, me, status=status)]

    assert titles(IdeaStatus.ACCEPTED) == ["Taken later", "Taken"]
    assert titles(IdeaStatus.SUBMITTED) == ["Waiting"]
    assert titles(IdeaStatus.REJECTED) == []
    assert titles(IdeaStatus.DRAFT) == []  # drafts are listed on the Drafts tab, never here


def test_the_list_my_ideas_and_the_detail_give_the_same_summary_field_for_field(session, clock):
    """The lists build summaries from columns (positionally, for speed); each field must be what
    the detail page builds from the entity: UTC times, values of the enums, the labels."""
    me = make_actor(session, display_name="Mia Author")
    when = clock.now().replace(microsecond=123456)
    make_idea(session, me, title="", category=None, visibility=IdeaVisibility.PRIVATE, created_at=when)
    idea = make_idea(session, me, title="Bike racks", category="cost-reduction", status=IdeaStatus.ACCEPTED)

    listed = {s.id: s for s in idea_queries.list_ideas(session, me).value.items}
    mine = {s.id: s for s in idea_queries.my_submitted_ideas(session, me)}

    assert listed == mine and len(mine) == 2
    for summary in mine.values():
        assert summary == idea_queries.idea_detail(session, me, idea_id=summary.id).value.summary
    [untitled] = [s for s in mine.values() if s.id != idea.id]
    assert (untitled.title, untitled.author_name, untitled.category, untitled.category_label) == (
        "Untitled",
        "Mia Author",
        "",
        "No category",
    )
    assert (untitled.status, untitled.visibility, untitled.created_at) == ("SUBMITTED", "PRIVATE", when)
    assert untitled.created_at.tzinfo is UTC
    assert (mine[idea.id].status, mine[idea.id].visibility, mine[idea.id].category_label) == (
        "ACCEPTED",
        "PUBLIC",
        "Cost Reduction",
    )


# --- delete ---------------------------------------------------------------------------------


def test_the_author_deletes_a_submitted_idea_after_typing_their_name(session, clock):
    author = make_actor(session, display_name="Dana")
    idea = make_idea(session, author)

    result = ideas.delete_idea(session, author, idea_id=idea.id, confirmation=" Dana ", clock=clock)

    assert result.ok
    assert session.exec(select(Idea).where(Idea.id == idea.id)).first() is None
    [entry] = audit_rows(session)
    assert (entry.action, entry.target_id, entry.target_title) == (AuditAction.IDEA_DELETED, idea.id, idea.title)
    # ORIGINS B: IDEA_DELETED carries {ideaTitle, deletedByRole}; the status is kept for the audit sentence.
    assert entry.details == {"ideaTitle": idea.title, "deletedByRole": "SUBMITTER", "status": "SUBMITTED"}


@pytest.mark.parametrize("typed", ["", "dana", "Dan", "Dana!"])
def test_a_wrong_confirmation_deletes_nothing(session, clock, typed):
    author = make_actor(session, display_name="Dana")
    idea = make_idea(session, author)

    result = ideas.delete_idea(session, author, idea_id=idea.id, confirmation=typed, clock=clock)

    assert result.code == ErrorCode.VALIDATION_ERROR
    assert count_rows(session, Idea) == 1 and audit_rows(session) == []


@pytest.mark.parametrize("status", [IdeaStatus.UNDER_REVIEW, IdeaStatus.ACCEPTED, IdeaStatus.REJECTED])
def test_the_author_cannot_delete_once_review_has_begun(session, clock, status):
    author = make_actor(session, display_name="Dana")
    idea = make_idea(session, author, status=status)

    result = ideas.delete_idea(session, author, idea_id=idea.id, confirmation="Dana", clock=clock)

    assert result.code == ErrorCode.FORBIDDEN_ROLE
    assert count_rows(session, Idea) == 1 and audit_rows(session) == []


def test_another_submitter_cannot_delete_a_public_idea(session, clock):
    idea = make_idea(session, make_actor(session))
    other = make_actor(session)

    result = ideas.delete_idea(session, other, idea_id=idea.id, confirmation=other.display_name, clock=clock)

    assert result.code == ErrorCode.FORBIDDEN_ROLE
    assert count_rows(session, Idea) == 1


def test_a_hidden_idea_is_not_found_for_deletion(session, clock):
    idea = make_idea(session, make_actor(session), visibility=IdeaVisibility.PRIVATE)

    result = ideas.delete_idea(session, make_actor(session), idea_id=idea.id, clock=clock)

    assert result.code == ErrorCode.IDEA_NOT_FOUND


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SUPERADMIN])
@pytest.mark.parametrize("status", [IdeaStatus.SUBMITTED, IdeaStatus.UNDER_REVIEW, IdeaStatus.REJECTED])
def test_admins_delete_any_idea_in_any_state_with_its_review(session, clock, role, status):
    author, admin = make_actor(session), make_actor(session, role=role)
    idea = make_idea(session, author, status=status, visibility=IdeaVisibility.PRIVATE)
    if status != IdeaStatus.SUBMITTED:
        session.add(IdeaReview(idea_id=idea.id, reviewer_id=admin.user_id, started_at=clock.now()))
        session.commit()

    title = idea.title

    result = ideas.delete_idea(session, admin, idea_id=idea.id, clock=clock)

    assert result.ok
    assert count_rows(session, Idea) == 0 and count_rows(session, IdeaReview) == 0
    [entry] = session.exec(select(AuditLog)).all()
    assert (entry.action, entry.actor_id) == (AuditAction.IDEA_DELETED, admin.user_id)
    assert entry.details == {"ideaTitle": title, "deletedByRole": role.value, "status": status.value}


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SUPERADMIN])
def test_an_admin_deleting_their_own_idea_types_their_name_like_any_author(session, clock, role):
    admin = make_actor(session, role=role, display_name="Avery")
    idea = make_idea(session, admin)

    refused = ideas.delete_idea(session, admin, idea_id=idea.id, clock=clock)
    assert refused.code == ErrorCode.VALIDATION_ERROR and count_rows(session, Idea) == 1
    assert ideas.delete_idea(session, admin, idea_id=idea.id, confirmation="Avery", clock=clock).ok


def test_the_detail_says_who_must_type_their_name_to_delete(session, clock):
    author, admin = make_actor(session), make_actor(session, role=Role.ADMIN)
    idea = make_idea(session, author)

    for actor, must in ((author, True), (admin, False)):
        assert idea_queries.idea_detail(session, actor, idea_id=idea.id).value.must_confirm_delete is must


# --- delete: the whole permission table -------------------------------------------------------


def _expected_delete(role: Role, own: bool, status: IdeaStatus) -> ErrorCode | None:
    if status == IdeaStatus.DRAFT:
        return ErrorCode.IDEA_NOT_FOUND  # drafts are deleted from the Drafts tab, never from here
    if role in (Role.ADMIN, Role.SUPERADMIN):
        return None
    return None if own and status == IdeaStatus.SUBMITTED else ErrorCode.FORBIDDEN_ROLE


@pytest.mark.parametrize("status", list(IdeaStatus))
@pytest.mark.parametrize("own", [True, False], ids=["own", "others"])
@pytest.mark.parametrize("role", list(Role))
def test_delete_follows_the_permission_table(session, clock, role, own, status):
    actor = make_actor(session, role=role, display_name="Pat")
    author = actor if own else make_actor(session)
    idea = make_idea(session, author, status=status)

    result = ideas.delete_idea(session, actor, idea_id=idea.id, confirmation="Pat", clock=clock)

    expected = _expected_delete(role, own, status)
    assert (result.ok, getattr(result, "code", None)) == (expected is None, expected)
    assert count_rows(session, Idea) == (0 if expected is None else 1)
    assert len(audit_rows(session)) == (1 if expected is None else 0)


@pytest.mark.parametrize("viewer", ["author", "stranger", "admin"])
@pytest.mark.parametrize("category", ["", "cost-reduction"])
def test_the_list_pages_through_exactly_what_visible_to_allows_newest_first(session, clock, viewer, category):
    """The list reads PUBLIC and PRIVATE as two ranges and merges them; paged through, it must
    hold what the one rule (`ideas.visible_to`) allows, in order, each idea once."""
    author, stranger = make_actor(session), make_actor(session)
    admin = make_actor(session, role=Role.ADMIN)
    start = clock.now()
    for i in range(23):
        review_helpers.make_idea(
            session,
            author if i % 3 else stranger,
            status=IdeaStatus.DRAFT if i % 7 == 0 else IdeaStatus.SUBMITTED,
            visibility=IdeaVisibility.PRIVATE if i % 2 else IdeaVisibility.PUBLIC,
            category="cost-reduction" if i % 4 else "process-improvement",
            created_at=start - timedelta(hours=i // 2),  # pairs share a moment: ties by id
        )
    session.commit()
    actor = {"author": author, "stranger": stranger, "admin": admin}[viewer]

    shown, page = [], 1
    while True:
        listing = idea_queries.list_ideas(session, actor, page=page, category=category, page_size=4).value
        shown += [item.id for item in listing.items]
        if not listing.has_next:
            break
        page += 1

    allowed = select(Idea.id).where(ideas.visible_to(actor))
    if category:
        allowed = allowed.where(Idea.category == category)
    expected = list(session.exec(allowed.order_by(Idea.created_at.desc(), Idea.id.desc())).all())
    assert shown == expected and len(expected) > 4
    assert listing.total == len(expected) and not listing.more
