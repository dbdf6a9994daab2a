"""Signed-in sessions in the app's own database (the one the browser tests and handlers use)."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from workflow_app.accounts.domain import sessions
from workflow_app.core.clock import system_clock
from workflow_app.db import open_session
from workflow_app.models import User


def token_for(email: str) -> str:
    """A session cookie token for the account `email`, as the sign-in hand-off would issue it."""
    with open_session() as session:
        user = session.exec(select(User).where(User.email == email)).one()
        ticket = sessions.issue_login_ticket(session, user_id=user.id, clock=system_clock)
        session.commit()
        return sessions.redeem_login_ticket(session, ticket=ticket, ttl=timedelta(hours=1), clock=system_clock)
