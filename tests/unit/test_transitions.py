"""The two workflows as data: targets, refusals, and who may do what to which subject."""

from __future__ import annotations

import itertools

import pytest

from workflow_app.core.actor import Actor
from workflow_app.core.errors import ErrorCode
from workflow_app.core.workflow import InvalidTransition, Subject
from workflow_app.descriptors.domain.descriptor_workflow import DESCRIPTOR_WORKFLOW
from workflow_app.ideas.domain.idea_workflow import IDEA_WORKFLOW
from workflow_app.models import DescriptorBatchStatus as B
from workflow_app.models import IdeaStatus as S
from workflow_app.models import Role

ME = "me"
SOMEONE_ELSE = "someone-else"
OTHER_ADMIN = "other-admin"


def actor(role: Role, user_id: str = ME) -> Actor:
    return Actor(user_id=user_id, role=role, display_name="Tester", email="tester@example.org")


# --- targets ---------------------------------------------------------------------------------

IDEA_TARGETS = {
    (None, "CREATE_DRAFT"): S.DRAFT,
    (None, "SUBMIT_NEW"): S.SUBMITTED,
    (S.DRAFT, "SUBMIT"): S.SUBMITTED,
    (S.SUBMITTED, "START_REVIEW"): S.UNDER_REVIEW,
    (S.UNDER_REVIEW, "ACCEPT"): S.ACCEPTED,
    (S.UNDER_REVIEW, "REJECT"): S.REJECTED,
    (S.UNDER_REVIEW, "ABANDON"): S.SUBMITTED,
}
DESCRIPTOR_TARGETS = {
    (None, "CREATE"): B.DRAFT,
    (B.DRAFT, "SUBMIT_BATCH"): B.PENDING_REVIEW,
    (B.PENDING_REVIEW, "APPROVE"): B.APPROVED,
    (B.PENDING_REVIEW, "RETURN"): B.RETURNED,
    (B.RETURNED, "REVISE"): B.DRAFT,
}
TABLES = [
    pytest.param(IDEA_WORKFLOW, IDEA_TARGETS, S, id="ideas"),
    pytest.param(DESCRIPTOR_WORKFLOW, DESCRIPTOR_TARGETS, B, id="descriptors"),
]


@pytest.mark.parametrize(("source", "action", "target"), [(s, a, t) for (s, a), t in IDEA_TARGETS.items()])
def test_each_idea_transition_leads_to_its_documented_status(source, action, target):
    assert IDEA_WORKFLOW.target_of(source, action) is target


@pytest.mark.parametrize(("source", "action", "target"), [(s, a, t) for (s, a), t in DESCRIPTOR_TARGETS.items()])
def test_each_descriptor_transition_leads_to_its_documented_status(source, action, target):
    assert DESCRIPTOR_WORKFLOW.target_of(source, action) is target


@pytest.mark.parametrize(("table", "targets", "statuses"), TABLES)
def test_the_tables_hold_exactly_the_documented_transitions(table, targets, statuses):
    assert {(t.source, t.action): t.target for t in table.transitions} == targets
    assert len(table.transitions) == len(targets)


@pytest.mark.parametrize(
    ("source", "action"),
    [
        (S.DRAFT, "START_REVIEW"),
        (S.DRAFT, "ACCEPT"),
        (S.DRAFT, "REJECT"),
        (S.SUBMITTED, "ACCEPT"),
        (S.SUBMITTED, "SUBMIT"),
        (S.ACCEPTED, "ACCEPT"),
        (S.REJECTED, "REJECT"),
        (S.UNDER_REVIEW, "START_REVIEW"),
    ],
)
def test_an_unlisted_idea_transition_is_invalid(source, action):
    with pytest.raises(InvalidTransition) as raised:
        IDEA_WORKFLOW.target_of(source, action)

    assert (raised.value.source, raised.value.action) == (source, action)
    assert action in str(raised.value)


def _unlisted(table_targets, statuses, actions):
    return [(s, a) for s, a in itertools.product(statuses, actions) if (s, a) not in table_targets]


@pytest.mark.parametrize(("table", "targets", "statuses"), TABLES)
def test_every_pair_the_table_does_not_list_is_invalid(table, targets, statuses):
    actions = {a for _, a in targets} | {"DELETE", "", "submit"}
    unlisted = _unlisted(targets, [*statuses, None], actions)

    assert unlisted
    for source, action in unlisted:
        with pytest.raises(InvalidTransition):
            table.target_of(source, action)


def test_terminal_statuses_have_no_way_out():
    for source, action in itertools.product([S.ACCEPTED, S.REJECTED], {a for _, a in IDEA_TARGETS}):
        with pytest.raises(InvalidTransition):
            IDEA_WORKFLOW.target_of(source, action)
    for action in {a for _, a in DESCRIPTOR_TARGETS}:
        with pytest.raises(InvalidTransition):
            DESCRIPTOR_WORKFLOW.target_of(B.APPROVED, action)


