"""A person's own profile: display name and password (seed 003, ORIGINS C11)."""

from __future__ import annotations

import pytest

from tests.core.helpers import STRONG_PASSWORD, audit_rows_for, signed_in_token
from tests.factories import DEFAULT_PASSWORD, audit_rows, make_user
from workflow_app.accounts.domain import passwords, profile, sessions
from workflow_app.core import errors as e
from workflow_app.core.actor import Actor
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok
from workflow_app.models import AuditAction, User


@pytest.fixture
def user(session) -> User:
    return make_user(session, display_name="Ada", email="ada@example.org")


@pytest.fixture
def actor(user) -> Actor:
    return Actor.of(user)


def reread(session, user: User) -> User:
    session.rollback()
    session.expire_all()
    return session.get(User, user.id)


# --- display name ----------------------------------------------------------------------------


def test_a_new_display_name_is_trimmed_and_stored(session, clock, user, actor):
    clock.advance(days=1)

    result = profile.update_display_name(session, actor, display_name="  Ada Lovelace  ", clock=clock)

    assert result == Ok("Ada Lovelace")
    stored = reread(session, user)
    assert stored.display_name == "Ada Lovelace"
    assert stored.updated_at == clock.now()


def test_changing_the_display_name_writes_one_audit_row_with_from_and_to(session, clock, user, actor):
    profile.update_display_name(session, actor, display_name="Ada Lovelace", clock=clock)

    [entry] = audit_rows(session)
    assert entry.action == AuditAction.USER_DISPLAY_NAME_CHANGED
    assert entry.actor_id == user.id
    assert (entry.target_type, entry.target_id, entry.target_title) == ("user", user.id, "Ada Lovelace")
    assert entry.details == {"from": "Ada", "to": "Ada Lovelace"}
    assert entry.created_at == clock.now()


def test_a_display_name_of_50_characters_is_accepted(session, clock, user, actor):
    assert profile.update_display_name(session, actor, display_name="x" * 50, clock=clock) == Ok("x" * 50)
    assert reread(session, user).display_name == "x" * 50


@pytest.mark.parametrize(
    ("display_name", "message"),
    [
        ("", e.DISPLAY_NAME_EMPTY),
        ("   \t ", e.DISPLAY_NAME_EMPTY),
        (None, e.DISPLAY_NAME_EMPTY),
        ("x" * 51, e.DISPLAY_NAME_TOO_LONG),
        ("  " + "x" * 51 + "  ", e.DISPLAY_NAME_TOO_LONG),
    ],
)
def test_an_invalid_display_name_is_refused_and_nothing_is_written(session, clock, user, actor, display_name, message):
    result = profile.update_display_name(session, actor, display_name=display_name, clock=clock)

    assert result == Err(ErrorCode.VALIDATION_ERROR, message, {"display_name": message})
    assert reread(session, user).display_name == "Ada"
    assert audit_rows(session) == []


def test_the_texts_are_the_documented_ones():
    assert e.DISPLAY_NAME_EMPTY == "Display name cannot be empty."
    assert e.DISPLAY_NAME_TOO_LONG == "Display name must be 50 characters or fewer."


# --- password --------------------------------------------------------------------------------


def _change(session, actor, clock, *, current=DEFAULT_PASSWORD, new=STRONG_PASSWORD, confirm=None):
    return profile.update_password(
        session,
        actor,
        current_password=current,
        new_password=new,
        confirm_password=new if confirm is None else confirm,
        clock=clock,
    )


def test_a_wrong_current_password_is_refused_and_nothing_changes(session, clock, user, actor):
    hash_before = user.password_hash

    result = _change(session, actor, clock, current="Wr0ngPassword")

    assert result.code == ErrorCode.WRONG_CURRENT_PASSWORD
    assert result.message == "Current password is incorrect."
    assert result.field_errors == {"current_password": "Current password is incorrect."}
    assert reread(session, user).password_hash == hash_before
    assert audit_rows(session) == []


