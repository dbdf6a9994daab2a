"""Reviewing ideas: start, finalize, abandon and the review page (seed 003, ORIGINS C10, F 24–29)."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, delete

from tests.factories import make_actor
from tests.ideas.review_helpers import (
    GOOD_COMMENT,
    audit_for,
    fresh,
    make_claim,
    make_idea,
    notifications_for,
    review_of,
    written,
)
from workflow_app.core import errors as e
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok
from workflow_app.ideas.domain import review_queries, reviews
from workflow_app.ideas.domain.events import IdeaDecided
from workflow_app.models import AuditAction, Idea, IdeaReview, IdeaStatus, ReviewDecision, Role
from workflow_app.notifications.deliver import deliver

S = IdeaStatus
C = ErrorCode


@pytest.fixture
def author(session):
    return make_actor(session, role=Role.SUBMITTER, display_name="Sam Author")


@pytest.fixture
def admin(session):
    return make_actor(session, role=Role.ADMIN, display_name="Ada Admin")


@pytest.fixture
def other_admin(session):
    return make_actor(session, role=Role.ADMIN, display_name="Otto Admin")


@pytest.fixture
def superadmin(session):
    return make_actor(session, role=Role.SUPERADMIN, display_name="Sol Super")


def start(session, clock, actor, idea_id):
    return reviews.start_review(session, actor, idea_id=idea_id, clock=clock)


def finalize(session, clock, actor, idea_id, decision="ACCEPTED", comment=GOOD_COMMENT):
    return reviews.finalize_review(session, actor, idea_id=idea_id, decision=decision, comment=comment, clock=clock)


def abandon(session, clock, actor, idea_id):
    return reviews.abandon_review(session, actor, idea_id=idea_id, clock=clock)


def snapshot(session, idea_id):
    """Everything a refused command must leave as it was."""
    idea = fresh(session, Idea, idea_id)
    review = review_of(session, idea_id)
    review_state = (review.reviewer_id, review.decision, review.comment) if review else None
    idea_state = (idea.status, idea.version, idea.updated_at) if idea else None
    return written(session), idea_state, review_state


def assert_refused(result, code, message=None):
    assert isinstance(result, Err), result
    assert result.code == code
    assert result.message == (message or e.MESSAGES[code])


# --- start ------------------------------------------------------------------------------------


def test_an_admin_starts_a_review_and_the_idea_moves_under_review(session, clock, author, admin):
    idea = make_idea(session, author, title="Bike racks")
    clock.advance(hours=2)

    result = start(session, clock, admin, idea.id)

    assert result == Ok(idea.id)
    stored = fresh(session, Idea, idea.id)
    assert (stored.status, stored.version, stored.updated_at) == (S.UNDER_REVIEW, 2, clock.now())
    review = review_of(session, idea.id)
    assert (review.reviewer_id, review.started_at, review.decision, review.comment) == (
        admin.user_id,
        clock.now(),
        None,
        None,
    )
    [entry] = audit_for(session, AuditAction.IDEA_REVIEW_STARTED)
    assert (entry.actor_id, entry.actor_name, entry.target_type, entry.target_id, entry.target_title) == (
        admin.user_id,
        "Ada Admin",
        "idea",
        idea.id,
        "Bike racks",
    )
    assert entry.created_at == clock.now()


def test_a_second_admin_starting_is_told_the_idea_is_already_under_review(session, clock, author, admin, other_admin):
    idea = make_idea(session, author)
    assert start(session, clock, admin, idea.id).ok
    before = snapshot(session, idea.id)

    result = start(session, clock, other_admin, idea.id)

    assert_refused(result, C.ALREADY_UNDER_REVIEW, "This idea is already under review by another admin.")
    assert snapshot(session, idea.id) == before
    assert review_of(session, idea.id).reviewer_id == admin.user_id


@pytest.mark.parametrize(
    ("case", "code", "message"),
    [
        ("submitter", C.FORBIDDEN_ROLE, "You don't have permission to perform this action."),
        ("missing", C.IDEA_NOT_FOUND, "Idea not found."),
        ("draft", C.IDEA_NOT_FOUND, "Idea not found."),
        ("own draft", C.INVALID_STATE, "Draft ideas cannot be reviewed."),
        ("own idea", C.SELF_REVIEW_FORBIDDEN, "You cannot review your own idea."),
        ("under review", C.ALREADY_UNDER_REVIEW, "This idea is already under review by another admin."),
        ("accepted", C.INVALID_STATE, "This idea cannot be reviewed in its current state."),
        ("rejected", C.INVALID_STATE, "This idea cannot be reviewed in its current state."),
    ],
)
def test_starting_a_review_is_refused_with_the_documented_code_and_nothing_is_written(
    session, clock, author, admin, other_admin, case, code, message
):
    actor, idea_author = admin, author
    status = {
        "draft": S.DRAFT,
        "own draft": S.DRAFT,
        "under review": S.UNDER_REVIEW,
        "accepted": S.ACCEPTED,
        "rejected": S.REJECTED,
    }.get(case, S.SUBMITTED)
    if case == "submitter":
        actor = make_actor(session, role=Role.SUBMITTER)
    if case in ("own idea", "own draft"):
        idea_author = admin
    idea = make_idea(session, idea_author, status=status, reviewer=other_admin)
    idea_id = "no-such-idea" if case == "missing" else idea.id
    before = snapshot(session, idea.id)

    result = start(session, clock, actor, idea_id)

    assert_refused(result, code, message)
    assert snapshot(session, idea.id) == before


def test_a_leftover_claim_row_makes_the_start_lose_and_rolls_everything_back(
    session, clock, author, admin, other_admin
):
    idea = make_idea(session, author)
    make_claim(session, idea, other_admin)  # inconsistent on purpose: SUBMITTED, yet claimed
    before = snapshot(session, idea.id)

    result = start(session, clock, admin, idea.id)

    assert_refused(result, C.ALREADY_UNDER_REVIEW)
    assert snapshot(session, idea.id) == before
    assert fresh(session, Idea, idea.id).status == S.SUBMITTED


def test_an_admin_acting_on_a_stale_page_loses_the_compare_and_set(engine, session, clock, author, admin, other_admin):
    idea = make_idea(session, author)
    session.get(Idea, idea.id)  # this session now remembers the idea as SUBMITTED
    with Session(engine) as elsewhere:
        assert start(elsewhere, clock, other_admin, idea.id).ok
    counts = written(session)

    result = start(session, clock, admin, idea.id)

    assert_refused(result, C.ALREADY_UNDER_REVIEW)
    assert written(session) == counts
    assert review_of(session, idea.id).reviewer_id == other_admin.user_id
    assert fresh(session, Idea, idea.id).version == 2


# --- finalize ---------------------------------------------------------------------------------


@pytest.mark.parametrize("decision", [ReviewDecision.ACCEPTED, ReviewDecision.REJECTED])
def test_the_claim_holder_decides_with_a_trimmed_comment(session, clock, author, admin, decision):
    idea = make_idea(session, author, title="Bike racks")
    start(session, clock, admin, idea.id)
    clock.advance(hours=1)

    result = finalize(session, clock, admin, idea.id, decision=decision, comment="   " + GOOD_COMMENT + "\n ")

    assert result == Ok(decision)
    stored = fresh(session, Idea, idea.id)
    assert (stored.status, stored.version, stored.updated_at) == (S(decision.value), 3, clock.now())
    review = review_of(session, idea.id)
    assert (review.decision, review.comment, review.decided_at) == (decision, GOOD_COMMENT, clock.now())
    [entry] = audit_for(session, AuditAction.IDEA_REVIEWED)
    assert (entry.actor_id, entry.target_id, entry.target_title) == (admin.user_id, idea.id, "Bike racks")
    assert entry.details == {"decision": decision.value, "commentSummary": GOOD_COMMENT}


def test_the_decision_may_be_given_as_text_in_any_case(session, clock, author, admin):
    idea = make_idea(session, author)
    start(session, clock, admin, idea.id)

    assert finalize(session, clock, admin, idea.id, decision=" rejected ") == Ok(ReviewDecision.REJECTED)
    assert fresh(session, Idea, idea.id).status == S.REJECTED


def test_the_audit_summary_keeps_the_first_100_characters_of_the_comment(session, clock, author, admin):
    idea = make_idea(session, author)
    start(session, clock, admin, idea.id)
    comment = "".join(str(i % 10) for i in range(300))

    finalize(session, clock, admin, idea.id, comment=comment)

    [entry] = audit_for(session, AuditAction.IDEA_REVIEWED)
    assert entry.details["commentSummary"] == comment[:100]
    assert review_of(session, idea.id).comment == comment


@pytest.mark.parametrize("decision", [ReviewDecision.ACCEPTED, ReviewDecision.REJECTED])
def test_the_author_gets_an_in_app_notification_of_the_decision_once_it_is_delivered(
    session, clock, author, admin, decision
):
    idea = make_idea(session, author, title="Bike racks")
    start(session, clock, admin, idea.id)

    result = finalize(session, clock, admin, idea.id, decision=decision)

    told = IdeaDecided(idea.id, author_id=author.user_id, title="Bike racks", decision=decision, comment=GOOD_COMMENT)
    assert result.events == (told,)
    assert notifications_for(session, author.user_id) == []  # the command notifies nobody itself
    deliver(session, result.events, clock=clock)  # what the gateway does after the commit
    verb = decision.value.lower()
    [notice] = notifications_for(session, author.user_id)
    assert (notice.kind, notice.title, notice.link) == (
        f"idea.{verb}",
        f'Your idea "Bike racks" was {verb}',
        f"/ideas/{idea.id}",
    )
    assert GOOD_COMMENT in notice.body
    assert notice.read_at is None and notice.created_at == clock.now()
    assert notifications_for(session, admin.user_id) == []


@pytest.mark.parametrize(
    ("comment", "outcome"),
    [
        ("x" * 9, C.COMMENT_REQUIRED),
        ("  " + "x" * 9 + "  ", C.COMMENT_REQUIRED),
        ("x" * 10, None),
        ("\t" + "x" * 10 + "   ", None),
        ("x" * 2000, None),
        ("  " + "x" * 2000 + "  ", None),
        ("x" * 2001, C.VALIDATION_ERROR),
        ("   \t\n  ", C.COMMENT_REQUIRED),
        ("", C.COMMENT_REQUIRED),
        (None, C.COMMENT_REQUIRED),
    ],
    ids=["9", "9-padded", "10", "10-padded", "2000", "2000-padded", "2001", "whitespace", "empty", "none"],
)
def test_the_comment_must_hold_10_to_2000_characters_after_trimming(session, clock, author, admin, comment, outcome):
    idea = make_idea(session, author)
    start(session, clock, admin, idea.id)
    before = snapshot(session, idea.id)

    result = finalize(session, clock, admin, idea.id, comment=comment)

    if outcome is None:
        assert result == Ok(ReviewDecision.ACCEPTED)
        assert review_of(session, idea.id).comment == comment.strip()
        return
    expected = {
        C.COMMENT_REQUIRED: "A comment is required (minimum 10 characters).",
        C.VALIDATION_ERROR: "Comment must be 2,000 characters or fewer.",
    }[outcome]
    assert result == Err(outcome, expected, {"comment": expected})
    assert snapshot(session, idea.id) == before


def test_an_unknown_decision_is_refused(session, clock, author, admin):
    idea = make_idea(session, author)
    start(session, clock, admin, idea.id)
    before = snapshot(session, idea.id)

    result = finalize(session, clock, admin, idea.id, decision="MAYBE")

    assert_refused(result, C.VALIDATION_ERROR, "Choose Accept or Reject.")
    assert snapshot(session, idea.id) == before


@pytest.mark.parametrize(
    ("case", "code", "message"),
    [
        ("submitter", C.FORBIDDEN_ROLE, "You don't have permission to perform this action."),
        ("short comment", C.COMMENT_REQUIRED, "A comment is required (minimum 10 characters)."),
        ("missing", C.IDEA_NOT_FOUND, "Idea not found."),
        ("draft", C.IDEA_NOT_FOUND, "Idea not found."),
        ("own draft", C.INVALID_STATE, "Draft ideas cannot be reviewed."),
        ("own idea", C.SELF_REVIEW_FORBIDDEN, "You cannot review your own idea."),
        ("accepted", C.ALREADY_REVIEWED, "This idea has already been reviewed."),
        ("rejected", C.ALREADY_REVIEWED, "This idea has already been reviewed."),
        ("submitted", C.INVALID_STATE, "This idea is not currently under review."),
        ("claim row missing", C.REVIEW_NOT_FOUND, e.MESSAGES[C.REVIEW_NOT_FOUND]),
        ("someone else's claim", C.FORBIDDEN_ROLE, "You don't have permission to perform this action."),
    ],
)
def test_finalizing_is_refused_with_the_documented_code_and_nothing_is_written(
    session, clock, author, admin, other_admin, case, code, message
):
    actor, idea_author, holder = admin, author, admin
    status = {
        "draft": S.DRAFT,
        "own draft": S.DRAFT,
        "accepted": S.ACCEPTED,
        "rejected": S.REJECTED,
        "submitted": S.SUBMITTED,
    }.get(case, S.UNDER_REVIEW)
    if case == "submitter":
        actor = make_actor(session, role=Role.SUBMITTER)
    if case in ("own idea", "own draft"):
        idea_author, holder = admin, other_admin
    if case == "someone else's claim":
        holder = other_admin
    idea = make_idea(session, idea_author, status=status, reviewer=holder)
    if case == "claim row missing":
        session.exec(delete(IdeaReview).where(IdeaReview.idea_id == idea.id))
        session.commit()
    idea_id = "no-such-idea" if case == "missing" else idea.id
    comment = "too short" if case == "short comment" else GOOD_COMMENT
    before = snapshot(session, idea.id)

    result = finalize(session, clock, actor, idea_id, comment=comment)

    assert_refused(result, code, message)
    assert snapshot(session, idea.id) == before


def test_deciding_again_is_refused_as_already_reviewed(session, clock, author, admin):
    idea = make_idea(session, author)
    start(session, clock, admin, idea.id)
    assert finalize(session, clock, admin, idea.id, decision="ACCEPTED").ok
    before = snapshot(session, idea.id)

    for decision in ("ACCEPTED", "REJECTED"):
        result = finalize(session, clock, admin, idea.id, decision=decision, comment="Changed my mind after all.")

        assert_refused(result, C.ALREADY_REVIEWED, "This idea has already been reviewed.")
    assert snapshot(session, idea.id) == before
    assert review_of(session, idea.id).decision == ReviewDecision.ACCEPTED


def test_another_admin_cannot_finalize_someone_elses_claim_but_a_superadmin_can(
    session, clock, author, admin, other_admin, superadmin
):
    idea = make_idea(session, author)
    start(session, clock, admin, idea.id)
    before = snapshot(session, idea.id)

    assert_refused(finalize(session, clock, other_admin, idea.id), C.FORBIDDEN_ROLE)
    assert snapshot(session, idea.id) == before

    assert finalize(session, clock, superadmin, idea.id, decision="REJECTED") == Ok(ReviewDecision.REJECTED)
    assert fresh(session, Idea, idea.id).status == S.REJECTED
    review = review_of(session, idea.id)
    assert (review.reviewer_id, review.decision) == (admin.user_id, ReviewDecision.REJECTED)
    [entry] = audit_for(session, AuditAction.IDEA_REVIEWED)
    assert entry.actor_id == superadmin.user_id


def test_a_finalize_from_a_stale_page_loses_to_the_decision_already_taken(
    engine, session, clock, author, admin, superadmin
):
    idea = make_idea(session, author)
    start(session, clock, admin, idea.id)
    session.get(Idea, idea.id)  # remembered as UNDER_REVIEW
    session.get(IdeaReview, review_of(session, idea.id).id)
    with Session(engine) as elsewhere:
        assert finalize(elsewhere, clock, superadmin, idea.id, decision="REJECTED").ok
    counts = written(session)

    result = finalize(session, clock, admin, idea.id, decision="ACCEPTED")

    assert_refused(result, C.ALREADY_REVIEWED)
    assert written(session) == counts
    assert fresh(session, Idea, idea.id).status == S.REJECTED
    assert review_of(session, idea.id).decision == ReviewDecision.REJECTED


# --- abandon ----------------------------------------------------------------------------------


def test_a_superadmin_abandons_a_review_and_the_idea_returns_to_the_queue(session, clock, author, admin, superadmin):
    idea = make_idea(session, author, title="Bike racks")
    start(session, clock, admin, idea.id)
    clock.advance(days=3)

    result = abandon(session, clock, superadmin, idea.id)

    assert result == Ok(idea.id)
    stored = fresh(session, Idea, idea.id)
    assert (stored.status, stored.version, stored.updated_at) == (S.SUBMITTED, 3, clock.now())
    assert review_of(session, idea.id) is None
    [entry] = audit_for(session, AuditAction.IDEA_REVIEW_ABANDONED)
    assert (entry.actor_id, entry.target_id, entry.target_title) == (superadmin.user_id, idea.id, "Bike racks")
    assert entry.details == {
        "ideaId": idea.id,
        "originalReviewerId": admin.user_id,
        "abandonedByAdminId": superadmin.user_id,
    }


def test_after_an_abandon_another_admin_can_start_the_review_again(
    session, clock, author, admin, other_admin, superadmin
):
    idea = make_idea(session, author)
    start(session, clock, admin, idea.id)
    abandon(session, clock, superadmin, idea.id)
    clock.advance(minutes=5)

    assert start(session, clock, other_admin, idea.id) == Ok(idea.id)

    review = review_of(session, idea.id)
    assert (review.reviewer_id, review.started_at) == (other_admin.user_id, clock.now())
    assert fresh(session, Idea, idea.id).status == S.UNDER_REVIEW
    assert len(audit_for(session, AuditAction.IDEA_REVIEW_STARTED)) == 2


@pytest.mark.parametrize(
    ("case", "code", "message"),
    [
        ("admin", C.FORBIDDEN_ROLE, "You don't have permission to perform this action."),
        ("missing", C.IDEA_NOT_FOUND, "Idea not found."),
        ("draft", C.IDEA_NOT_FOUND, "Idea not found."),
        ("own draft", C.INVALID_STATE, "Draft ideas cannot be reviewed."),
        ("submitted", C.INVALID_STATE, "This idea is not currently under review."),
        ("accepted", C.INVALID_STATE, "This idea is not currently under review."),
        ("claim row missing", C.REVIEW_NOT_FOUND, e.MESSAGES[C.REVIEW_NOT_FOUND]),
    ],
)
def test_abandoning_is_refused_with_the_documented_code_and_nothing_is_written(
    session, clock, author, admin, superadmin, case, code, message
):
    actor = admin if case == "admin" else superadmin
    status = {"draft": S.DRAFT, "own draft": S.DRAFT, "submitted": S.SUBMITTED, "accepted": S.ACCEPTED}.get(
        case, S.UNDER_REVIEW
    )
    idea = make_idea(session, superadmin if case == "own draft" else author, status=status, reviewer=admin)
    if case == "claim row missing":
        session.exec(delete(IdeaReview).where(IdeaReview.idea_id == idea.id))
        session.commit()
    idea_id = "no-such-idea" if case == "missing" else idea.id
    before = snapshot(session, idea.id)

    result = abandon(session, clock, actor, idea_id)

    assert_refused(result, code, message)
    assert snapshot(session, idea.id) == before


# --- who may do what: role × ownership × status -----------------------------------------------

NF, OK = C.IDEA_NOT_FOUND, None
DRAFT = C.INVALID_STATE  # one's own draft: "Draft ideas cannot be reviewed."; anyone else's is not found
EVERY_STATUS = list(S)


def _row(draft, submitted, under_review, accepted, rejected):
    return dict(zip(EVERY_STATUS, (draft, submitted, under_review, accepted, rejected), strict=True))


# For ADMIN and SUPERADMIN; UNDER_REVIEW ideas are claimed by a third admin.
EXPECTED = {
    "start": {
        (Role.ADMIN, "other's"): _row(NF, OK, C.ALREADY_UNDER_REVIEW, C.INVALID_STATE, C.INVALID_STATE),
        (Role.ADMIN, "own"): _row(DRAFT, *[C.SELF_REVIEW_FORBIDDEN] * 4),
        (Role.SUPERADMIN, "other's"): _row(NF, OK, C.ALREADY_UNDER_REVIEW, C.INVALID_STATE, C.INVALID_STATE),
        (Role.SUPERADMIN, "own"): _row(DRAFT, *[C.SELF_REVIEW_FORBIDDEN] * 4),
    },
    "finalize": {
        (Role.ADMIN, "other's"): _row(NF, C.INVALID_STATE, C.FORBIDDEN_ROLE, C.ALREADY_REVIEWED, C.ALREADY_REVIEWED),
        (Role.ADMIN, "own"): _row(DRAFT, *[C.SELF_REVIEW_FORBIDDEN] * 4),
        (Role.SUPERADMIN, "other's"): _row(NF, C.INVALID_STATE, OK, C.ALREADY_REVIEWED, C.ALREADY_REVIEWED),
        (Role.SUPERADMIN, "own"): _row(DRAFT, *[C.SELF_REVIEW_FORBIDDEN] * 4),
    },
    "abandon": {
        (Role.ADMIN, "other's"): _row(*[C.FORBIDDEN_ROLE] * 5),
        (Role.ADMIN, "own"): _row(*[C.FORBIDDEN_ROLE] * 5),
        (Role.SUPERADMIN, "other's"): _row(NF, C.INVALID_STATE, OK, C.INVALID_STATE, C.INVALID_STATE),
        (Role.SUPERADMIN, "own"): _row(DRAFT, C.INVALID_STATE, OK, C.INVALID_STATE, C.INVALID_STATE),
    },
}
TARGET_ON_SUCCESS = {"start": S.UNDER_REVIEW, "finalize": S.ACCEPTED, "abandon": S.SUBMITTED}
COMMANDS = {"start": start, "finalize": finalize, "abandon": abandon}


def _expected(command, role, ownership, status):
    if role in (Role.SUBMITTER, Role.SCM, Role.SA):
        return C.FORBIDDEN_ROLE
    return EXPECTED[command][(role, ownership)][status]


@pytest.mark.parametrize("status", EVERY_STATUS, ids=lambda s: s.value)
@pytest.mark.parametrize("ownership", ["own", "other's"])
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("command", list(COMMANDS))
def test_each_role_gets_exactly_its_documented_answer(session, clock, command, role, ownership, status):
    actor = make_actor(session, role=role)
    holder = make_actor(session, role=Role.ADMIN)
    idea_author = actor if ownership == "own" else make_actor(session, role=Role.SUBMITTER)
    idea = make_idea(session, idea_author, status=status, reviewer=holder)
    before = snapshot(session, idea.id)

    result = COMMANDS[command](session, clock, actor, idea.id)

    expected = _expected(command, role, ownership, status)
    if expected is OK:
        assert result.ok, result
        assert fresh(session, Idea, idea.id).status == TARGET_ON_SUCCESS[command]
    else:
        assert isinstance(result, Err) and result.code == expected, result
        assert snapshot(session, idea.id) == before


def test_the_permission_table_has_no_gaps():
    for command in COMMANDS:
        for role in Role:
            for ownership in ("own", "other's"):
                for status in S:
                    assert _expected(command, role, ownership, status) in (OK, *C)


# --- the review page ----------------------------------------------------------------------------


def test_the_review_page_shows_the_idea_and_its_review(session, clock, author, admin):
    idea = make_idea(session, author, title="Bike racks", category="cost-reduction")
    clock.advance(hours=1)
    start(session, clock, admin, idea.id)
    clock.advance(hours=1)
    finalize(session, clock, admin, idea.id, comment="  " + GOOD_COMMENT)

    view = review_queries.review_view(session, admin, idea_id=idea.id).value

    assert (view.idea_id, view.title, view.category, view.category_label) == (
        idea.id,
        "Bike racks",
        "cost-reduction",
        "Cost Reduction",
    )
    assert (view.status, view.visibility, view.author_id, view.author_name) == (
        "ACCEPTED",
        "PUBLIC",
        author.user_id,
        "Sam Author",
    )
    assert view.description == idea.description and view.created_at == idea.created_at
    review = view.review
    assert (review.reviewer_id, review.reviewer_name, review.decision, review.comment) == (
        admin.user_id,
        "Ada Admin",
        "ACCEPTED",
        GOOD_COMMENT,
    )
    assert review.decided_at == clock.now() and review.started_at < review.decided_at
    assert view.actions == []


def test_the_review_page_of_an_idea_not_yet_claimed_has_no_review(session, clock, author, admin):
    idea = make_idea(session, author)

    view = review_queries.review_view(session, admin, idea_id=idea.id).value

    assert view.review is None and view.status == "SUBMITTED"


@pytest.mark.parametrize("role", [Role.SUBMITTER, Role.SCM, Role.SA])
def test_the_review_page_is_refused_to_non_admins_even_their_own_idea(session, role):
    viewer = make_actor(session, role=role)
    idea = make_idea(session, viewer)

    assert_refused(review_queries.review_view(session, viewer, idea_id=idea.id), C.FORBIDDEN_ROLE)


@pytest.mark.parametrize("idea_id", ["draft", "missing", ""])
def test_the_review_page_treats_drafts_as_missing(session, author, admin, idea_id):
    draft = make_idea(session, author, status=S.DRAFT)
    wanted = {"draft": draft.id, "missing": "no-such-idea", "": ""}[idea_id]

    assert_refused(review_queries.review_view(session, admin, idea_id=wanted), C.IDEA_NOT_FOUND)


@pytest.mark.parametrize(
    ("status", "viewer", "actions"),
    [
        (S.SUBMITTED, "author", []),
        (S.SUBMITTED, "holder", ["START_REVIEW"]),
        (S.SUBMITTED, "other admin", ["START_REVIEW"]),
        (S.SUBMITTED, "superadmin", ["START_REVIEW"]),
        (S.UNDER_REVIEW, "author", []),
        (S.UNDER_REVIEW, "holder", ["ACCEPT", "REJECT"]),
        (S.UNDER_REVIEW, "other admin", []),
        (S.UNDER_REVIEW, "superadmin", ["ACCEPT", "REJECT", "ABANDON"]),
        (S.ACCEPTED, "author", []),
        (S.ACCEPTED, "holder", []),
        (S.ACCEPTED, "other admin", []),
        (S.ACCEPTED, "superadmin", []),
        (S.REJECTED, "author", []),
        (S.REJECTED, "holder", []),
        (S.REJECTED, "other admin", []),
        (S.REJECTED, "superadmin", []),
    ],
)
def test_the_review_page_offers_the_buttons_the_transition_table_allows(session, status, viewer, actions):
    people = {
        "author": make_actor(session, role=Role.ADMIN),
        "holder": make_actor(session, role=Role.ADMIN),
        "other admin": make_actor(session, role=Role.ADMIN),
        "superadmin": make_actor(session, role=Role.SUPERADMIN),
    }
    idea = make_idea(session, people["author"], status=status, reviewer=people["holder"])

    view = review_queries.review_view(session, people[viewer], idea_id=idea.id).value

    assert view.actions == actions


def test_a_superadmin_author_may_only_abandon_the_review_of_their_own_idea(session, admin, superadmin):
    idea = make_idea(session, superadmin, status=S.UNDER_REVIEW, reviewer=admin)

    assert review_queries.review_view(session, superadmin, idea_id=idea.id).value.actions == ["ABANDON"]


# --- infrastructure trouble while claiming ------------------------------------------------------


def _lock_timeout(*_args, **_kwargs):
    raise OperationalError("UPDATE idea ...", {}, Exception("database is locked"))


def test_a_lock_timeout_after_another_admin_claimed_reads_as_already_under_review(
    engine, session, clock, author, admin, other_admin, monkeypatch
):
    idea = make_idea(session, author)
    session.get(Idea, idea.id)  # remembered as SUBMITTED
    with Session(engine) as elsewhere:
        assert start(elsewhere, clock, other_admin, idea.id).ok
    counts = written(session)
    monkeypatch.setattr(reviews, "_next_version", _lock_timeout)  # the status write times out

    result = start(session, clock, admin, idea.id)

    assert_refused(result, C.ALREADY_UNDER_REVIEW)
    assert written(session) == counts


def test_a_lock_timeout_with_nobody_holding_the_claim_is_an_error_not_a_refusal(
    session, clock, author, admin, monkeypatch
):
    idea = make_idea(session, author)
    before = snapshot(session, idea.id)
    monkeypatch.setattr(reviews, "_next_version", _lock_timeout)  # the status write times out

    with pytest.raises(OperationalError):
        start(session, clock, admin, idea.id)

    assert snapshot(session, idea.id) == before
