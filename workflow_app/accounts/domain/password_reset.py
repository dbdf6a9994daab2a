"""Password reset by email: a neutral request, a one-hour single-use link, every session ended."""

from __future__ import annotations

import logging

from sqlmodel import Session, col, select

from workflow_app.accounts.domain import passwords, sessions
from workflow_app.accounts.domain.accounts import normalize_email
from workflow_app.accounts.domain.email_tokens import (
    Link,
    Purpose,
    Standing,
    burn,
    burn_all,
    issue,
    look_up,
    may_mail,
)
from workflow_app.core import errors as e
from workflow_app.core.actor import Actor
from workflow_app.core.arguments import checked
from workflow_app.core.audit import record
from workflow_app.core.clock import Clock
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok, Result, err
from workflow_app.core.validation import email_problem, password_problem
from workflow_app.models import AuditAction, EmailToken, User

log = logging.getLogger(__name__)


@checked
def request_password_reset(session: Session, *, email: str, clock: Clock) -> Result[Link | None]:
    """The link to mail when the address has an active account; None for an unknown or
    deactivated address, or one that asked too often. The page says the same in every case."""
    email = normalize_email(email)
    if problem := email_problem(email):
        return Err(ErrorCode.VALIDATION_ERROR, problem, {"email": problem})
    if not may_mail(session, purpose=Purpose.RESET, email=email, clock=clock):
        log.info("password_reset.rate_limited")
        return Ok(None)
    user = session.exec(select(User).where(col(User.email) == email)).first()
    link = None
    if user is not None and user.deactivated_at is None:
        link = issue(session, user, purpose=Purpose.RESET, clock=clock)
        log.info("password_reset.requested", extra={"user_id": user.id})
    session.commit()
    return Ok(link)


def _usable(session: Session, token: str, clock: Clock) -> tuple[EmailToken, User] | None:
    standing, row = look_up(session, token, purpose=Purpose.RESET, clock=clock)
    if standing != Standing.VALID or row is None:
        log.info("password_reset.refused", extra={"reason": standing.value})
        return None
    user = session.get(User, row.user_id)
    return (row, user) if user is not None and user.deactivated_at is None else None


@checked
def check_reset_link(session: Session, *, token: str, clock: Clock) -> Result[None]:
    """Whether the page should offer the form at all; burns nothing."""
    return Ok(None) if _usable(session, token, clock) else err(ErrorCode.RESET_LINK_INVALID)


@checked
def reset_password(
    session: Session, *, token: str, new_password: str, confirm_password: str, clock: Clock
) -> Result[None]:
    """Sets the new password under the registration policy, burns the link and ends every session."""
    found = _usable(session, token, clock)
    if found is None:
        return err(ErrorCode.RESET_LINK_INVALID)
    row, user = found
    if problem := password_problem(new_password or ""):
        return Err(ErrorCode.VALIDATION_ERROR, problem, {"new_password": problem})
    if new_password != confirm_password:
        return Err(ErrorCode.VALIDATION_ERROR, e.PASSWORDS_DO_NOT_MATCH, {"confirm_password": e.PASSWORDS_DO_NOT_MATCH})
    new_hash = passwords.hash_password(new_password)  # before the write: bcrypt must not hold the lock
    if not burn(session, row, clock=clock):  # the same link was used meanwhile
        session.rollback()
        return err(ErrorCode.RESET_LINK_INVALID)
    now = clock.now()
    user.password_hash, user.updated_at = new_hash, now
    user.email_verified_at = user.email_verified_at or now  # the link reached that mailbox
    burn_all(session, user_id=user.id, purpose=Purpose.RESET, clock=clock)
    ended = sessions.revoke_others(session, user_id=user.id, keep_token=None, clock=clock)
    record(
        session,
        Actor.of(user),
        action=AuditAction.USER_PASSWORD_RESET,
        target_type="user",
        target_id=user.id,
        target_title=user.display_name,
        details={"sessionsEnded": ended},
        clock=clock,
    )
    session.commit()
    log.info("password_reset.success", extra={"user_id": user.id})
    return Ok(None)
