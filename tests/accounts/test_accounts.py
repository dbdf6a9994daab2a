"""Registration, sign-in under the per-email limit, and the SUPERADMIN_EMAIL promotion."""

from __future__ import annotations

import logging

import pytest

from tests.core.helpers import (
    SESSION_TTL,
    STRONG_PASSWORD,
    audit_rows_for,
    count_rows,
    register,
    user_by_email,
)
from tests.factories import DEFAULT_PASSWORD, audit_rows, make_user
from workflow_app.accounts.domain import accounts, passwords, sessions
from workflow_app.core import errors as e
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok
from workflow_app.models import AuditAction, AuditLog, LoginTicket, RateEvent, Role, User


def assert_nothing_written(session) -> None:
    session.rollback()
    assert count_rows(session, User) == 0
    assert count_rows(session, AuditLog) == 0
    assert count_rows(session, LoginTicket) == 0


# --- register: success ---------------------------------------------------------------------


def test_registration_creates_a_submitter_with_a_hashed_password(session, clock):
    result = register(session, clock, email="ada@example.org", display_name="Ada Lovelace")

    assert isinstance(result, Ok)
    session.expire_all()
    user = user_by_email(session, "ada@example.org")
    assert user.role == Role.SUBMITTER
    assert user.display_name == "Ada Lovelace"
    assert user.password_hash != STRONG_PASSWORD
    assert passwords.verify_password(STRONG_PASSWORD, user.password_hash)
    assert user.created_at == clock.now()


def test_a_blank_display_name_becomes_the_email_local_part(session, clock):
    result = register(session, clock, email="grace.hopper@example.org", display_name="   ")

    assert isinstance(result, Ok)
    assert user_by_email(session, "grace.hopper@example.org").display_name == "grace.hopper"


def test_the_display_name_is_trimmed(session, clock):
    register(session, clock, email="ada@example.org", display_name="  Ada  ")

    assert user_by_email(session, "ada@example.org").display_name == "Ada"


def test_the_email_is_stored_lowercased_and_trimmed(session, clock):
    result = register(session, clock, email="  Ada.Lovelace@Example.ORG ")

    assert isinstance(result, Ok)
    session.expire_all()
    assert [u.email for u in session.exec(User.__table__.select())] == ["ada.lovelace@example.org"]


def test_registration_writes_one_user_registered_audit_row(session, clock):
    register(session, clock, email="ada@example.org", display_name="Ada")

    user = user_by_email(session, "ada@example.org")
    [entry] = audit_rows(session)
    assert entry.action == AuditAction.USER_REGISTERED
    assert entry.actor_id == user.id
    assert entry.actor_name == "Ada"
    assert (entry.target_type, entry.target_id, entry.target_title) == ("user", user.id, "Ada")
    assert entry.details == {"role": "SUBMITTER"}
    assert entry.created_at == clock.now()


def test_registration_returns_a_ticket_that_signs_the_new_user_in(session, clock):
    result = register(session, clock, email="ada@example.org")

    token = sessions.redeem_login_ticket(session, ticket=result.value, ttl=SESSION_TTL, clock=clock)
    actor = sessions.actor_for_token(session, token, clock=clock)

    user = user_by_email(session, "ada@example.org")
    assert actor is not None
    assert (actor.user_id, actor.role, actor.email) == (user.id, Role.SUBMITTER, "ada@example.org")


def test_the_superadmin_email_registers_as_superadmin(session, clock):
    result = register(session, clock, email="Boss@Example.org", superadmin_email="boss@example.org")

    assert isinstance(result, Ok)
    assert user_by_email(session, "boss@example.org").role == Role.SUPERADMIN
    assert audit_rows(session)[0].details == {"role": "SUPERADMIN"}


def test_other_emails_stay_submitters_when_a_superadmin_email_is_set(session, clock):
    register(session, clock, email="ada@example.org", superadmin_email="boss@example.org")

    assert user_by_email(session, "ada@example.org").role == Role.SUBMITTER