def test_an_empty_current_password_is_asked_for(session, clock, user, actor):
    hash_before = user.password_hash

    result = _change(session, actor, clock, current="")

    assert result == Err(
        ErrorCode.VALIDATION_ERROR, e.CURRENT_PASSWORD_REQUIRED, {"current_password": e.CURRENT_PASSWORD_REQUIRED}
    )
    assert reread(session, user).password_hash == hash_before
    assert audit_rows(session) == []


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("Sh0rt", "Password must be at least 8 characters."),
        ("Aa1" + "x" * 70, "Password must be 72 characters or fewer."),
        ("lowercase1", "Password must contain at least one uppercase letter."),
        ("UPPERCASE1", "Password must contain at least one lowercase letter."),
        ("NoDigitsHere", "Password must contain at least one number."),
    ],
)
def test_a_new_password_breaking_the_policy_is_refused(session, clock, user, actor, new_password, message):
    hash_before = user.password_hash

    result = _change(session, actor, clock, new=new_password)

    assert result == Err(ErrorCode.VALIDATION_ERROR, message, {"new_password": message})
    assert reread(session, user).password_hash == hash_before
    assert audit_rows(session) == []


def test_a_mismatched_confirmation_is_refused(session, clock, user, actor):
    hash_before = user.password_hash

    result = _change(session, actor, clock, confirm=STRONG_PASSWORD + "x")

    assert result == Err(
        ErrorCode.VALIDATION_ERROR, "Passwords do not match.", {"confirm_password": "Passwords do not match."}
    )
    assert reread(session, user).password_hash == hash_before
    assert audit_rows(session) == []


def test_a_changed_password_replaces_the_old_one(session, clock, user, actor):
    clock.advance(hours=3)

    result = _change(session, actor, clock)

    assert result == Ok(None)
    stored = reread(session, user)
    assert passwords.verify_password(STRONG_PASSWORD, stored.password_hash)
    assert not passwords.verify_password(DEFAULT_PASSWORD, stored.password_hash)
    assert stored.updated_at == clock.now()


def test_changing_the_password_writes_one_audit_row_without_the_password(session, clock, user, actor):
    _change(session, actor, clock)

    [entry] = audit_rows_for(session, AuditAction.USER_PASSWORD_CHANGED)
    assert entry.actor_id == user.id
    assert (entry.target_type, entry.target_id, entry.target_title) == ("user", user.id, "Ada")
    assert STRONG_PASSWORD not in repr(entry.details)
    assert DEFAULT_PASSWORD not in repr(entry.details)
    assert len(audit_rows(session)) == 1


def test_the_stored_hash_never_contains_the_password(session, clock, user, actor):
    _change(session, actor, clock)

    stored = reread(session, user).password_hash
    assert STRONG_PASSWORD not in stored
    assert stored.startswith("$2b$")


def test_the_current_password_is_checked_against_the_database_not_the_actor(session, clock, user, actor):
    assert isinstance(_change(session, actor, clock), Ok)

    # The page still holds the same actor; the old password must no longer pass as current.
    result = _change(session, actor, clock, current=DEFAULT_PASSWORD, new="An0therPassword")

    assert result.code == ErrorCode.WRONG_CURRENT_PASSWORD
    assert passwords.verify_password(STRONG_PASSWORD, reread(session, user).password_hash)


# --- session hygiene (issue 9: F6, F8) ---------------------------------------------------------


def test_changing_the_password_ends_every_other_session_but_keeps_this_one(session, clock, user, actor):
    this_tab = signed_in_token(session, clock, email=user.email, password=DEFAULT_PASSWORD)
    other_browser = signed_in_token(session, clock, email=user.email, password=DEFAULT_PASSWORD)

    assert profile.update_password(
        session,
        actor,
        current_password=DEFAULT_PASSWORD,
        new_password=STRONG_PASSWORD,
        confirm_password=STRONG_PASSWORD,
        keep_token=this_tab,
        clock=clock,
    ).ok

    assert sessions.actor_for_token(session, this_tab, clock=clock).user_id == user.id
    assert sessions.actor_for_token(session, other_browser, clock=clock) is None
    [entry] = audit_rows_for(session, AuditAction.USER_PASSWORD_CHANGED)
    assert entry.details == {"otherSessionsEnded": 1}


def test_wrong_current_passwords_are_limited_like_sign_ins(session, clock, user, actor):
    for _ in range(profile.PASSWORD_ATTEMPTS):
        assert _change(session, actor, clock, current="Wr0ngPassword").code == ErrorCode.WRONG_CURRENT_PASSWORD

    limited = _change(session, actor, clock)  # even the right one, until the window has passed

    assert (limited.code, limited.message) == (
        ErrorCode.PASSWORD_RATE_LIMITED,
        "Too many wrong passwords. Please try again in 15 minutes.",
    )
    assert passwords.verify_password(DEFAULT_PASSWORD, reread(session, user).password_hash)
    clock.advance(minutes=16)
    assert _change(session, actor, clock).ok
