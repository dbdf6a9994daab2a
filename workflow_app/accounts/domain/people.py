"""Managing people (SPEC §2, ORIGINS Part 1 C1 role rules and C4): the user list, role changes,
deactivation and reactivation. Only a SUPERADMIN manages people; nobody changes their own role
or deactivates their own account. A change applies on the person's next event: every event
reads the role (and whether the account is active) from the database.

`operator_*` are the same changes made from the server's console (`workflow_app.cli user …`),
where whoever runs the command already holds the database; the audit row names "system".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, or_, select, update

from workflow_app.accounts.domain import accounts
from workflow_app.accounts.domain.accounts import normalize_email
from workflow_app.core import errors as e
from workflow_app.core.actor import Actor
from workflow_app.core.arguments import checked
from workflow_app.core.audit import record
from workflow_app.core.clock import Clock
from workflow_app.core.errors import ErrorCode
from workflow_app.core.paging import Page, clamp_page, offset_of
from workflow_app.core.result import Err, Ok, Result, err
from workflow_app.models import AuditAction, AuthSession, Role, User

log = logging.getLogger(__name__)

PEOPLE_PAGE_SIZE = 50
QUERY_MAX = 200


@dataclass(frozen=True)
class Person:
    id: str
    email: str
    display_name: str
    role: Role
    active: bool
    created_at: datetime

    @classmethod
    def of(cls, user: User) -> Person:
        return cls(
            id=user.id,
            email=user.email,
            display_name=user.display_name,
            role=Role(user.role),
            active=user.deactivated_at is None,
            created_at=user.created_at,
        )


def parse_role(raw: object) -> Role | None:
    try:
        return Role(str(getattr(raw, "value", raw)).strip().upper())
    except ValueError:
        return None


@checked
def list_people(
    session: Session,
    actor: Actor,
    *,
    query: str = "",
    role: str = "",
    page: int = 1,
) -> Result[Page[Person]]:
    """Everyone, by name, 50 a page; `query` matches part of the name or the email, any case."""
    if not actor.is_superadmin:
        return err(ErrorCode.FORBIDDEN_ROLE)
    conditions = []
    if role:
        if (wanted := parse_role(role)) is None:
            return err(ErrorCode.VALIDATION_ERROR, e.ROLE_INVALID, role=e.ROLE_INVALID)
        conditions.append(col(User.role) == wanted)
    if words := (query or "").strip().lower()[:QUERY_MAX]:
        conditions.append(
            or_(
                func.lower(col(User.display_name)).contains(words, autoescape=True),
                func.lower(col(User.email)).contains(words, autoescape=True),
            )
        )
    total = session.exec(select(func.count()).select_from(User).where(*conditions)).one()
    page = clamp_page(page)
    users = session.exec(
        select(User)
        .where(*conditions)
        .order_by(func.lower(col(User.display_name)), User.id)
        .offset(offset_of(page, PEOPLE_PAGE_SIZE))
        .limit(PEOPLE_PAGE_SIZE)
    ).all()
    return Ok(Page(items=[Person.of(u) for u in users], page=page, page_size=PEOPLE_PAGE_SIZE, total=total))


@checked
def change_role(session: Session, actor: Actor, *, user_id: str, role: str, clock: Clock) -> Result[Person]:
    """SUPERADMIN only, never on oneself; audited with the role before and after."""
    if not actor.is_superadmin:
        return err(ErrorCode.FORBIDDEN_ROLE)
    wanted = _wanted_role(role)
    if isinstance(wanted, Err):
        return wanted
    user = _user(session, user_id)
    if user is None:
        return err(ErrorCode.USER_NOT_FOUND)
    if user.id == actor.user_id:
        return err(ErrorCode.OWN_ROLE)
    return _set_role(session, actor, user, wanted, clock=clock)


@checked
def set_active(session: Session, actor: Actor, *, user_id: str, active: bool, clock: Clock) -> Result[Person]:
    """Deactivating ends every session of the account at once and refuses its sign-ins;
    reactivating lets the person sign in again (with the password they had)."""
    if not actor.is_superadmin:
        return err(ErrorCode.FORBIDDEN_ROLE)
    user = _user(session, user_id)
    if user is None:
        return err(ErrorCode.USER_NOT_FOUND)
    if user.id == actor.user_id:
        return err(ErrorCode.OWN_ACCOUNT)
    return _set_active(session, actor, user, active=bool(active), clock=clock)


def operator_create(
    session: Session,
    *,
    email: str,
    display_name: str,
    password: str,
    role: str,
    clock: Clock,
) -> Result[Person]:
    """A new account with the registration rules (email, password policy), given `role`."""
    wanted = _wanted_role(role)
    if isinstance(wanted, Err):
        return wanted
    created = accounts.create_account(
        session,
        email=email,
        password=password,
        confirm_password=password,
        display_name=display_name,
        allowed_domain="",
        superadmin_email="",
        verified=True,
        clock=clock,
    )
    if not created.ok:
        return created
    session.commit()
    return _set_role(session, None, created.value, wanted, clock=clock)


def operator_set_role(session: Session, *, email: str, role: str, clock: Clock) -> Result[Person]:
    wanted = _wanted_role(role)
    if isinstance(wanted, Err):
        return wanted
    user = _by_email(session, email)
    if user is None:
        return err(ErrorCode.USER_NOT_FOUND)
    return _set_role(session, None, user, wanted, clock=clock)


def operator_set_active(session: Session, *, email: str, active: bool, clock: Clock) -> Result[Person]:
    user = _by_email(session, email)
    if user is None:
        return err(ErrorCode.USER_NOT_FOUND)
    return _set_active(session, None, user, active=active, clock=clock)


def _wanted_role(role: object) -> Role | Err:
    wanted = parse_role(role)
    return err(ErrorCode.VALIDATION_ERROR, e.ROLE_INVALID, role=e.ROLE_INVALID) if wanted is None else wanted


def _user(session: Session, user_id: object) -> User | None:
    if not isinstance(user_id, str) or not user_id or len(user_id) > 64:
        return None
    return session.exec(select(User).where(col(User.id) == user_id).execution_options(populate_existing=True)).first()


def _by_email(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(col(User.email) == normalize_email(email))).first()


def _set_role(session: Session, actor: Actor | None, user: User, role: Role, *, clock: Clock) -> Result[Person]:
    before = Role(user.role)
    if before == role:
        return Ok(Person.of(user))
    now = clock.now()
    # Compare-and-set on the role read: two superadmins changing one person at once cannot
    # both win, and neither silently undoes the other.
    changed = session.exec(
        update(User).where(col(User.id) == user.id, col(User.role) == before).values(role=role, updated_at=now)
    )
    if changed.rowcount != 1:
        session.rollback()
        return err(ErrorCode.USER_CHANGED)
    record(
        session,
        actor,
        action=AuditAction.USER_ROLE_CHANGED,
        target_type="user",
        target_id=user.id,
        target_title=user.display_name,
        details={"from": before.value, "to": role.value},
        clock=clock,
    )
    session.commit()
    log.info("role.changed", extra={"user_id": user.id, "from": before.value, "to": role.value})
    session.refresh(user)
    return Ok(Person.of(user))


def _set_active(session: Session, actor: Actor | None, user: User, *, active: bool, clock: Clock) -> Result[Person]:
    if (user.deactivated_at is None) == active:
        return Ok(Person.of(user))
    now = clock.now()
    session.exec(
        update(User).where(col(User.id) == user.id).values(deactivated_at=None if active else now, updated_at=now)
    )
    if not active:
        session.exec(
            update(AuthSession)
            .where(col(AuthSession.user_id) == user.id, col(AuthSession.revoked_at).is_(None))
            .values(revoked_at=now)
        )
    record(
        session,
        actor,
        action=AuditAction.USER_REACTIVATED if active else AuditAction.USER_DEACTIVATED,
        target_type="user",
        target_id=user.id,
        target_title=user.display_name,
        details={},
        clock=clock,
    )
    session.commit()
    log.info("user.reactivated" if active else "user.deactivated", extra={"user_id": user.id})
    session.refresh(user)
    return Ok(Person.of(user))
