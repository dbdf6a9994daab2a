"""Email verification (ORIGINS C1–C3): unverified accounts, their single-use 24-hour link, sign-in."""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

import pytest
from sqlmodel import select

from tests.core.helpers import STRONG_PASSWORD, audit_rows_for, count_rows, register, user_by_email
from tests.factories import make_user
from workflow_app.accounts.domain import accounts, password_reset, people, verification
from workflow_app.accounts.domain.email_tokens import Purpose
from workflow_app.core.errors import ErrorCode
from workflow_app.demo import DEMO_LOGINS, seed_demo_data
from workflow_app.models import AuditAction, AuditLog, EmailToken, LoginTicket, RateEvent, User

EMAIL = "ada@example.org"
NOT_VERIFIED = "Please verify your email before signing in."
LINK_INVALID = "This verification link is invalid or has expired."


def register_unverified(session, clock, *, email: str = EMAIL, **kwargs):
    kwargs.setdefault("password", STRONG_PASSWORD)
    kwargs.setdefault("confirm_password", kwargs["password"])
    return verification.register_for_verification(session, email=email, clock=clock, **kwargs)


def sign_in(session, clock, *, email: str = EMAIL, password: str = STRONG_PASSWORD):
    return accounts.sign_in(session, email=email, password=password, require_verified=True, clock=clock)


# --- registering -----------------------------------------------------------------------------


def test_registering_with_verification_creates_an_unverified_account_and_a_link_but_no_sign_in(session, clock):
    result = register_unverified(session, clock, email=" Ada@Example.org ", display_name="Ada")

    assert result.ok
    link = result.value
    assert (link.purpose, link.email, link.display_name) == (Purpose.VERIFY, EMAIL, "Ada")
    assert len(link.token) == 64 and int(link.token, 16) >= 0
    assert link.path == f"/verify-email?token={link.token}"
    session.expire_all()
    user = user_by_email(session, EMAIL)
    assert user.email_verified_at is None
    [row] = session.exec(select(EmailToken)).all()
    assert row.token_hash == hashlib.sha256(link.token.encode()).hexdigest() != link.token
    assert (row.user_id, row.purpose, row.used_at) == (user.id, "verify", None)
    assert row.expires_at == clock.now() + timedelta(hours=24)
    assert count_rows(session, LoginTicket) == 0
    assert len(audit_rows_for(session, AuditAction.USER_REGISTERED)) == 1


def test_a_refused_registration_writes_no_account_and_no_link(session, clock):
    result = register_unverified(session, clock, password="short", confirm_password="short")

    assert result.code == ErrorCode.VALIDATION_ERROR
    session.rollback()
    assert count_rows(session, User) == count_rows(session, EmailToken) == count_rows(session, AuditLog) == 0


def test_registration_without_the_flag_and_every_other_way_in_make_verified_accounts(session, clock):
    register(session, clock, email="plain@example.org")
    people.operator_create(
        session, email="cli@example.org", display_name="Cli", password=STRONG_PASSWORD, role="SCM", clock=clock
    )
    seed_demo_data(session, clock=clock)

    session.expire_all()
    emails = ["plain@example.org", "cli@example.org", *(login.email for login in DEMO_LOGINS)]
    assert all(user_by_email(session, email).email_verified_at == clock.now() for email in emails)
    assert sign_in(session, clock, email="cli@example.org").ok


# --- signing in --------------------------------------------------------------------------------


def test_an_unverified_account_with_the_right_password_is_refused_with_the_clear_text(session, clock):
    register_unverified(session, clock)

    result = sign_in(session, clock)

    assert (result.code, result.message) == (ErrorCode.EMAIL_NOT_VERIFIED, NOT_VERIFIED)
    assert count_rows(session, LoginTicket) == 0


def test_a_wrong_password_on_an_unverified_account_says_only_invalid_credentials(session, clock):
    register_unverified(session, clock)

    result = sign_in(session, clock, password="Wrong-pass1")

    assert result.code == ErrorCode.INVALID_CREDENTIALS


def test_with_the_flag_off_an_unverified_account_signs_in(session, clock):
    register_unverified(session, clock)

    assert accounts.sign_in(session, email=EMAIL, password=STRONG_PASSWORD, clock=clock).ok


# --- the link --------------------------------------------------------------------------------


