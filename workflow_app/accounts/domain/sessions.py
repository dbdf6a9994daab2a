"""Server-side sessions: the cookie carries a random token, the database its SHA-256."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select, update
from starlette.requests import cookie_parser

from workflow_app.core.actor import Actor
from workflow_app.core.clock import Clock
from workflow_app.models import AuthSession, LoginTicket, Role, User

COOKIE_NAME = "wf_session"
TICKET_TTL = timedelta(seconds=60)


def token_digest(token: str | None) -> str:
    """What the database keeps of a cookie token; "" for none."""
    return _digest(token) if token else ""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_login_ticket(session: Session, *, user_id: str, clock: Clock) -> str:
    """A single-use ticket the browser exchanges for the session cookie within a minute."""
    ticket = secrets.token_urlsafe(32)
    session.add(LoginTicket(ticket_hash=_digest(ticket), user_id=user_id, expires_at=clock.now() + TICKET_TTL))
    return ticket


def redeem_login_ticket(session: Session, *, ticket: str, ttl: timedelta, clock: Clock) -> str | None:
    """Burns the ticket and opens a session; returns the cookie token, or None if unusable."""
    now = clock.now()
    claimed = session.exec(
        update(LoginTicket)
        .where(
            col(LoginTicket.ticket_hash) == _digest(ticket),
            col(LoginTicket.used_at).is_(None),
            col(LoginTicket.expires_at) > now,
        )
        .values(used_at=now)
    )
    if claimed.rowcount != 1:
        session.rollback()
        return None
    user_id = session.exec(select(LoginTicket.user_id).where(col(LoginTicket.ticket_hash) == _digest(ticket))).one()
    token = secrets.token_urlsafe(32)
    session.add(AuthSession(token_hash=_digest(token), user_id=user_id, created_at=now, expires_at=now + ttl))
    session.commit()
    return token


def actor_for_token(session: Session, token: str | None, *, clock: Clock) -> Actor | None:
    """The signed-in user for a cookie token, with the role as it is in the database now."""
    if not token:
        return None
    row = session.connection().execute(_ACTOR_FOR_TOKEN, {"token_hash": _digest(token), "now": clock.now()}).first()
    return Actor(user_id=row.id, role=Role(row.role), display_name=row.display_name, email=row.email) if row else None


# Every event of a signed-in person runs this, so it is built once (building the statement
# each time cost more than running it).
# SQLModel sets __table__ on the classes; its type stubs do not say so.
_USERS: sa.Table = User.__table__  # type: ignore[attr-defined]
_SESSIONS: sa.Table = AuthSession.__table__  # type: ignore[attr-defined]
_ACTOR_FOR_TOKEN = (
    sa.select(_USERS.c.id, _USERS.c.role, _USERS.c.display_name, _USERS.c.email)
    .join(_SESSIONS, _SESSIONS.c.user_id == _USERS.c.id)
    .where(
        _SESSIONS.c.token_hash == sa.bindparam("token_hash"),
        _SESSIONS.c.revoked_at.is_(None),
        _SESSIONS.c.expires_at > sa.bindparam("now", type_=_SESSIONS.c.expires_at.type),
        _USERS.c.deactivated_at.is_(None),
    )
    .limit(1)
)


def revoke(session: Session, token: str | None, *, clock: Clock) -> None:
    if not token:
        return
    session.exec(
        update(AuthSession)
        .where(col(AuthSession.token_hash) == _digest(token), col(AuthSession.revoked_at).is_(None))
        .values(revoked_at=clock.now())
    )
    session.commit()


def revoke_others(session: Session, *, user_id: str, keep_token: str | None, clock: Clock) -> int:
    """Ends every open session of the user but the one `keep_token` belongs to (the caller commits)."""
    keep = _digest(keep_token) if keep_token else ""
    ended = session.exec(
        update(AuthSession)
        .where(
            col(AuthSession.user_id) == user_id,
            col(AuthSession.revoked_at).is_(None),
            col(AuthSession.token_hash) != keep,
        )
        .values(revoked_at=clock.now())
    )
    return ended.rowcount


def token_from_cookie_header(cookie_header: str | None) -> str | None:
    if not cookie_header:
        return None
    # Lenient parsing: one malformed cookie of another app must not hide ours.
    return cookie_parser(cookie_header).get(COOKIE_NAME) or None
