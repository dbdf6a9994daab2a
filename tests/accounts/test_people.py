"""Managing people: the list, role changes and (de)activation — who may, what is refused with
which text, what is written (and audited), and that a change holds on the very next event."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.core.helpers import audit_rows_for, signed_in_token
from tests.factories import DEFAULT_PASSWORD, audit_rows, make_actor, make_user
from workflow_app.accounts.domain import accounts, people, sessions
from workflow_app.core import errors as e
from workflow_app.core.actor import Actor
from workflow_app.core.arguments import TEXT_ONLY
from workflow_app.core.errors import ErrorCode
from workflow_app.models import AuditAction, AuthSession, Role, User


@pytest.fixture
def superadmin(session) -> Actor:
    return make_actor(session, role=Role.SUPERADMIN, display_name="Sol Superadmin")


def role_of(session, user_id: str) -> Role:
    session.expire_all()
    return Role(session.get(User, user_id).role)


# --- the list --------------------------------------------------------------------------------


def test_the_list_is_by_name_fifty_a_page_with_the_total(session, superadmin):
    for n in range(55):
        make_user(session, display_name=f"Person {n:02d}")

    first = people.list_people(session, superadmin, page=1).value
    second = people.list_people(session, superadmin, page=2).value

    assert first.total == second.total == 56 and first.total_pages == 2
    assert len(first.items) == 50 and len(second.items) == 6
    assert [p.display_name for p in first.items[:2]] == ["Person 00", "Person 01"]
    assert {p.id for p in first.items}.isdisjoint({p.id for p in second.items})


def test_the_list_searches_name_and_email_in_any_case_and_filters_by_role(session, superadmin):
    make_user(session, display_name="Grace Hopper", email="grace@navy.example")
    make_user(session, display_name="Alan Turing", email="alan@bletchley.example", role=Role.SA)
    make_user(session, display_name="100% Sure", email="percent@example.com")

    def names(**filters):
        return [p.display_name for p in people.list_people(session, superadmin, **filters).value.items]

    assert names(query="HOPPER") == ["Grace Hopper"]
    assert names(query="bletchley") == ["Alan Turing"]
    assert names(role="SA") == ["Alan Turing"]
    assert names(query="grace", role="SA") == []
    assert names(query="%") == ["100% Sure"]  # a wildcard character is just a character


def test_an_unknown_role_filter_is_refused_with_the_roles_named(session, superadmin):
    result = people.list_people(session, superadmin, role="OWNER")
    assert result.code == ErrorCode.VALIDATION_ERROR and result.message == e.ROLE_INVALID


@pytest.mark.parametrize("role", [Role.SUBMITTER, Role.SCM, Role.SA, Role.ADMIN])
def test_only_a_superadmin_sees_the_list(session, role):
    assert people.list_people(session, make_actor(session, role=role)).code == ErrorCode.FORBIDDEN_ROLE


# --- role changes ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_a_superadmin_gives_any_of_the_five_roles_and_it_is_audited(session, clock, superadmin, role):
    person = make_user(session, role=Role.SUBMITTER if role != Role.SUBMITTER else Role.SA)
    before = Role(person.role)

    result = people.change_role(session, superadmin, user_id=person.id, role=role.value, clock=clock)

    assert result.ok and result.value.role == role
    assert role_of(session, person.id) == role
    [entry] = audit_rows_for(session, AuditAction.USER_ROLE_CHANGED)
    assert (entry.actor_id, entry.target_id) == (superadmin.user_id, person.id)
    assert entry.details == {"from": before.value, "to": role.value}


def test_the_new_role_holds_on_the_persons_next_event_without_signing_in_again(session, clock, superadmin):
    person = make_user(session)
    token = signed_in_token(session, clock, email=person.email, password=DEFAULT_PASSWORD)

    people.change_role(session, superadmin, user_id=person.id, role="SA", clock=clock)

    assert sessions.actor_for_token(session, token, clock=clock).role == Role.SA


def test_nobody_changes_their_own_role(session, clock, superadmin):
    result = people.change_role(session, superadmin, user_id=superadmin.user_id, role="SUBMITTER", clock=clock)
    assert (result.code, result.message) == (ErrorCode.OWN_ROLE, "You cannot change your own role.")
    assert role_of(session, superadmin.user_id) == Role.SUPERADMIN
    assert audit_rows(session) == []


@pytest.mark.parametrize("role", [Role.SUBMITTER, Role.SCM, Role.SA, Role.ADMIN])
def test_nobody_but_a_superadmin_changes_a_role(session, clock, role):
    person = make_user(session)
    result = people.change_role(session, make_actor(session, role=role), user_id=person.id, role="ADMIN", clock=clock)
    assert result.code == ErrorCode.FORBIDDEN_ROLE
    assert role_of(session, person.id) == Role.SUBMITTER and audit_rows(session) == []


@pytest.mark.parametrize("role", ["OWNER", "", None])
def test_a_role_that_does_not_exist_is_refused(session, clock, superadmin, role):
    person = make_user(session)
    result = people.change_role(session, superadmin, user_id=person.id, role=role, clock=clock)
    assert (result.code, result.message) == (ErrorCode.VALIDATION_ERROR, e.ROLE_INVALID)
    assert audit_rows(session) == []


@pytest.mark.parametrize("role", [3, ["ADMIN"]])
def test_a_role_that_is_no_text_is_refused_as_such(session, clock, superadmin, role):
    person = make_user(session)
    result = people.change_role(session, superadmin, user_id=person.id, role=role, clock=clock)
    assert (result.code, result.field_errors) == (ErrorCode.VALIDATION_ERROR, {"role": TEXT_ONLY})
    assert audit_rows(session) == []


@pytest.mark.parametrize("user_id", ["no-such-user", "", None, "x" * 10_000])
def test_an_unknown_user_is_not_found(session, clock, superadmin, user_id):
    result = people.change_role(session, superadmin, user_id=user_id, role="ADMIN", clock=clock)
    assert (result.code, result.message) == (ErrorCode.USER_NOT_FOUND, "User not found.")


def test_giving_the_role_someone_already_has_writes_nothing(session, clock, superadmin):
    person = make_user(session, role=Role.SCM)
    assert people.change_role(session, superadmin, user_id=person.id, role="scm", clock=clock).ok
    assert audit_rows(session) == []


def test_of_two_superadmins_changing_one_person_at_once_the_second_is_told(session, clock, superadmin, engine):
    from sqlmodel import Session

    other = make_actor(session, role=Role.SUPERADMIN)
    person = make_user(session)
    with Session(engine, expire_on_commit=False) as second:
        stale = second.get(User, person.id)  # the second admin read the person before the first wrote
        assert people.change_role(session, superadmin, user_id=person.id, role="SA", clock=clock).ok
        result = people._set_role(second, other, stale, Role.SCM, clock=clock)
    assert result.code == ErrorCode.USER_CHANGED
    assert role_of(session, person.id) == Role.SA
    assert len(audit_rows_for(session, AuditAction.USER_ROLE_CHANGED)) == 1


# --- deactivation ----------------------------------------------------------------------------


def test_deactivating_ends_every_session_and_refuses_sign_in_with_a_clear_text(session, clock, superadmin):
    person = make_user(session)
    token = signed_in_token(session, clock, email=person.email, password=DEFAULT_PASSWORD)

    result = people.set_active(session, superadmin, user_id=person.id, active=False, clock=clock)

    assert result.ok and result.value.active is False
    assert sessions.actor_for_token(session, token, clock=clock) is None
    assert all(
        s.revoked_at is not None for s in session.exec(select(AuthSession).where(AuthSession.user_id == person.id))
    )
    refused = accounts.sign_in(session, email=person.email, password=DEFAULT_PASSWORD, clock=clock)
    assert (refused.code, refused.message) == (ErrorCode.ACCOUNT_DEACTIVATED, e.MESSAGES[ErrorCode.ACCOUNT_DEACTIVATED])
    wrong = accounts.sign_in(session, email=person.email, password="Wrong-pass1", clock=clock)
    assert wrong.code == ErrorCode.INVALID_CREDENTIALS  # without the password nothing is told
    [entry] = audit_rows_for(session, AuditAction.USER_DEACTIVATED)
    assert entry.target_id == person.id


def test_reactivating_lets_the_person_sign_in_again(session, clock, superadmin):
    person = make_user(session)
    people.set_active(session, superadmin, user_id=person.id, active=False, clock=clock)

    result = people.set_active(session, superadmin, user_id=person.id, active=True, clock=clock)

    assert result.ok and result.value.active
    assert accounts.sign_in(session, email=person.email, password=DEFAULT_PASSWORD, clock=clock).ok
    assert len(audit_rows_for(session, AuditAction.USER_REACTIVATED)) == 1


def test_nobody_deactivates_their_own_account(session, clock, superadmin):
    result = people.set_active(session, superadmin, user_id=superadmin.user_id, active=False, clock=clock)
    assert (result.code, result.message) == (ErrorCode.OWN_ACCOUNT, "You cannot deactivate your own account.")
    assert audit_rows(session) == []


@pytest.mark.parametrize("role", [Role.SUBMITTER, Role.SCM, Role.SA, Role.ADMIN])
def test_nobody_but_a_superadmin_deactivates(session, clock, role):
    person = make_user(session)
    result = people.set_active(session, make_actor(session, role=role), user_id=person.id, active=False, clock=clock)
    assert result.code == ErrorCode.FORBIDDEN_ROLE
    session.expire_all()
    assert session.get(User, person.id).deactivated_at is None


# --- from the console ------------------------------------------------------------------------


def test_the_operator_sets_a_role_and_deactivates_by_email_audited_as_system(session, clock):
    make_user(session, email="casey@example.com")

    assert (
        people.operator_set_role(session, email=" Casey@Example.com ", role="scm", clock=clock).value.role == Role.SCM
    )
    assert people.operator_set_active(session, email="casey@example.com", active=False, clock=clock).ok

    assert [(r.action, r.actor_name) for r in audit_rows(session)] == [
        (AuditAction.USER_ROLE_CHANGED, "system"),
        (AuditAction.USER_DEACTIVATED, "system"),
    ]
    assert (
        people.operator_set_role(session, email="nobody@example.com", role="SA", clock=clock).code
        == ErrorCode.USER_NOT_FOUND
    )
