"""Password reset by email: a neutral request, a one-hour single-use link, every session ended."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from tests.core.helpers import STRONG_PASSWORD, audit_rows_for, count_rows, signed_in_token, user_by_email
from tests.factories import DEFAULT_PASSWORD, make_user
from workflow_app.accounts.domain import accounts, password_reset, passwords, sessions, verification
from workflow_app.accounts.domain.email_tokens import Purpose
from workflow_app.core import errors as e
from workflow_app.core.errors import ErrorCode
from workflow_app.models import AuditAction, AuditLog, EmailToken, RateEvent

NEW_PASSWORD = "N3wPassword"
LINK_INVALID = "This password reset link is invalid or has expired. Please request a new one."


@pytest.fixture
def person(session):
    return make_user(session, email="ada@example.org", display_name="Ada")


def request(session, clock, email: str = "ada@example.org"):
    result = password_reset.request_password_reset(session, email=email, clock=clock)
    assert result.ok, result
    return result.value


def reset(session, clock, token: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    return password_reset.reset_password(
        session,
        token=token,
        new_password=password,
        confirm_password=password if confirm is None else confirm,
        clock=clock,
    )


def stored_hash(session, email: str = "ada@example.org") -> str:
    session.expire_all()
    return user_by_email(session, email).password_hash


# --- asking for a link -----------------------------------------------------------------------


def test_a_known_address_gets_a_one_hour_link(session, clock, person):
    link = request(session, clock, " ADA@example.org ")

    assert (link.purpose, link.email) == (Purpose.RESET, "ada@example.org")
    assert link.path == f"/reset-password?token={link.token}"
    [row] = session.exec(select(EmailToken)).all()
    assert (row.user_id, row.purpose, row.token_hash != link.token) == (person.id, "reset", True)
    assert row.expires_at - clock.now() == timedelta(hours=1)


@pytest.mark.parametrize("who", ["unknown", "deactivated"])
def test_an_address_without_an_active_account_gets_the_same_answer_and_no_link(session, clock, person, who):
    if who == "deactivated":
        person.deactivated_at = clock.now()
        session.add(person)
        session.commit()
    email = "nobody@example.org" if who == "unknown" else person.email

    result = password_reset.request_password_reset(session, email=email, clock=clock)

    assert result.ok and result.value is None
    assert count_rows(session, EmailToken) == 0


def test_asking_is_limited_to_three_per_fifteen_minutes_per_address_known_or_not(session, clock, person):
    known = [request(session, clock) for _ in range(4)]
    unknown = [request(session, clock, "nobody@example.org") for _ in range(4)]

    assert [link is not None for link in known] == [True, True, True, False]
    assert unknown == [None] * 4
    assert count_rows(session, RateEvent) == 6  # the unknown address is counted the same way
    clock.advance(minutes=16)
    assert request(session, clock) is not None


def test_a_malformed_address_is_a_field_error(session, clock):
    result = password_reset.request_password_reset(session, email="not-an-address", clock=clock)
    assert result.code == ErrorCode.VALIDATION_ERROR and result.field_errors["email"] == e.EMAIL_INVALID


# --- using the link ----------------------------------------------------------------------------


def test_a_reset_sets_the_password_ends_every_session_burns_the_link_and_audits(session, clock, person):
    tokens = [signed_in_token(session, clock, email=person.email, password=DEFAULT_PASSWORD) for _ in range(2)]
    link = request(session, clock)
    clock.advance(minutes=59)

    result = reset(session, clock, link.token)

    assert result.ok
    assert passwords.verify_password(NEW_PASSWORD, stored_hash(session))
    assert all(sessions.actor_for_token(session, t, clock=clock) is None for t in tokens)
    assert session.exec(select(EmailToken)).one().used_at == clock.now()
    [entry] = audit_rows_for(session, AuditAction.USER_PASSWORD_RESET)
    assert (entry.actor_id, entry.target_id, entry.details) == (person.id, person.id, {"sessionsEnded": 2})
    assert accounts.sign_in(session, email=person.email, password=NEW_PASSWORD, clock=clock).ok
    old = accounts.sign_in(session, email=person.email, password=DEFAULT_PASSWORD, clock=clock)
    assert old.code == ErrorCode.INVALID_CREDENTIALS


def test_the_link_works_once(session, clock, person):
    link = request(session, clock)
    assert reset(session, clock, link.token).ok
    before = stored_hash(session)

    again = reset(session, clock, link.token, "An0therPassword")

    assert (again.code, again.message) == (ErrorCode.RESET_LINK_INVALID, LINK_INVALID)
    assert stored_hash(session) == before
    assert len(audit_rows_for(session, AuditAction.USER_PASSWORD_RESET)) == 1


def test_a_reset_voids_the_other_links_of_the_person(session, clock, person):
    first, second = request(session, clock), request(session, clock)

    assert reset(session, clock, second.token).ok

    assert reset(session, clock, first.token, "An0therPassword").code == ErrorCode.RESET_LINK_INVALID


def test_an_expired_link_is_refused_and_changes_nothing(session, clock, person):
    link = request(session, clock)
    before = stored_hash(session)
    clock.advance(hours=1)

    assert password_reset.check_reset_link(session, token=link.token, clock=clock).code == ErrorCode.RESET_LINK_INVALID
    result = reset(session, clock, link.token)

    assert (result.code, result.message) == (ErrorCode.RESET_LINK_INVALID, LINK_INVALID)
    assert stored_hash(session) == before
    assert session.exec(select(EmailToken)).one().used_at is None


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda t: t[::-1], id="reversed"),
        pytest.param(lambda t: t[:63], id="cut-short"),
        pytest.param(lambda t: "", id="empty"),
        pytest.param(lambda t: "g" * 64, id="not-hex"),
    ],
)
def test_a_tampered_link_is_refused_and_changes_nothing(session, clock, person, tamper):
    link = request(session, clock)
    before = stored_hash(session)

    result = reset(session, clock, tamper(link.token))

    assert result.code == ErrorCode.RESET_LINK_INVALID
    assert stored_hash(session) == before
    assert count_rows(session, AuditLog) == 0


def test_a_verification_link_does_not_reset(session, clock):
    link = verification.register_for_verification(
        session, email="new@example.org", password=STRONG_PASSWORD, confirm_password=STRONG_PASSWORD, clock=clock
    ).value

    assert reset(session, clock, link.token).code == ErrorCode.RESET_LINK_INVALID


def test_an_account_deactivated_after_asking_cannot_use_its_link(session, clock, person):
    link = request(session, clock)
    person.deactivated_at = clock.now()
    session.add(person)
    session.commit()

    assert reset(session, clock, link.token).code == ErrorCode.RESET_LINK_INVALID


@pytest.mark.parametrize(
    ("password", "confirm", "field", "message"),
    [
        ("short1A", None, "new_password", e.PASSWORD_TOO_SHORT),
        ("alllowercase1", None, "new_password", e.PASSWORD_NEEDS_UPPER),
        ("NoDigitsHere", None, "new_password", e.PASSWORD_NEEDS_DIGIT),
        ("A1" + "a" * 71, None, "new_password", e.PASSWORD_TOO_LONG),
        (NEW_PASSWORD, "Different1", "confirm_password", e.PASSWORDS_DO_NOT_MATCH),
    ],
)
def test_the_registration_policy_applies_and_a_refusal_keeps_the_link(
    session, clock, person, password, confirm, field, message
):
    link = request(session, clock)
    before = stored_hash(session)

    result = reset(session, clock, link.token, password, confirm)

    assert (result.code, result.field_errors) == (ErrorCode.VALIDATION_ERROR, {field: message})
    assert stored_hash(session) == before
    assert session.exec(select(EmailToken)).one().used_at is None
    assert reset(session, clock, link.token).ok  # the person corrects it with the same link


def test_a_reset_also_verifies_the_address_it_reached(session, clock):
    verification.register_for_verification(
        session, email="new@example.org", password=STRONG_PASSWORD, confirm_password=STRONG_PASSWORD, clock=clock
    )
    link = request(session, clock, "new@example.org")

    assert reset(session, clock, link.token).ok

    assert accounts.sign_in(
        session, email="new@example.org", password=NEW_PASSWORD, require_verified=True, clock=clock
    ).ok
