"""Registration and sign-in (ORIGINS C1, C3)."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from workflow_app.accounts.domain import passwords, sessions
from workflow_app.core import errors as e
from workflow_app.core import ratelimit
from workflow_app.core.actor import Actor
from workflow_app.core.arguments import checked
from workflow_app.core.audit import record
from workflow_app.core.clock import Clock
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Ok, Result, err
from workflow_app.core.validation import display_name_problem, email_problem, invalid, password_problem
from workflow_app.models import AuditAction, Role, User

log = logging.getLogger(__name__)

LOGIN_WINDOW = timedelta(minutes=15)
LOGIN_ATTEMPTS = 5


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


@checked
def register(
    session: Session,
    *,
    email: str,
    password: str,
    confirm_password: str,
    display_name: str = "",
    allowed_domain: str = "",
    superadmin_email: str = "",
    clock: Clock,
) -> Result[str]:
    """Creates a SUBMITTER (or the bootstrap SUPERADMIN), verified, and returns a sign-in ticket."""
    created = create_account(
        session,
        email=email,
        password=password,
        confirm_password=confirm_password,
        display_name=display_name,
        allowed_domain=allowed_domain,
        superadmin_email=superadmin_email,
        verified=True,
        clock=clock,
    )
    if not created.ok:
        return created
    ticket = sessions.issue_login_ticket(session, user_id=created.value.id, clock=clock)
    session.commit()
    log.info("register.success", extra={"user_id": created.value.id})
    return Ok(ticket)


def create_account(
    session: Session,
    *,
    email: str,
    password: str,
    confirm_password: str,
    display_name: str,
    allowed_domain: str,
    superadmin_email: str,
    verified: bool,
    clock: Clock,
) -> Result[User]:
    """The registration rules and the USER_REGISTERED audit row; the caller commits.
    An account made `verified=False` cannot sign in until its email is verified."""
    email = normalize_email(email)
    name = (display_name or "").strip() or email.split("@")[0][:50]
    problems: dict[str, str] = {}
    if problem := email_problem(email):
        problems["email"] = problem
    elif allowed_domain and not email.endswith("@" + allowed_domain):
        problems["email"] = e.MESSAGES[ErrorCode.EMAIL_DOMAIN_NOT_ALLOWED].format(domain=allowed_domain)
    if problem := password_problem(password or ""):
        problems["password"] = problem
    elif password != confirm_password:
        problems["confirm_password"] = e.PASSWORDS_DO_NOT_MATCH
    if problem := display_name_problem(name):
        problems["display_name"] = problem
    if problems:
        log.info("register.fail", extra={"code": ErrorCode.VALIDATION_ERROR.value, "fields": sorted(problems)})
        return invalid(problems)
    if session.exec(select(User.id).where(col(User.email) == email)).first():
        log.info("register.fail", extra={"code": ErrorCode.EMAIL_TAKEN.value})
        return err(ErrorCode.EMAIL_TAKEN, email=e.MESSAGES[ErrorCode.EMAIL_TAKEN])
    role = Role.SUPERADMIN if superadmin_email and email == superadmin_email else Role.SUBMITTER
    user = User(
        email=email,
        display_name=name,
        password_hash=passwords.hash_password(password),
        role=role,
        email_verified_at=clock.now() if verified else None,
        created_at=clock.now(),
        updated_at=clock.now(),
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError:  # another registration with this email won the race
        session.rollback()
        return err(ErrorCode.EMAIL_TAKEN, email=e.MESSAGES[ErrorCode.EMAIL_TAKEN])
    record(
        session,
        Actor.of(user),
        action=AuditAction.USER_REGISTERED,
        target_type="user",
        target_id=user.id,
        target_title=user.display_name,
        details={"role": role.value},
        clock=clock,
    )
    return Ok(user)


@checked
def sign_in(
    session: Session, *, email: str, password: str, require_verified: bool = False, clock: Clock
) -> Result[str]:
    """Checks the credentials under the per-email limit; returns a sign-in ticket.
    With `require_verified` (FEATURE_EMAIL_VERIFICATION_ENABLED) an unverified account is refused."""
    email = normalize_email(email)
    problems: dict[str, str] = {}
    if problem := email_problem(email):
        problems["email"] = problem
    if not password:
        problems["password"] = e.PASSWORD_REQUIRED
    if problems:
        return invalid(problems)
    key = f"login:{email}"
    if ratelimit.count_recent(session, key=key, window=LOGIN_WINDOW, clock=clock) >= LOGIN_ATTEMPTS:
        log.info("login.rate_limited")
        return err(ErrorCode.LOGIN_RATE_LIMITED)
    user = session.exec(select(User).where(col(User.email) == email)).first()
    if not passwords.verify_password(password, user.password_hash if user else None) or user is None:
        ratelimit.hit(session, key=key, clock=clock)
        session.commit()
        log.info("login.fail")
        return err(ErrorCode.INVALID_CREDENTIALS)
    if user.deactivated_at is not None:  # said only to whoever knows the password
        log.info("login.deactivated", extra={"user_id": user.id})
        return err(ErrorCode.ACCOUNT_DEACTIVATED)
    if require_verified and user.email_verified_at is None:  # likewise, only after the password
        log.info("login.unverified", extra={"user_id": user.id})
        return err(ErrorCode.EMAIL_NOT_VERIFIED)
    ticket = sessions.issue_login_ticket(session, user_id=user.id, clock=clock)
    session.commit()
    log.info("login.success", extra={"user_id": user.id})
    return Ok(ticket)


def promote_superadmin(session: Session, *, email: str, clock: Clock) -> bool:
    """Idempotently makes the SUPERADMIN_EMAIL account a SUPERADMIN; False if no such user."""
    email = normalize_email(email)
    if not email:
        return False
    user = session.exec(select(User).where(col(User.email) == email)).first()
    if user is None:
        log.warning("SUPERADMIN_EMAIL has no account yet; it becomes SUPERADMIN on registration")
        return False
    if user.role != Role.SUPERADMIN:
        previous = user.role
        user.role = Role.SUPERADMIN
        user.updated_at = clock.now()
        record(
            session,
            None,
            action=AuditAction.USER_ROLE_CHANGED,
            target_type="user",
            target_id=user.id,
            target_title=user.display_name,
            details={"from": Role(previous).value, "to": Role.SUPERADMIN.value, "via": "SUPERADMIN_EMAIL"},
            clock=clock,
        )
        session.commit()
    return True