def test_a_valid_link_verifies_once_audits_and_then_sign_in_works(session, clock, caplog):
    link = register_unverified(session, clock).value
    clock.advance(hours=23)

    with caplog.at_level(logging.INFO, logger="workflow_app.accounts.domain.verification"):
        result = verification.verify_email(session, token=link.token, clock=clock)

    assert result.ok
    session.expire_all()
    user = user_by_email(session, EMAIL)
    assert user.email_verified_at == clock.now()
    assert session.exec(select(EmailToken)).one().used_at == clock.now()
    [entry] = audit_rows_for(session, AuditAction.USER_EMAIL_VERIFIED)
    assert (entry.actor_id, entry.target_id) == (user.id, user.id)
    assert [r.message for r in caplog.records] == ["verify.success"]
    assert link.token not in caplog.text
    assert sign_in(session, clock).ok


def test_a_used_link_says_already_verified(session, clock):
    link = register_unverified(session, clock).value
    verification.verify_email(session, token=link.token, clock=clock)

    again = verification.verify_email(session, token=link.token, clock=clock)

    assert (again.code, again.message) == (ErrorCode.ALREADY_VERIFIED, "Already verified")
    assert len(audit_rows_for(session, AuditAction.USER_EMAIL_VERIFIED)) == 1


def test_an_expired_link_is_refused_logged_and_changes_nothing(session, clock, caplog):
    link = register_unverified(session, clock).value
    clock.advance(hours=24)

    with caplog.at_level(logging.INFO, logger="workflow_app.accounts.domain.verification"):
        result = verification.verify_email(session, token=link.token, clock=clock)

    assert (result.code, result.message) == (ErrorCode.VERIFICATION_LINK_INVALID, LINK_INVALID)
    assert [r.message for r in caplog.records] == ["verify.expired"]
    session.expire_all()
    assert user_by_email(session, EMAIL).email_verified_at is None
    assert session.exec(select(EmailToken)).one().used_at is None
    assert sign_in(session, clock).code == ErrorCode.EMAIL_NOT_VERIFIED


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda t: t[:-1] + ("0" if t[-1] != "0" else "1"), id="one-digit-changed"),
        pytest.param(lambda t: t.upper(), id="upper-case"),
        pytest.param(lambda t: t[:32], id="cut-short"),
        pytest.param(lambda t: "", id="empty"),
        pytest.param(lambda t: t + "' OR 1=1 --", id="sql"),
    ],
)
def test_a_tampered_link_is_refused_and_changes_nothing(session, clock, tamper):
    link = register_unverified(session, clock).value

    result = verification.verify_email(session, token=tamper(link.token), clock=clock)

    assert (result.code, result.message) == (ErrorCode.VERIFICATION_LINK_INVALID, LINK_INVALID)
    session.expire_all()
    assert user_by_email(session, EMAIL).email_verified_at is None
    assert audit_rows_for(session, AuditAction.USER_EMAIL_VERIFIED) == []


def test_a_reset_link_does_not_verify(session, clock):
    register_unverified(session, clock)
    reset = password_reset.request_password_reset(session, email=EMAIL, clock=clock).value

    result = verification.verify_email(session, token=reset.token, clock=clock)

    assert result.code == ErrorCode.VERIFICATION_LINK_INVALID


# --- resending -----------------------------------------------------------------------------


def test_resending_gives_a_new_working_link_and_the_old_one_still_works_once(session, clock):
    first = register_unverified(session, clock).value

    second = verification.resend_verification(session, email=" ADA@example.org", clock=clock).value

    assert second is not None and second.token != first.token
    assert verification.verify_email(session, token=second.token, clock=clock).ok
    assert verification.verify_email(session, token=first.token, clock=clock).code == ErrorCode.ALREADY_VERIFIED


@pytest.mark.parametrize("who", ["unknown", "verified", "deactivated"])
def test_resending_to_an_address_with_nothing_to_verify_answers_the_same_and_issues_nothing(session, clock, who):
    email = "nobody@example.org"
    if who != "unknown":
        user = make_user(session, email=email)
        if who == "verified":
            user.email_verified_at = clock.now()
        else:
            user.deactivated_at = clock.now()
        session.add(user)
        session.commit()

    result = verification.resend_verification(session, email=email, clock=clock)

    assert result.ok and result.value is None
    assert count_rows(session, EmailToken) == 0


def test_resending_is_limited_to_three_per_fifteen_minutes_per_address(session, clock):
    register_unverified(session, clock)

    links = [verification.resend_verification(session, email=EMAIL, clock=clock).value for _ in range(4)]

    assert [link is not None for link in links] == [True, True, True, False]
    clock.advance(minutes=15, seconds=1)
    assert verification.resend_verification(session, email=EMAIL, clock=clock).value is not None


def test_resending_to_no_address_at_all_is_a_field_error_and_counts_nothing(session, clock):
    result = verification.resend_verification(session, email="not an address", clock=clock)

    assert result.code == ErrorCode.VALIDATION_ERROR and "email" in result.field_errors
    assert count_rows(session, RateEvent) == 0
