"""Arranging and reading drafts in the tests of drafts, autosave and the expiry job."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, func, select

from workflow_app.core.actor import Actor
from workflow_app.core.clock import Clock
from workflow_app.ideas.domain import drafts, idea_counts
from workflow_app.ideas.domain.idea_rules import IdeaIn
from workflow_app.models import AuditAction, AuditLog, Idea, IdeaStatus, IdeaVisibility

COMPLETE = {
    "title": "A quieter coffee machine",
    "description": "Replace the old machine on floor 3.",
    "category": "cost-reduction",
    "visibility": "PUBLIC",
}


def make_draft(
    session: Session,
    author: Actor,
    *,
    clock: Clock,
    title: str | None = "Draft title",
    description: str | None = None,
    category: str | None = None,
    visibility: IdeaVisibility = IdeaVisibility.PUBLIC,
    saved_at: datetime | None = None,
    expires_at: datetime | None = None,
    is_expired_draft: bool = False,
    soft_deleted_at: datetime | None = None,
) -> Idea:
    """A draft as `save_draft` would leave it, last saved at `saved_at` (default: now)."""
    saved_at = saved_at or clock.now()
    draft = Idea(
        title=title,
        description=description,
        category=category,
        visibility=visibility,
        status=IdeaStatus.DRAFT,
        author_id=author.user_id,
        created_at=saved_at,
        updated_at=saved_at,
        draft_expires_at=expires_at or saved_at + drafts.DRAFT_TTL,
        is_expired_draft=is_expired_draft,
        soft_deleted_at=soft_deleted_at,
    )
    session.add(draft)
    session.commit()
    return draft


def make_idea(session: Session, author: Actor, *, clock: Clock, status: IdeaStatus = IdeaStatus.SUBMITTED) -> Idea:
    """An idea that is no longer (or never was) a draft."""
    idea = Idea(
        title="Submitted idea",
        description="Text.",
        category="cost-reduction",
        status=status,
        author_id=author.user_id,
        created_at=clock.now(),
        updated_at=clock.now(),
    )
    session.add(idea)
    idea_counts.adjust(session, idea.author_id, idea.status, 1)  # as the workflow would have
    session.commit()
    return idea


FORM_FIELDS = ("title", "description", "category", "visibility")


def _split(values: dict) -> tuple[IdeaIn, dict]:
    """The form's fields as one IdeaIn, and the command's other arguments."""
    form = IdeaIn(**{k: v for k, v in values.items() if k in FORM_FIELDS})
    return form, {k: v for k, v in values.items() if k not in FORM_FIELDS}


def save(session: Session, actor: Actor, clock: Clock, *, draft_id: str | None = None, **fields):
    """`save_draft` with every field empty unless the test says otherwise."""
    form, rest = _split({"expected_version": None, **fields})
    return drafts.save_draft(session, actor, form, draft_id=draft_id, clock=clock, **rest)


def autosave(
    session: Session, actor: Actor, clock: Clock, *, draft_id: str, editing_session_id: str = "tab-1", **fields
):
    form, rest = _split({"expected_version": None, **fields})
    return drafts.autosave_draft(
        session, actor, form, draft_id=draft_id, editing_session_id=editing_session_id, clock=clock, **rest
    )


def submit(session: Session, actor: Actor, clock: Clock, *, draft_id: str, **fields):
    form, rest = _split({**COMPLETE, "expected_version": None, **fields})
    return drafts.submit_draft(session, actor, form, draft_id=draft_id, clock=clock, **rest)


def reread(session: Session, idea_id: str) -> Idea | None:
    session.rollback()
    session.expire_all()
    return session.get(Idea, idea_id)


def written(session: Session) -> tuple[int, int]:
    """(ideas, audit rows): compared before and after a refused command."""
    session.rollback()
    ideas = session.exec(select(func.count()).select_from(Idea)).one()
    entries = session.exec(select(func.count()).select_from(AuditLog)).one()
    return ideas, entries


def audit_of(session: Session, action: AuditAction) -> list[AuditLog]:
    session.rollback()
    return list(session.exec(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))
