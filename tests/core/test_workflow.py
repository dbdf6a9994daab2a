"""The transition executor on a small workflow of its own: the order of the checks and their
refusals, the compare-and-set, a lost race, companion writes, the audit row, a first status."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, select, update

from tests.factories import audit_rows, make_actor, make_idea
from workflow_app.core.actor import Actor
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok, err
from workflow_app.core.workflow import (
    AT_SOURCE,
    AuditEntry,
    InvalidTransition,
    Subject,
    Transition,
    Workflow,
    at_least_one,
)
from workflow_app.models import AuditAction, Idea, IdeaStatus, Role

S = IdeaStatus
ADMINS = frozenset({Role.ADMIN, Role.SUPERADMIN})
NOT_YOURS = err(ErrorCode.SELF_REVIEW_FORBIDDEN)
NO_CLAIM = err(ErrorCode.REVIEW_NOT_FOUND)
ALREADY = err(ErrorCode.ALREADY_UNDER_REVIEW)
LOST = err(ErrorCode.CONFLICT, "lost the race")


def not_own(actor: Actor, subject: Subject) -> Err | None:
    return NOT_YOURS if subject.owner_id == actor.user_id else None


def claimed(actor: Actor, subject: Subject) -> Err | None:
    return NO_CLAIM if subject.claim_holder_id is None else None


FLOW = Workflow(
    Idea,
    "status",
    (
        Transition(None, "NEW", S.DRAFT, frozenset({Role.SUBMITTER}), checks=()),
        Transition(
            S.SUBMITTED,
            "TAKE",
            S.UNDER_REVIEW,
            ADMINS,
            checks=(not_own, AT_SOURCE, claimed),
            role_refusal=err(ErrorCode.FORBIDDEN_ROLE, "Admins only"),
            wrong_status={S.UNDER_REVIEW: ALREADY},
        ),
    ),
)


@pytest.fixture
def admin(session) -> Actor:
    return make_actor(session, role=Role.ADMIN, display_name="Ada Admin")


@pytest.fixture
def author(session) -> Actor:
    return make_actor(session, role=Role.SUBMITTER, display_name="Sam Author")


def subject(status, *, owner="someone", claim: str | None = "someone") -> Subject:
    return Subject(status, owner_id=owner, claim_holder_id=claim)


# --- the checks, in their order ------------------------------------------------------------------


def test_the_role_is_checked_first_with_the_transitions_own_refusal(author):
    refused = FLOW.refusal("TAKE", author, subject(S.ACCEPTED, owner=author.user_id, claim=None))

    assert refused == err(ErrorCode.FORBIDDEN_ROLE, "Admins only")
    assert FLOW.role_refusal("TAKE", author) == refused


def test_checks_run_in_the_declared_order_with_the_status_where_at_source_stands(admin):
    assert FLOW.refusal("TAKE", admin, subject(S.ACCEPTED, owner=admin.user_id, claim=None)) == NOT_YOURS
    assert FLOW.refusal("TAKE", admin, subject(S.UNDER_REVIEW, claim=None)) == ALREADY
    assert FLOW.refusal("TAKE", admin, subject(S.ACCEPTED, claim=None)) == err(ErrorCode.INVALID_STATE)
    assert FLOW.refusal("TAKE", admin, subject(S.SUBMITTED, claim=None)) == NO_CLAIM
    assert FLOW.refusal("TAKE", admin, subject(S.SUBMITTED)) is None


def test_allowed_actions_offer_exactly_what_the_refusals_permit(admin, author):
    assert FLOW.allowed_actions(admin, subject(S.SUBMITTED)) == ["TAKE"]
    assert FLOW.allowed_actions(admin, subject(S.SUBMITTED, claim=None)) == []
    assert FLOW.allowed_actions(author, subject(S.SUBMITTED)) == []
    assert FLOW.allowed_actions(author, subject(None)) == []  # creations are not buttons on a row


def test_an_action_is_declared_once():
    with pytest.raises(ValueError):
        Workflow(Idea, "status", (FLOW.transitions[1], FLOW.transitions[1]))


def test_an_unknown_action_is_an_invalid_transition(admin):
    with pytest.raises(InvalidTransition):
        FLOW.refusal("LAUNCH", admin, subject(S.SUBMITTED))


# --- move -----------------------------------------------------------------------------------------


def _take(session, clock, actor, idea_id, *, status=S.SUBMITTED, also=lambda: True, **kwargs):
    return FLOW.move(
        session,
        actor,
        "TAKE",
        subject(status),
        rows=(update(Idea).where(col(Idea.id) == idea_id).values(version=Idea.version + 1),),
        also=also,
        lost=lambda: LOST,
        audit=AuditEntry(AuditAction.IDEA_REVIEW_STARTED, "idea", idea_id, "An idea", {"by": actor.user_id}),
        clock=clock,
        **kwargs,
    )


def _stored(session: Session, idea_id: str) -> tuple[S, int]:
    session.expire_all()
    row = session.exec(select(Idea.status, Idea.version).where(col(Idea.id) == idea_id)).one()
    return S(row[0]), row[1]


def test_a_move_sets_the_target_writes_the_audit_row_and_commits(session, clock, admin, author):
    idea = make_idea(session, author)

    result = _take(session, clock, admin, idea.id)

    assert result == Ok((1,))
    assert _stored(session, idea.id) == (S.UNDER_REVIEW, 2)
    [row] = audit_rows(session)
    assert (row.action, row.target_id, row.actor_id, row.details) == (
        AuditAction.IDEA_REVIEW_STARTED,
        idea.id,
        admin.user_id,
        {"by": admin.user_id},
    )


def test_a_refused_move_writes_nothing(session, clock, admin, author):
    idea = make_idea(session, author)

    result = _take(session, clock, author, idea.id)

    assert isinstance(result, Err) and result.code == ErrorCode.FORBIDDEN_ROLE
    assert _stored(session, idea.id) == (S.SUBMITTED, 1)
    assert audit_rows(session) == []


def test_a_move_that_finds_the_row_moved_on_is_lost_and_writes_nothing(session, clock, admin, author):
    idea = make_idea(session, author, status=S.ACCEPTED)  # the subject still says SUBMITTED

    assert _take(session, clock, admin, idea.id) == LOST
    assert _stored(session, idea.id) == (S.ACCEPTED, 1)
    assert audit_rows(session) == []


def test_a_companion_write_that_fails_rolls_the_move_back(session, clock, admin, author):
    idea = make_idea(session, author)

    assert _take(session, clock, admin, idea.id, also=lambda: False) == LOST
    assert _stored(session, idea.id) == (S.SUBMITTED, 1)
    assert audit_rows(session) == []


def test_a_bulk_move_may_expect_at_least_one_row(session, clock, admin, author):
    ideas = [make_idea(session, author) for _ in range(3)]
    rows = update(Idea).where(col(Idea.id).in_([i.id for i in ideas]))

    result = FLOW.move(
        session,
        admin,
        "TAKE",
        subject(S.SUBMITTED),
        rows=(rows,),
        expect=at_least_one,
        lost=lambda: LOST,
        audit=lambda counts: AuditEntry(AuditAction.IDEA_REVIEW_STARTED, "idea", None, f"{sum(counts)} ideas"),
        clock=clock,
    )

    assert result == Ok((3,))
    assert {_stored(session, i.id)[0] for i in ideas} == {S.UNDER_REVIEW}
    assert [r.target_title for r in audit_rows(session)] == ["3 ideas"]


# --- create ---------------------------------------------------------------------------------------


def _new(session, clock, actor) -> tuple[Idea, Ok[None] | Err]:
    now = clock.now()
    idea = Idea(title="Fresh", author_id=actor.user_id, created_at=now, updated_at=now)
    entry = lambda: AuditEntry(AuditAction.DRAFT_SAVED, "idea", idea.id, "Fresh")
    return idea, FLOW.create(session, actor, "NEW", idea, audit=entry, clock=clock)


def test_create_gives_a_new_row_its_first_status_and_an_audit_row(session, clock, author):
    idea, result = _new(session, clock, author)

    assert result == Ok(None)
    assert _stored(session, idea.id) == (S.DRAFT, 1)
    assert [(r.action, r.target_id) for r in audit_rows(session)] == [(AuditAction.DRAFT_SAVED, idea.id)]


def test_create_refuses_a_role_the_transition_does_not_name(session, clock, admin):
    _, result = _new(session, clock, admin)

    assert isinstance(result, Err) and result.code == ErrorCode.FORBIDDEN_ROLE
    assert session.exec(select(Idea)).all() == []
    assert audit_rows(session) == []


def test_create_is_only_for_transitions_from_no_status(session, clock, admin):
    with pytest.raises(InvalidTransition):
        FLOW.create(session, admin, "TAKE", Idea(title="x", author_id=admin.user_id), audit=lambda: None, clock=clock)
