"""A person's own profile: display name and password (seed 003)."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from workflow_app.accounts.domain import passwords, sessions
from workflow_app.core import errors as e
from workflow_app.core import ratelimit
from workflow_app.core.actor import Actor
from workflow_app.core.arguments import checked
from workflow_app.core.audit import record
from workflow_app.core.clock import Clock
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok, Result, err
from workflow_app.core.validation import display_name_problem, password_problem
from workflow_app.models import AuditAction, User

# Wrong current passwords count like wrong sign-ins: otherwise Settings would be a way around
# the login limit for anyone holding a signed-in tab.
PASSWORD_WINDOW = timedelta(minutes=15)
PASSWORD_ATTEMPTS = 5


@checked
def update_display_name(session: Session, actor: Actor, *, display_name: str, clock: Clock) -> Result[str]:
    name = (display_name or "").strip()
    if problem := display_name_problem(name):
        return Err(ErrorCode.VALIDATION_ERROR, problem, {"display_name": problem})
    user = session.get(User, actor.user_id)
    if user is None:
        return err(ErrorCode.UNAUTHENTICATED)
    previous = user.display_name
    user.display_name = name
    user.updated_at = clock.now()
    record(
        session,
        Actor.of(user),
        action=AuditAction.USER_DISPLAY_NAME_CHANGED,
        target_type="user",
        target_id=user.id,
        target_title=name,
        details={"from": previous, "to": name},
        clock=clock,
    )
    session.commit()
    return Ok(name)


@checked
def update_password(
    session: Session,
    actor: Actor,
    *,
    current_password: str,
    new_password: str,
    confirm_password: str,
    keep_token: str | None = None,
    clock: Clock,
) -> Result[None]:
    """Changes the password and ends every other session of the person (`keep_token`: this one)."""
    if not current_password:
        return Err(
            ErrorCode.VALIDATION_ERROR, e.CURRENT_PASSWORD_REQUIRED, {"current_password": e.CURRENT_PASSWORD_REQUIRED}
        )
    if problem := password_problem(new_password or ""):
        return Err(ErrorCode.VALIDATION_ERROR, problem, {"new_password": problem})
    if new_password != confirm_password:
        return Err(ErrorCode.VALIDATION_ERROR, e.PASSWORDS_DO_NOT_MATCH, {"confirm_password": e.PASSWORDS_DO_NOT_MATCH})
    # Re-read the hash: the one the page loaded may be stale.
    user = session.get(User, actor.user_id)
    if user is None:
        return err(ErrorCode.UNAUTHENTICATED)
    key = f"current-password:{user.id}"
    if ratelimit.count_recent(session, key=key, window=PASSWORD_WINDOW, clock=clock) >= PASSWORD_ATTEMPTS:
        return err(ErrorCode.PASSWORD_RATE_LIMITED)
    if not passwords.verify_password(current_password, user.password_hash):
        ratelimit.hit(session, key=key, clock=clock)
        session.commit()
        return err(ErrorCode.WRONG_CURRENT_PASSWORD, current_password=e.MESSAGES[ErrorCode.WRONG_CURRENT_PASSWORD])
    user.password_hash = passwords.hash_password(new_password)
    user.updated_at = clock.now()
    ended = sessions.revoke_others(session, user_id=user.id, keep_token=keep_token, clock=clock)
    record(
        session,
        actor,
        action=AuditAction.USER_PASSWORD_CHANGED,
        target_type="user",
        target_id=user.id,
        target_title=user.display_name,
        details={"otherSessionsEnded": ended},
        clock=clock,
    )
    session.commit()
    return Ok(None)
