"""Small readers and arrangers shared by the account, session and profile tests."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, func, select

from workflow_app.accounts.domain import accounts, sessions
from workflow_app.core.clock import Clock
from workflow_app.core.result import Ok
from workflow_app.models import AuditLog, User

STRONG_PASSWORD = "Str0ngPassw0rd"
SESSION_TTL = timedelta(minutes=480)


def count_rows(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def user_by_email(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == email)).first()


def audit_rows_for(session: Session, action) -> list[AuditLog]:
    return list(session.exec(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))


def register(session: Session, clock: Clock, *, email: str, password: str = STRONG_PASSWORD, **kwargs):
    """Registers with matching passwords unless the test says otherwise."""
    kwargs.setdefault("confirm_password", password)
    return accounts.register(session, email=email, password=password, clock=clock, **kwargs)


def signed_in_token(session: Session, clock: Clock, *, email: str, password: str, ttl: timedelta = SESSION_TTL) -> str:
    """Signs in and redeems the ticket, as the login route does; returns the cookie token."""
    result = accounts.sign_in(session, email=email, password=password, clock=clock)
    assert isinstance(result, Ok), result
    token = sessions.redeem_login_ticket(session, ticket=result.value, ttl=ttl, clock=clock)
    assert token
    return token
