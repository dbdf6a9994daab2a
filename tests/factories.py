"""Factories with keyword defaults, for arranging tests in the domain's words."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from sqlmodel import Session, select

from workflow_app.accounts.domain.passwords import hash_password
from workflow_app.core.actor import Actor
from workflow_app.ideas.domain import idea_counts
from workflow_app.models import AuditLog, Idea, IdeaStatus, IdeaVisibility, Role, User

DEFAULT_PASSWORD = "Passw0rdOK"
_seq = itertools.count(1)


def make_user(
    session: Session,
    *,
    role: Role = Role.SUBMITTER,
    email: str | None = None,
    display_name: str | None = None,
    password: str = DEFAULT_PASSWORD,
) -> User:
    n = next(_seq)
    user = User(
        email=email or f"user{n}@example.com",
        display_name=display_name or f"User {n}",
        password_hash=hash_password(password),
        role=role,
    )
    session.add(user)
    session.commit()
    return user


def make_actor(session: Session, **kwargs) -> Actor:
    return Actor.of(make_user(session, **kwargs))


def audit_rows(session: Session) -> list[AuditLog]:
    return list(session.exec(select(AuditLog).order_by(AuditLog.id)))


def make_idea(
    session: Session,
    author: Actor | User,
    *,
    title: str = "An idea worth trying",
    description: str = "A description long enough to explain the idea.",
    category: str | None = "process-improvement",
    status: IdeaStatus = IdeaStatus.SUBMITTED,
    visibility: IdeaVisibility = IdeaVisibility.PUBLIC,
    created_at: datetime | None = None,
) -> Idea:
    author_id = author.user_id if isinstance(author, Actor) else author.id
    when = created_at or datetime.now(UTC)
    idea = Idea(
        title=title,
        description=description,
        category=category,
        status=status,
        visibility=visibility,
        author_id=author_id,
        created_at=when,
        updated_at=when,
    )
    session.add(idea)
    idea_counts.adjust(session, idea.author_id, idea.status, 1)  # as the workflow would have
    session.commit()
    return idea