# --- register: validation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message", "field"),
    [
        ({"email": ""}, e.EMAIL_REQUIRED, "email"),
        ({"email": "   "}, e.EMAIL_REQUIRED, "email"),
        ({"email": "not-an-email"}, e.EMAIL_INVALID, "email"),
        ({"email": "ada@localhost"}, e.EMAIL_INVALID, "email"),
        ({"email": "a b@example.org"}, e.EMAIL_INVALID, "email"),
        ({"email": "a" * 250 + "@example.org"}, e.EMAIL_INVALID, "email"),
        ({"password": "Sh0rt"}, e.PASSWORD_TOO_SHORT, "password"),
        ({"password": "Abcdef1"}, e.PASSWORD_TOO_SHORT, "password"),
        ({"password": "Aa1" + "x" * 70}, e.PASSWORD_TOO_LONG, "password"),
        # 70 characters but 74 bytes: the limit is bcrypt's, counted in bytes.
        ({"password": "Aa1" + "x" * 65 + "€€"}, e.PASSWORD_TOO_LONG, "password"),
        ({"password": "lowercase1"}, e.PASSWORD_NEEDS_UPPER, "password"),
        ({"password": "UPPERCASE1"}, e.PASSWORD_NEEDS_LOWER, "password"),
        ({"password": "NoDigitsHere"}, e.PASSWORD_NEEDS_DIGIT, "password"),
        ({"confirm_password": "Str0ngPassw0rD"}, e.PASSWORDS_DO_NOT_MATCH, "confirm_password"),
        ({"display_name": "x" * 51}, e.DISPLAY_NAME_TOO_LONG, "display_name"),
    ],
)
def test_each_invalid_field_is_rejected_with_its_text_and_nothing_is_written(session, clock, fields, message, field):
    values = {
        "email": "ada@example.org",
        "password": STRONG_PASSWORD,
        "confirm_password": STRONG_PASSWORD,
        "display_name": "Ada",
    }
    if "password" in fields and "confirm_password" not in fields:
        values["confirm_password"] = fields["password"]
    values.update(fields)

    result = accounts.register(session, clock=clock, **values)

    assert isinstance(result, Err)
    assert result.code == ErrorCode.VALIDATION_ERROR
    assert result.message == message
    assert result.field_errors[field] == message
    assert_nothing_written(session)


def test_a_password_of_exactly_72_bytes_is_accepted(session, clock):
    password = "Aa1" + "x" * 69

    result = register(session, clock, email="ada@example.org", password=password)

    assert isinstance(result, Ok)
    assert passwords.verify_password(password, user_by_email(session, "ada@example.org").password_hash)


def test_a_display_name_of_exactly_50_characters_is_accepted(session, clock):
    result = register(session, clock, email="ada@example.org", display_name="x" * 50)

    assert isinstance(result, Ok)
    assert user_by_email(session, "ada@example.org").display_name == "x" * 50


def test_every_invalid_field_is_reported_at_once(session, clock):
    result = accounts.register(
        session, email="bad", password="short", confirm_password="other", display_name="x" * 51, clock=clock
    )

    assert result.field_errors == {
        "email": e.EMAIL_INVALID,
        "password": e.PASSWORD_TOO_SHORT,
        "display_name": e.DISPLAY_NAME_TOO_LONG,
    }
    assert result.message == e.EMAIL_INVALID
    assert_nothing_written(session)


# --- register: duplicates and domain ---------------------------------------------------------


@pytest.mark.parametrize("second_email", ["ada@example.org", "ADA@Example.Org", " ada@example.org "])
def test_an_email_that_is_already_registered_is_taken_whatever_its_case(session, clock, second_email):
    assert isinstance(register(session, clock, email="ada@example.org"), Ok)

    result = register(session, clock, email=second_email)

    assert result == Err(
        ErrorCode.EMAIL_TAKEN,
        "An account with this email already exists.",
        {"email": "An account with this email already exists."},
    )
    session.rollback()
    assert count_rows(session, User) == 1
    assert len(audit_rows(session)) == 1
    assert count_rows(session, LoginTicket) == 1


def test_an_email_outside_the_allowed_domain_is_refused(session, clock):
    result = register(session, clock, email="ada@gmail.com", allowed_domain="example.org")

    assert isinstance(result, Err)
    assert result.code == ErrorCode.VALIDATION_ERROR
    assert result.message == "Only @example.org addresses are permitted."
    assert result.field_errors == {"email": "Only @example.org addresses are permitted."}
    assert_nothing_written(session)


def test_a_lookalike_domain_is_not_the_allowed_domain(session, clock):
    result = register(session, clock, email="ada@evil-example.org", allowed_domain="example.org")

    assert result.message == "Only @example.org addresses are permitted."
    assert_nothing_written(session)


