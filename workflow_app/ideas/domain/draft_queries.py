"""What the Drafts tab and the draft edit form show (ORIGINS C9 and D), author only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, col, or_, select
from sqlmodel.sql.expression import SelectOfScalar

from workflow_app.core import errors as e
from workflow_app.core.actor import Actor
from workflow_app.core.clock import Clock
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Ok, Result, err
from workflow_app.ideas.domain import smart_forms
from workflow_app.ideas.domain.counts import active_draft_count
from workflow_app.ideas.domain.drafts import is_expired, own_draft
from workflow_app.models import Idea, IdeaStatus

__all__ = [
    "EXPIRY_WARNING_BEFORE",
    "DraftRow",
    "DraftView",
    "active_draft_count",
    "active_drafts",
    "draft_for_edit",
    "expired_drafts",
    "expiry_warning",
]

EXPIRY_WARNING_BEFORE = timedelta(days=7)
LIST_LIMIT = 50


@dataclass(frozen=True)
class DraftRow:
    id: str
    title: str | None  # None shows as "Untitled Draft"
    category: str | None
    updated_at: datetime
    draft_expires_at: datetime | None
    version: int


@dataclass(frozen=True)
class DraftView:
    """The edit form of one draft. Reading it never resets the expiry (ORIGINS C9)."""

    id: str
    title: str | None
    description: str | None
    category: str | None
    visibility: str
    version: int
    updated_at: datetime
    expires_at: datetime | None
    is_expired: bool
    expiry_warning: str | None
    expired_message: str | None
    # The smart form's answers kept so far (none when the feature is off).
    dynamic_fields: dict[str, str] = field(default_factory=dict)


def _row(idea: Idea) -> DraftRow:
    return DraftRow(
        id=idea.id,
        title=idea.title,
        category=idea.category,
        updated_at=idea.updated_at,
        draft_expires_at=idea.draft_expires_at,
        version=idea.version,
    )


def _authors_drafts(actor: Actor) -> SelectOfScalar[Idea]:
    return select(Idea).where(col(Idea.author_id) == actor.user_id, col(Idea.status) == IdeaStatus.DRAFT)


def active_drafts(session: Session, actor: Actor, *, clock: Clock, limit: int = LIST_LIMIT) -> list[DraftRow]:
    """The author's drafts that may still be edited, most recently saved first."""
    statement = (
        _authors_drafts(actor)
        .where(col(Idea.is_expired_draft).is_(False), col(Idea.draft_expires_at) > clock.now())
        .order_by(col(Idea.updated_at).desc(), Idea.id)
        .limit(limit)
    )
    return [_row(idea) for idea in session.exec(statement.execution_options(populate_existing=True))]


def expired_drafts(session: Session, actor: Actor, *, clock: Clock, limit: int = LIST_LIMIT) -> list[DraftRow]:
    """Expired drafts (lazily or by the job) not yet purged, soonest-expired first; read-only."""
    statement = (
        _authors_drafts(actor)
        .where(or_(col(Idea.is_expired_draft).is_(True), col(Idea.draft_expires_at) <= clock.now()))
        .order_by(col(Idea.draft_expires_at).asc(), Idea.id)
        .limit(limit)
    )
    return [_row(idea) for idea in session.exec(statement.execution_options(populate_existing=True))]


def expiry_warning(expires_at: datetime | None, now: datetime) -> str | None:
    """The banner text when less than 7 days (strictly) are left; None otherwise."""
    if expires_at is None or not expires_at - now < EXPIRY_WARNING_BEFORE:
        return None
    return f"This draft will expire on {expires_at.day} {expires_at:%B %Y}. Submit it to keep it permanently."


def _answers(stored: object) -> dict[str, str]:
    if not smart_forms.enabled() or not isinstance(stored, dict):
        return {}
    return {str(k): str(v) for k, v in stored.items() if v is not None}


def draft_for_edit(session: Session, actor: Actor, *, draft_id: str, clock: Clock) -> Result[DraftView]:
    """The author's draft for the edit form; NOT_FOUND for anyone else (existence never leaks)."""
    draft = own_draft(session, actor, draft_id)
    if draft is None:
        return err(ErrorCode.NOT_FOUND)
    now = clock.now()
    expired = is_expired(draft, now)
    return Ok(
        DraftView(
            id=draft.id,
            title=draft.title,
            description=draft.description,
            category=draft.category,
            visibility=draft.visibility.value,
            version=draft.version,
            dynamic_fields=_answers(draft.dynamic_fields),
            updated_at=draft.updated_at,
            expires_at=draft.draft_expires_at,
            is_expired=expired,
            expiry_warning=None if expired else expiry_warning(draft.draft_expires_at, now),
            expired_message=e.DRAFT_EXPIRED_READ_ONLY if expired else None,
        )
    )
