"""What the fault tests share."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from tests.factories import make_user
from workflow_app.accounts.domain import sessions
from workflow_app.core.actor import Actor
from workflow_app.core.clock import system_clock
from workflow_app.db import make_engine
from workflow_app.ideas.domain import drafts
from workflow_app.ideas.domain.idea_rules import IdeaIn


def session_cookie(session: Session, user_id: str) -> str:
    """A signed-in session as the cookie route would have set it (the sign-in itself is tested elsewhere)."""
    ticket = sessions.issue_login_ticket(session, user_id=user_id, clock=system_clock)
    token = sessions.redeem_login_ticket(session, ticket=ticket, ttl=timedelta(hours=1), clock=system_clock)
    return f"{sessions.COOKIE_NAME}={token}"


def signed_in_author_with_a_draft(url: str, *, title: str, description: str) -> tuple[str, str]:
    """A new author with one saved draft in the database at `url`: (session cookie, draft id)."""
    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            author = make_user(session)
            saved = drafts.save_draft(
                session,
                Actor.of(author),
                IdeaIn(title=title, description=description, category=None),
                draft_id=None,
                clock=system_clock,
            )
            assert saved.ok, saved
            return session_cookie(session, author.id), saved.value.id
    finally:
        engine.dispose()
