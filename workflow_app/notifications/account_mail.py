"""The account e-mails (ORIGINS C2 and the password reset): each command that issues a link,
followed by its e-mail once the command committed. The link never reaches the page or a log."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from workflow_app.accounts.domain import password_reset, verification
from workflow_app.accounts.domain.email_tokens import Link, Purpose
from workflow_app.core.result import Ok, Result
from workflow_app.notifications.email import dispatch
from workflow_app.notifications.messages import Letter

VERIFY_SUBJECT = "Verify your InnovatEPAM account"
RESET_SUBJECT = "Reset your InnovatEPAM password"


def letter_for(link: Link) -> Letter:
    if link.purpose == Purpose.VERIFY:
        return Letter(
            kind="account.verify",
            subject=VERIFY_SUBJECT,
            intro=(
                ("Welcome, ", False),
                (link.display_name, True),
                (
                    "! Please confirm your email address to activate your account. The link is valid for 24 hours.",
                    False,
                ),
            ),
            button="Verify Email",
            path=link.path,
        )
    return Letter(
        kind="account.reset",
        subject=RESET_SUBJECT,
        intro=(
            (
                "Someone asked to reset the password of your account. The link is valid for 1 hour and "
                "works once. If it was not you, ignore this email: your password stays as it is.",
                False,
            ),
        ),
        button="Reset Password",
        path=link.path,
    )


def _send(link: Link | None) -> None:
    if link is not None:
        dispatch(letter_for(link).message(to=link.email))


def register_for_verification(session: Session, **registration: Any) -> Result[str]:
    """Registers unverified and mails the link; Ok(the address it went to)."""
    result = verification.register_for_verification(session, **registration)
    if not result.ok:
        return result
    _send(result.value)
    return Ok(result.value.email)


def resend_verification(session: Session, **request: Any) -> Result[None]:
    result = verification.resend_verification(session, **request)
    if not result.ok:
        return result
    _send(result.value)
    return Ok(None)


def request_password_reset(session: Session, **request: Any) -> Result[None]:
    result = password_reset.request_password_reset(session, **request)
    if not result.ok:
        return result
    _send(result.value)
    return Ok(None)
