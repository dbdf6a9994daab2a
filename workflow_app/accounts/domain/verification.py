"""Email verification (ORIGINS C1, C2): an account registered with the flag on signs in only
after its owner opened the link mailed to them."""

from __future__ import annotations

import logging

from sqlmodel import Session, col, select

from workflow_app.accounts.domain import accounts
from workflow_app.accounts.domain.email_tokens import Link, Purpose, Standing, burn, issue, look_up, may_mail
from workflow_app.core.actor import Actor
from workflow_app.core.arguments import checked
from workflow_app.core.audit import record
from workflow_app.core.clock import Clock
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok, Result, err
from workflow_app.core.validation import email_problem
from workflow_app.models import AuditAction, User

log = logging.getLogger(__name__)


@checked
def register_for_verification(
    session: Session,
    *,
    email: str,
    password: str,
    confirm_password: str,
    display_name: str = "",
    allowed_domain: str = "",
    superadmin_email: str = "",
    clock: Clock,
) -> Result[Link]:
    """Creates the account unverified and returns the verification link to mail (no sign-in)."""
    created = accounts.create_account(
        session,
        email=email,
        password=password,
        confirm_password=confirm_password,
        display_name=display_name,
        allowed_domain=allowed_domain,
        superadmin_email=superadmin_email,
        verified=False,
        clock=clock,
    )
    if not created.ok:
        return created
    link = issue(session, created.value, purpose=Purpose.VERIFY, clock=clock)
    session.commit()
    log.info("register.success", extra={"user_id": created.value.id, "verified": False})
    return Ok(link)


@checked
def resend_verification(session: Session, *, email: str, clock: Clock) -> Result[Link | None]:
    """A new link when the address has an unverified, active account; None otherwise or when
    the address asked too often. The page says the same in every case."""
    email = accounts.normalize_email(email)
    if problem := email_problem(email):
        return Err(ErrorCode.VALIDATION_ERROR, problem, {"email": problem})
    if not may_mail(session, purpose=Purpose.VERIFY, email=email, clock=clock):
        log.info("verify.resend_rate_limited")
        return Ok(None)
    user = session.exec(select(User).where(col(User.email) == email)).first()
    link = None
    if user is not None and user.email_verified_at is None and user.deactivated_at is None:
        link = issue(session, user, purpose=Purpose.VERIFY, clock=clock)
    session.commit()
    return Ok(link)


@checked
def verify_email(session: Session, *, token: str, clock: Clock) -> Result[None]:
    """Burns the link and marks the address verified."""
    standing, row = look_up(session, token, purpose=Purpose.VERIFY, clock=clock)
    if standing == Standing.USED:
        return err(ErrorCode.ALREADY_VERIFIED)
    user = session.get(User, row.user_id) if row is not None else None
    if standing != Standing.VALID or row is None or user is None:
        log.info("verify.expired", extra={"reason": standing.value, "user_id": row.user_id if row else None})
        return err(ErrorCode.VERIFICATION_LINK_INVALID)
    if not burn(session, row, clock=clock):  # a second click won the race
        session.rollback()
        return err(ErrorCode.ALREADY_VERIFIED)
    if user.email_verified_at is not None:  # verified meanwhile through another link
        session.commit()
        return err(ErrorCode.ALREADY_VERIFIED)
    user.email_verified_at = user.updated_at = clock.now()
    record(
        session,
        Actor.of(user),
        action=AuditAction.USER_EMAIL_VERIFIED,
        target_type="user",
        target_id=user.id,
        target_title=user.display_name,
        clock=clock,
    )
    session.commit()
    log.info("verify.success", extra={"user_id": user.id})
    return Ok(None)