# --- allowed actions on ideas ----------------------------------------------------------------


def idea(status: S, *, owner: str = SOMEONE_ELSE, claim: str | None = None) -> Subject:
    return Subject(status=status, owner_id=owner, claim_holder_id=claim)


ALL_ROLES = list(Role)
REVIEW_ACTIONS = {"START_REVIEW", "ACCEPT", "REJECT", "ABANDON"}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_author_of_a_draft_of_any_role_may_submit_it(role):
    assert IDEA_WORKFLOW.allowed_actions(actor(role), idea(S.DRAFT, owner=ME)) == ["SUBMIT"]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_nobody_may_submit_someone_elses_draft(role):
    assert IDEA_WORKFLOW.allowed_actions(actor(role), idea(S.DRAFT, owner=SOMEONE_ELSE)) == []


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("status", [S.SUBMITTED, S.UNDER_REVIEW, S.ACCEPTED, S.REJECTED])
def test_submit_is_offered_only_on_drafts(role, status):
    for owner in (ME, SOMEONE_ELSE):
        assert "SUBMIT" not in IDEA_WORKFLOW.allowed_actions(actor(role), idea(status, owner=owner, claim=ME))


@pytest.mark.parametrize("role", [Role.SUBMITTER, Role.SCM, Role.SA])
@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("claim", [None, ME, OTHER_ADMIN])
def test_non_admins_never_get_review_actions(role, status, claim):
    actions = IDEA_WORKFLOW.allowed_actions(actor(role), idea(status, claim=claim))

    assert REVIEW_ACTIONS.isdisjoint(actions)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SUPERADMIN])
def test_an_admin_may_start_reviewing_someone_elses_submitted_idea(role):
    assert IDEA_WORKFLOW.allowed_actions(actor(role), idea(S.SUBMITTED)) == ["START_REVIEW"]


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SUPERADMIN])
@pytest.mark.parametrize("status", [S.SUBMITTED, S.UNDER_REVIEW])
@pytest.mark.parametrize("claim", [None, ME, OTHER_ADMIN])
def test_an_admin_never_reviews_their_own_idea(role, status, claim):
    actions = IDEA_WORKFLOW.allowed_actions(actor(role), idea(status, owner=ME, claim=claim))

    assert {"START_REVIEW", "ACCEPT", "REJECT"}.isdisjoint(actions)


@pytest.mark.parametrize(
    ("role", "expected"),
    [(Role.ADMIN, ["ACCEPT", "REJECT"]), (Role.SUPERADMIN, ["ACCEPT", "REJECT", "ABANDON"])],
)
def test_the_claim_holder_may_accept_or_reject(role, expected):
    actions = IDEA_WORKFLOW.allowed_actions(actor(role), idea(S.UNDER_REVIEW, claim=ME))

    assert actions == expected


def test_an_admin_without_the_claim_may_not_finalize():
    actions = IDEA_WORKFLOW.allowed_actions(actor(Role.ADMIN), idea(S.UNDER_REVIEW, claim=OTHER_ADMIN))

    assert actions == []


def test_a_superadmin_may_finalize_or_abandon_another_admins_review():
    actions = IDEA_WORKFLOW.allowed_actions(actor(Role.SUPERADMIN), idea(S.UNDER_REVIEW, claim=OTHER_ADMIN))

    assert actions == ["ACCEPT", "REJECT", "ABANDON"]


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SUPERADMIN])
@pytest.mark.parametrize("claim", [ME, OTHER_ADMIN])
def test_only_a_superadmin_may_abandon_a_review(role, claim):
    actions = IDEA_WORKFLOW.allowed_actions(actor(role), idea(S.UNDER_REVIEW, claim=claim))

    assert "ABANDON" not in actions


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("status", [S.ACCEPTED, S.REJECTED])
def test_decided_ideas_offer_nothing(role, status):
    for owner, claim in itertools.product((ME, SOMEONE_ELSE), (None, ME)):
        assert IDEA_WORKFLOW.allowed_actions(actor(role), idea(status, owner=owner, claim=claim)) == []


@pytest.mark.parametrize("action", sorted(REVIEW_ACTIONS))
@pytest.mark.parametrize("owner", [ME, SOMEONE_ELSE])
def test_the_table_refuses_every_review_action_on_a_draft_in_the_origins_words(action, owner):
    refusal = IDEA_WORKFLOW.refusal(action, actor(Role.SUPERADMIN), idea(S.DRAFT, owner=owner, claim=ME))

    assert refusal is not None
    assert (refusal.code, refusal.message) == (ErrorCode.INVALID_STATE, "Draft ideas cannot be reviewed.")


# --- allowed actions on descriptors ----------------------------------------------------------


def batch(status: B | None, *, owner: str = ME, routed: bool = False) -> Subject:
    return Subject(status=status, owner_id=owner, routed_to_actor=routed)