def test_an_email_inside_the_allowed_domain_registers_whatever_its_case(session, clock):
    result = register(session, clock, email="Ada@EXAMPLE.org", allowed_domain="example.org")

    assert isinstance(result, Ok)
    assert user_by_email(session, "ada@example.org") is not None


# --- sign_in ---------------------------------------------------------------------------------


def test_signing_in_with_the_right_password_returns_a_ticket(session, clock):
    user = make_user(session, email="ada@example.org")

    result = accounts.sign_in(session, email="Ada@Example.org", password=DEFAULT_PASSWORD, clock=clock)

    assert isinstance(result, Ok)
    token = sessions.redeem_login_ticket(session, ticket=result.value, ttl=SESSION_TTL, clock=clock)
    assert sessions.actor_for_token(session, token, clock=clock).user_id == user.id
    assert count_rows(session, RateEvent) == 0


def test_a_wrong_password_gives_the_generic_message(session, clock):
    make_user(session, email="ada@example.org")

    result = accounts.sign_in(session, email="ada@example.org", password="Wr0ngPassword", clock=clock)

    assert result == Err(ErrorCode.INVALID_CREDENTIALS, "Invalid email or password.")
    assert count_rows(session, LoginTicket) == 0
    assert [r.key for r in session.exec(RateEvent.__table__.select())] == ["login:ada@example.org"]


def test_an_unknown_email_gives_the_same_generic_message(session, clock):
    make_user(session, email="ada@example.org")

    result = accounts.sign_in(session, email="nobody@example.org", password=DEFAULT_PASSWORD, clock=clock)

    assert result == Err(ErrorCode.INVALID_CREDENTIALS, "Invalid email or password.")
    assert count_rows(session, LoginTicket) == 0
    assert count_rows(session, RateEvent) == 1


def test_an_unknown_email_with_the_dummy_hash_password_is_still_refused(session, clock):
    result = accounts.sign_in(session, email="nobody@example.org", password="not-a-password", clock=clock)

    assert result.code == ErrorCode.INVALID_CREDENTIALS
    assert count_rows(session, LoginTicket) == 0


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [("", "x", e.EMAIL_REQUIRED), ("nope", "x", e.EMAIL_INVALID), ("ada@example.org", "", e.PASSWORD_REQUIRED)],
)
def test_empty_or_malformed_sign_in_fields_are_validation_errors(session, clock, email, password, message):
    result = accounts.sign_in(session, email=email, password=password, clock=clock)

    assert result.code == ErrorCode.VALIDATION_ERROR
    assert result.message == message
    assert count_rows(session, RateEvent) == 0


def _fail(session, clock, email="ada@example.org"):
    result = accounts.sign_in(session, email=email, password="Wr0ngPassword", clock=clock)
    assert result.code == ErrorCode.INVALID_CREDENTIALS


RATE_LIMITED = Err(ErrorCode.LOGIN_RATE_LIMITED, "Too many login attempts. Please try again in 15 minutes.")


def test_the_sixth_attempt_after_five_failures_is_refused_even_with_the_right_password(session, clock):
    make_user(session, email="ada@example.org")
    for _ in range(5):
        _fail(session, clock)
        clock.advance(minutes=2)

    result = accounts.sign_in(session, email="ada@example.org", password=DEFAULT_PASSWORD, clock=clock)

    assert result == RATE_LIMITED
    assert count_rows(session, LoginTicket) == 0


def test_four_failures_still_allow_signing_in(session, clock):
    make_user(session, email="ada@example.org")
    for _ in range(4):
        _fail(session, clock)

    result = accounts.sign_in(session, email="ada@example.org", password=DEFAULT_PASSWORD, clock=clock)

    assert isinstance(result, Ok)


def test_signing_in_works_again_once_the_failures_are_older_than_15_minutes(session, clock):
    make_user(session, email="ada@example.org")
    for _ in range(5):
        _fail(session, clock)
    clock.advance(minutes=14, seconds=59)
    assert accounts.sign_in(session, email="ada@example.org", password=DEFAULT_PASSWORD, clock=clock) == RATE_LIMITED

    clock.advance(seconds=2)
    result = accounts.sign_in(session, email="ada@example.org", password=DEFAULT_PASSWORD, clock=clock)

    assert isinstance(result, Ok)


