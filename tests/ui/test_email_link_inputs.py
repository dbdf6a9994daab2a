"""The email-link pages check every argument before any work, like the other account pages."""

from __future__ import annotations

import pytest

from tests.ui.helpers import NOT_A_DICT, WRONG_TYPES, run, state_of
from workflow_app.accounts.pages.forgot_password import ForgotPasswordState
from workflow_app.accounts.pages.login import EMAIL_INPUT_MAX, PASSWORD_INPUT_MAX
from workflow_app.accounts.pages.reset_password import ResetPasswordState
from workflow_app.accounts.pages.verify_email import TOKEN_INPUT_MAX, VerifyEmailState
from workflow_app.core import errors as e
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.core.result import Ok, err
from workflow_app.ui import inputs

TOKEN = "ab" * 32


@pytest.mark.parametrize("bad", [pytest.param("a" * (EMAIL_INPUT_MAX + 1), id="oversized"), *WRONG_TYPES])
def test_forgot_password_refuses_a_bad_email_and_does_no_work(work, bad):
    state = state_of(ForgotPasswordState)
    run(state.submit({"email": bad}))
    assert state.email_error in (e.EMAIL_INVALID, inputs.NOT_TEXT) and state.notice == ""
    assert work.calls == []


@pytest.mark.parametrize("bad", NOT_A_DICT)
def test_forgot_password_refuses_form_data_that_is_not_a_dict(work, bad):
    state = state_of(ForgotPasswordState)
    run(state.submit(bad))
    assert state.form_error == message_for(ErrorCode.VALIDATION_ERROR) and work.calls == []


def test_forgot_password_gives_the_neutral_answer_whatever_the_domain_found(work):
    work.value = Ok(None)
    state = state_of(ForgotPasswordState)
    run(state.submit({"email": "nobody@example.com", "extra": "x" * 10_000}))
    assert [kwargs for _, kwargs in work.calls] == [{"email": "nobody@example.com"}]
    assert state.notice == e.RESET_REQUESTED and state.email_error == ""


@pytest.mark.parametrize(
    ("name", "message"), [("new_password", e.PASSWORD_TOO_LONG), ("confirm_password", e.PASSWORDS_DO_NOT_MATCH)]
)
def test_reset_password_refuses_an_oversized_password_and_does_no_work(work, name, message):
    state = state_of(ResetPasswordState, f"http://localhost:3000/reset-password?token={TOKEN}")
    form = {"new_password": "N3wPassword", "confirm_password": "N3wPassword", name: "a" * (PASSWORD_INPUT_MAX + 1)}
    run(state.submit(form))
    assert state.errors == {name: message} and work.calls == [] and state.done is False


def test_reset_password_hands_an_overlong_token_on_as_no_token(work):
    work.value = err(ErrorCode.RESET_LINK_INVALID)
    state = state_of(ResetPasswordState, "http://localhost:3000/reset-password?token=" + "a" * (TOKEN_INPUT_MAX + 1))
    run(state.submit({"new_password": "N3wPassword", "confirm_password": "N3wPassword"}))
    assert [kwargs["token"] for _, kwargs in work.calls] == [""]
    assert state.link_error == message_for(ErrorCode.RESET_LINK_INVALID) and state.done is False


def test_verify_email_hands_the_token_of_the_link_to_the_domain_and_shows_the_outcome(work):
    work.value = Ok(None)
    state = state_of(VerifyEmailState, f"http://localhost:3000/verify-email?token={TOKEN}")
    run(state.check())
    assert [kwargs for _, kwargs in work.calls] == [{"token": TOKEN}]
    assert state.verified and state.message == e.EMAIL_VERIFIED


def test_verify_email_shows_the_invalid_link_text(work):
    work.value = err(ErrorCode.VERIFICATION_LINK_INVALID)
    state = state_of(VerifyEmailState, "http://localhost:3000/verify-email?token=" + "a" * 5000)
    run(state.check())
    assert [kwargs["token"] for _, kwargs in work.calls] == [""]
    assert not state.verified and state.message == "This verification link is invalid or has expired."
