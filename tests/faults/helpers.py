"""What the fault tests share."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from workflow_app.auth import sessions
from workflow_app.domain.clock import system_clock


def session_cookie(session: Session, user_id: str) -> str:
    """A signed-in session as the cookie route would have set it (the sign-in itself is tested elsewhere)."""
    ticket = sessions.issue_login_ticket(session, user_id=user_id, clock=system_clock)
    token = sessions.redeem_login_ticket(session, ticket=ticket, ttl=timedelta(hours=1), clock=system_clock)
    return f"{sessions.COOKIE_NAME}={token}"