def test_the_window_slides_with_the_oldest_failure(session, clock):
    make_user(session, email="ada@example.org")
    _fail(session, clock)
    clock.advance(minutes=10)
    for _ in range(4):
        _fail(session, clock)
    clock.advance(minutes=5, seconds=1)  # the first failure has left the window, four remain

    assert isinstance(accounts.sign_in(session, email="ada@example.org", password=DEFAULT_PASSWORD, clock=clock), Ok)
    _fail(session, clock)
    assert accounts.sign_in(session, email="ada@example.org", password=DEFAULT_PASSWORD, clock=clock) == RATE_LIMITED


def test_the_limit_is_per_email(session, clock):
    make_user(session, email="ada@example.org")
    make_user(session, email="grace@example.org")
    for _ in range(5):
        _fail(session, clock)

    result = accounts.sign_in(session, email="grace@example.org", password=DEFAULT_PASSWORD, clock=clock)

    assert isinstance(result, Ok)
    assert accounts.sign_in(session, email="ada@example.org", password=DEFAULT_PASSWORD, clock=clock) == RATE_LIMITED


def test_failures_count_together_whatever_the_case_of_the_email(session, clock):
    make_user(session, email="user@x.org")
    for email in ["User@X.org", "USER@x.ORG", "user@x.org", "uSeR@X.Org", " user@x.org "]:
        _fail(session, clock, email=email)

    result = accounts.sign_in(session, email="user@x.org", password=DEFAULT_PASSWORD, clock=clock)

    assert result == RATE_LIMITED
    assert {r.key for r in session.exec(RateEvent.__table__.select())} == {"login:user@x.org"}


def test_unknown_emails_are_rate_limited_too(session, clock):
    for _ in range(5):
        _fail(session, clock, email="nobody@example.org")

    result = accounts.sign_in(session, email="nobody@example.org", password="Wr0ngPassword", clock=clock)

    assert result == RATE_LIMITED
    assert count_rows(session, RateEvent) == 5


# --- promote_superadmin ----------------------------------------------------------------------


def test_promoting_the_superadmin_email_makes_that_user_superadmin_once(session, clock):
    user = make_user(session, email="boss@example.org", display_name="Boss", role=Role.ADMIN)

    assert accounts.promote_superadmin(session, email="Boss@Example.org", clock=clock) is True
    clock.advance(minutes=1)
    assert accounts.promote_superadmin(session, email="boss@example.org", clock=clock) is True

    session.expire_all()
    assert session.get(User, user.id).role == Role.SUPERADMIN
    [entry] = audit_rows_for(session, AuditAction.USER_ROLE_CHANGED)
    assert entry.actor_id is None
    assert entry.actor_name == "system"
    assert (entry.target_type, entry.target_id, entry.target_title) == ("user", user.id, "Boss")
    assert entry.details == {"from": "ADMIN", "to": "SUPERADMIN", "via": "SUPERADMIN_EMAIL"}
    assert len(audit_rows(session)) == 1


def test_promoting_an_existing_superadmin_writes_nothing(session, clock):
    user = make_user(session, email="boss@example.org", role=Role.SUPERADMIN)

    assert accounts.promote_superadmin(session, email="boss@example.org", clock=clock) is True

    assert session.get(User, user.id).role == Role.SUPERADMIN
    assert audit_rows(session) == []


@pytest.mark.parametrize("email", ["nobody@example.org", "", "   "])
def test_promoting_an_email_without_an_account_returns_false_and_writes_nothing(session, clock, email):
    make_user(session, email="ada@example.org")

    assert accounts.promote_superadmin(session, email=email, clock=clock) is False

    assert audit_rows(session) == []
    assert user_by_email(session, "ada@example.org").role == Role.SUBMITTER


def test_a_refused_registration_logs_register_fail_with_its_code_and_no_password(session, clock, caplog):
    assert isinstance(register(session, clock, email="ada@example.org"), Ok)
    with caplog.at_level(logging.INFO, logger="workflow_app.accounts.domain.accounts"):
        register(session, clock, email="ada@example.org")
        register(session, clock, email="grace@example.org", password="short", confirm_password="short")

    lines = [r for r in caplog.records if r.getMessage() == "register.fail"]
    assert [r.code for r in lines] == ["EMAIL_TAKEN", "VALIDATION_ERROR"]
    assert lines[1].fields == ["password"]
    assert all("short" not in repr(vars(r)) for r in lines)