def test_an_scm_may_submit_their_own_draft_batch():
    assert DESCRIPTOR_WORKFLOW.allowed_actions(actor(Role.SCM), batch(B.DRAFT)) == ["SUBMIT_BATCH"]


def test_an_scm_may_revise_their_own_returned_batch():
    assert DESCRIPTOR_WORKFLOW.allowed_actions(actor(Role.SCM), batch(B.RETURNED)) == ["REVISE"]


@pytest.mark.parametrize("status", [B.DRAFT, B.RETURNED, B.PENDING_REVIEW])
def test_an_scm_may_not_touch_another_scms_batch(status):
    subject = batch(status, owner=SOMEONE_ELSE, routed=True)

    assert DESCRIPTOR_WORKFLOW.allowed_actions(actor(Role.SCM), subject) == []


@pytest.mark.parametrize("status", [B.PENDING_REVIEW, B.APPROVED, None])
def test_an_scm_has_nothing_to_do_on_a_pending_approved_or_unbatched_descriptor(status):
    assert DESCRIPTOR_WORKFLOW.allowed_actions(actor(Role.SCM), batch(status, routed=True)) == []


def test_the_routed_sa_may_approve_or_return_a_pending_batch():
    subject = batch(B.PENDING_REVIEW, owner=SOMEONE_ELSE, routed=True)

    assert DESCRIPTOR_WORKFLOW.allowed_actions(actor(Role.SA), subject) == ["APPROVE", "RETURN"]


def test_an_sa_not_advising_the_skill_may_not_decide():
    subject = batch(B.PENDING_REVIEW, owner=SOMEONE_ELSE, routed=False)

    assert DESCRIPTOR_WORKFLOW.allowed_actions(actor(Role.SA), subject) == []


@pytest.mark.parametrize("status", [B.DRAFT, B.APPROVED, B.RETURNED, None])
def test_an_sa_decides_only_pending_batches(status):
    subject = batch(status, owner=SOMEONE_ELSE, routed=True)

    assert DESCRIPTOR_WORKFLOW.allowed_actions(actor(Role.SA), subject) == []


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SUPERADMIN, Role.SUBMITTER])
@pytest.mark.parametrize("status", [*B, None])
@pytest.mark.parametrize("owner", [ME, SOMEONE_ELSE])
@pytest.mark.parametrize("routed", [False, True])
def test_roles_outside_the_descriptor_workflow_get_nothing(role, status, owner, routed):
    subject = batch(status, owner=owner, routed=routed)

    assert DESCRIPTOR_WORKFLOW.allowed_actions(actor(role), subject) == []


def test_allowed_actions_only_ever_name_transitions_that_exist():
    for table, statuses in ((IDEA_WORKFLOW, S), (DESCRIPTOR_WORKFLOW, B)):
        for role, status, owner, claim, routed in itertools.product(
            Role, statuses, (ME, SOMEONE_ELSE), (None, ME, OTHER_ADMIN), (False, True)
        ):
            subject = Subject(status=status, owner_id=owner, claim_holder_id=claim, routed_to_actor=routed)
            for action in table.allowed_actions(actor(role), subject):
                table.target_of(status, action)  # raises if the button would lead nowhere


STAGED_TARGETS = {
    (S.SUBMITTED, "CLAIM_STAGE"): S.UNDER_REVIEW,
    (S.UNDER_REVIEW, "STAGE_ACCEPT"): S.ACCEPTED,
    (S.UNDER_REVIEW, "STAGE_REJECT"): S.REJECTED,
    (S.UNDER_REVIEW, "RESOLVE_ACCEPT"): S.ACCEPTED,
    (S.UNDER_REVIEW, "RESOLVE_REJECT"): S.REJECTED,
}


def test_reviews_in_stages_move_ideas_only_as_their_table_says():
    from workflow_app.ideas.domain.idea_workflow import STAGED_REVIEW

    assert {(t.source, t.action): t.target for t in STAGED_REVIEW.transitions} == STAGED_TARGETS
    holder = Subject(S.UNDER_REVIEW, owner_id=SOMEONE_ELSE, claim_holder_id=ME)
    assert STAGED_REVIEW.allowed_actions(actor(Role.ADMIN), holder) == ["STAGE_ACCEPT", "STAGE_REJECT"]
    assert STAGED_REVIEW.allowed_actions(actor(Role.ADMIN, OTHER_ADMIN), holder) == []
    assert STAGED_REVIEW.allowed_actions(actor(Role.SUPERADMIN, OTHER_ADMIN), holder) == [
        "RESOLVE_ACCEPT",
        "RESOLVE_REJECT",
    ]
    assert STAGED_REVIEW.refusal(
        "CLAIM_STAGE", actor(Role.ADMIN), Subject(S.UNDER_REVIEW, owner_id=SOMEONE_ELSE)
    ).code == (ErrorCode.ALREADY_CLAIMED)
