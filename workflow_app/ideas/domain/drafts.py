"""Drafts of ideas: save, autosave, delete and submit (seed 002, ORIGINS C9, SPEC §3).

Every check runs before anything is written, in the order of the ORIGINS C9 table; a draft's
`version` makes two tabs editing one draft see each other's saves as a CONFLICT instead of
silently overwriting them. The pages read drafts through `draft_queries`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, delete, or_, select, update

from workflow_app.core import errors as e
from workflow_app.core import ratelimit
from workflow_app.core.actor import Actor
from workflow_app.core.arguments import checked
from workflow_app.core.audit import record
from workflow_app.core.clock import Clock
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok, Result, err
from workflow_app.core.validation import invalid
from workflow_app.core.workflow import AuditEntry, Subject
from workflow_app.ideas.domain import smart_forms
from workflow_app.ideas.domain.counts import active_draft_count
from workflow_app.ideas.domain.events import IdeaSubmitted
from workflow_app.ideas.domain.idea_rules import (
    CATEGORIES,
    IdeaIn,
    draft_field_errors,
    idea_field_errors,
    parse_visibility,
)
from workflow_app.ideas.domain.idea_workflow import CREATE_DRAFT, IDEA_WORKFLOW, SUBMIT
from workflow_app.models import AuditAction, AuditLog, Idea, IdeaStatus, IdeaVisibility, User

DRAFT_TTL = timedelta(days=90)
MAX_ACTIVE_DRAFTS = 10
SAVE_LIMIT = 30
SAVE_WINDOW = timedelta(minutes=15)
UNTITLED = "Untitled Draft"


@dataclass(frozen=True)
class DraftSaved:
    id: str
    version: int
    updated_at: datetime
    expires_at: datetime


def save_limit_key(user_id: str) -> str:
    return f"draft-save:{user_id}"


def is_expired(draft: Idea, now: datetime) -> bool:
    """Lazy expiry, whether or not the job has run. `<=` (not `<`) so that at every instant
    a draft is exactly one of active (`expires > now`, as counted) or expired."""
    expires = draft.draft_expires_at
    return draft.is_expired_draft or (expires is not None and expires <= now)


def at_draft_limit(session: Session, actor: Actor, *, clock: Clock) -> bool:
    """True when a new draft would be refused (DRAFT_LIMIT_EXCEEDED): the page says so up front."""
    return active_draft_count(session, actor, clock=clock) >= MAX_ACTIVE_DRAFTS


def own_draft(session: Session, actor: Actor, draft_id: str | None) -> Idea | None:
    """The actor's draft, freshly read; None when missing, someone else's or no longer a draft."""
    if not draft_id:
        return None
    statement = select(Idea).where(
        col(Idea.id) == draft_id, col(Idea.author_id) == actor.user_id, col(Idea.status) == IdeaStatus.DRAFT
    )
    return session.exec(statement.execution_options(populate_existing=True)).first()


@dataclass(frozen=True)
class _Fields:
    """A draft's fields as they are stored: title trimmed, empty text as NULL, the rest as typed
    (the smart form's answers only capped: a draft may leave them incomplete)."""

    title: str | None
    description: str | None
    category: str | None
    raw_visibility: str | None
    dynamic: smart_forms.Checked

    @classmethod
    def of(cls, form: IdeaIn) -> _Fields:
        title, description = (form.title or "").strip() or None, form.description or None
        dynamic = smart_forms.draft_values(form.dynamic_fields)
        return cls(title, description, form.category or None, form.visibility, dynamic)

    def problems(self, *, stored_category: str | None) -> dict[str, str]:
        problems = draft_field_errors(title=self.title, description=self.description, visibility=self.raw_visibility)
        problems.update(self.dynamic.problems)
        # A category dropped from the list may stay on the draft it is already on (ORIGINS C9).
        if self.category and self.category not in CATEGORIES and self.category != stored_category:
            problems["category"] = e.CATEGORY_INVALID
        return problems

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "description": self.description,
            "category": self.category,
            "visibility": parse_visibility(self.raw_visibility),
            "dynamic_fields": self.dynamic.values or None,
        }


@checked
def save_draft(
    session: Session,
    actor: Actor,
    form: IdeaIn,
    *,
    draft_id: str | None,
    expected_version: int | None = None,
    clock: Clock,
) -> Result[DraftSaved]:
    """The explicit "Save Draft": creates a draft (no `draft_id`) or overwrites one."""
    key = save_limit_key(actor.user_id)
    if ratelimit.count_recent(session, key=key, window=SAVE_WINDOW, clock=clock) >= SAVE_LIMIT:
        return err(ErrorCode.RATE_LIMITED)
    # The limiter stands before every other check (ORIGINS C9), so an attempt that gets past
    # it counts even when a later check refuses it; the refused attempt above does not count.
    ratelimit.hit(session, key=key, clock=clock)
    fields = _Fields.of(form)
    result = _save(session, actor, draft_id=draft_id, fields=fields, expected_version=expected_version, clock=clock)
    if not result.ok:  # keep nothing but the counted attempt
        session.rollback()
        ratelimit.hit(session, key=key, clock=clock)
        session.commit()
    return result


def _save(
    session: Session,
    actor: Actor,
    *,
    draft_id: str | None,
    fields: _Fields,
    expected_version: int | None,
    clock: Clock,
) -> Result[DraftSaved]:
    draft = own_draft(session, actor, draft_id)
    if problems := fields.problems(stored_category=draft.category if draft else None):
        return invalid(problems)
    if not draft_id:  # no id yet ("" from a form that was never saved): a new draft
        return _create(session, actor, fields=fields, clock=clock)
    writable = _writable(draft, expected_version=expected_version, now=clock.now())
    if isinstance(writable, Err):
        return writable
    return _overwrite(
        session, actor, writable, fields=fields, clock=clock, action=AuditAction.DRAFT_SAVED, details={"created": False}
    )


def _create(session: Session, actor: Actor, *, fields: _Fields, clock: Clock) -> Result[DraftSaved]:
    # Locks the author's row on PostgreSQL so two tabs creating at once cannot both pass the
    # limit check (SQLite serializes writers anyway; it ignores FOR UPDATE).
    session.exec(select(User.id).where(col(User.id) == actor.user_id).with_for_update()).first()
    if active_draft_count(session, actor, clock=clock) >= MAX_ACTIVE_DRAFTS:
        return err(ErrorCode.DRAFT_LIMIT_EXCEEDED)
    now = clock.now()
    draft = Idea(
        **fields.values(), author_id=actor.user_id, draft_expires_at=now + DRAFT_TTL, created_at=now, updated_at=now
    )
    created = IDEA_WORKFLOW.create(
        session,
        actor,
        CREATE_DRAFT,
        draft,
        audit=lambda: AuditEntry(
            AuditAction.DRAFT_SAVED,
            "idea",
            draft.id,
            draft.title or UNTITLED,
            {"created": True, "version": draft.version},
        ),
        clock=clock,
    )
    if isinstance(created, Err):
        return created
    return Ok(DraftSaved(id=draft.id, version=draft.version, updated_at=now, expires_at=now + DRAFT_TTL))


def _writable(draft: Idea | None, *, expected_version: int | None, now: datetime) -> Idea | Err:
    """The draft when it may be written now, or why not, in the documented order."""
    if draft is None:
        return err(ErrorCode.NOT_FOUND)
    if is_expired(draft, now):
        return err(ErrorCode.EXPIRED)
    if expected_version is not None and expected_version != draft.version:
        return err(ErrorCode.CONFLICT)
    return draft


def _overwrite(
    session: Session,
    actor: Actor,
    draft: Idea,
    *,
    fields: _Fields,
    clock: Clock,
    action: AuditAction | None,
    details: dict[str, Any],
) -> Result[DraftSaved]:
    """Compare-and-set on the version read: losing to another tab or the expiry job is a CONFLICT."""
    now = clock.now()
    saved = DraftSaved(id=draft.id, version=draft.version + 1, updated_at=now, expires_at=now + DRAFT_TTL)
    written = session.exec(
        update(Idea)
        .where(
            col(Idea.id) == draft.id,
            col(Idea.version) == draft.version,
            col(Idea.status) == IdeaStatus.DRAFT,
            col(Idea.is_expired_draft).is_(False),
        )
        .values(**fields.values(), draft_expires_at=saved.expires_at, updated_at=now, version=saved.version)
    )
    if written.rowcount != 1:
        session.rollback()
        return err(ErrorCode.CONFLICT)
    if action is not None:
        record(
            session,
            actor,
            action=action,
            target_type="idea",
            target_id=draft.id,
            target_title=fields.title or UNTITLED,
            details={**details, "version": saved.version},
            clock=clock,
        )
    session.commit()
    return Ok(saved)


@checked
def autosave_draft(
    session: Session,
    actor: Actor,
    form: IdeaIn,
    *,
    draft_id: str,
    expected_version: int | None,
    editing_session_id: str,
    clock: Clock,
    already_audited: bool = False,
    first_attempt: bool = False,
) -> Result[DraftSaved]:
    """The server layer of autosave (SPEC §3): like an update by "Save Draft", but outside the
    save limit and audited once per editing session rather than once per write.

    `already_audited` says this editing session's audit row was written by an earlier autosave
    that succeeded (the caller saw its Ok), so the check for it can be skipped; `first_attempt`
    says no write of this editing session was tried before, so none can have written it and
    the row is written without looking. The common case
    — the author's own live draft at the version they hold — is then one compare-and-set
    statement; anything else takes the full path below, which reads the draft and says why.
    """
    if not editing_session_id:
        raise ValueError("autosave needs the editing session's id")
    fields = _Fields.of(form)
    audit = None if already_audited else {"editingSession": editing_session_id}
    if expected_version is not None and (fields.category is None or fields.category in CATEGORIES):
        if problems := fields.problems(stored_category=None):
            return invalid(problems)
        now = clock.now()
        written = session.connection().execute(
            _AUTOSAVE_AT_VERSION,
            {
                **fields.values(),
                "b_draft_id": draft_id,
                "b_author_id": actor.user_id,
                "b_version": expected_version,
                "b_now": now,
                "b_expires_at": now + DRAFT_TTL,
            },
        )
        if written.rowcount == 1:
            saved = DraftSaved(id=draft_id, version=expected_version + 1, updated_at=now, expires_at=now + DRAFT_TTL)
            if audit is not None and (
                first_attempt
                or not _autosave_audited(session, draft_id=draft_id, editing_session_id=editing_session_id)
            ):
                record(
                    session,
                    actor,
                    action=AuditAction.DRAFT_AUTOSAVED,
                    target_type="idea",
                    target_id=draft_id,
                    target_title=fields.title or UNTITLED,
                    details={**audit, "version": saved.version},
                    clock=clock,
                )
            session.commit()
            return Ok(saved)
        session.rollback()
    draft = own_draft(session, actor, draft_id)
    if problems := fields.problems(stored_category=draft.category if draft else None):
        return invalid(problems)
    writable = _writable(draft, expected_version=expected_version, now=clock.now())
    if isinstance(writable, Err):
        return writable
    audited = _autosave_audited(session, draft_id=writable.id, editing_session_id=editing_session_id)
    return _overwrite(
        session,
        actor,
        writable,
        fields=fields,
        clock=clock,
        action=None if audited else AuditAction.DRAFT_AUTOSAVED,
        details={"editingSession": editing_session_id},
    )


# The common autosave (the author's own live draft at the version they hold) as one statement
# built once: it runs hundreds of times a second with many people typing, and building and
# ORM-evaluating the statement each time cost six times what the database does.
# SQLModel sets __table__ on the classes; its type stubs do not say so.
_IDEAS: sa.Table = Idea.__table__  # type: ignore[attr-defined]
_AUTOSAVE_AT_VERSION = (
    sa.update(_IDEAS)
    .where(
        _IDEAS.c.id == sa.bindparam("b_draft_id"),
        _IDEAS.c.author_id == sa.bindparam("b_author_id"),
        _IDEAS.c.version == sa.bindparam("b_version"),
        _IDEAS.c.status == IdeaStatus.DRAFT,
        _IDEAS.c.is_expired_draft.is_(False),
        or_(
            _IDEAS.c.draft_expires_at.is_(None),
            _IDEAS.c.draft_expires_at > sa.bindparam("b_now", type_=_IDEAS.c.updated_at.type),
        ),
    )
    .values(
        title=sa.bindparam("title"),
        description=sa.bindparam("description"),
        category=sa.bindparam("category"),
        visibility=sa.bindparam("visibility"),
        dynamic_fields=sa.bindparam("dynamic_fields", type_=_IDEAS.c.dynamic_fields.type),
        draft_expires_at=sa.bindparam("b_expires_at"),
        updated_at=sa.bindparam("b_now"),
        version=_IDEAS.c.version + 1,
    )
)


def _autosave_audited(session: Session, *, draft_id: str, editing_session_id: str) -> bool:
    # Reads only this draft's autosave entries (index on target); the editing sessions of one
    # draft are few, so matching the JSON in Python keeps this portable across both databases.
    details = session.connection().execute(_AUTOSAVE_ENTRIES, {"b_draft_id": draft_id}).scalars()
    return any((d or {}).get("editingSession") == editing_session_id for d in details)


_AUDIT: sa.Table = AuditLog.__table__  # type: ignore[attr-defined]
_AUTOSAVE_ENTRIES = sa.select(_AUDIT.c.details).where(
    _AUDIT.c.target_type == "idea",
    _AUDIT.c.target_id == sa.bindparam("b_draft_id"),
    _AUDIT.c.action == AuditAction.DRAFT_AUTOSAVED,
)


@checked
def delete_draft(session: Session, actor: Actor, *, draft_id: str, clock: Clock) -> Result[None]:
    """Hard-deletes the actor's draft, expired or not (ORIGINS C9)."""
    draft = own_draft(session, actor, draft_id)
    if draft is None:
        return err(ErrorCode.NOT_FOUND)
    title, expired = draft.title, is_expired(draft, clock.now())
    session.expunge(draft)
    removed = session.exec(
        delete(Idea).where(
            col(Idea.id) == draft.id, col(Idea.author_id) == actor.user_id, col(Idea.status) == IdeaStatus.DRAFT
        )
    )
    if removed.rowcount != 1:  # purged by the job or submitted in another tab meanwhile
        session.rollback()
        return err(ErrorCode.NOT_FOUND)
    record(
        session,
        actor,
        action=AuditAction.DRAFT_DELETED,
        target_type="idea",
        target_id=draft.id,
        target_title=title or UNTITLED,
        details={"expired": expired},
        clock=clock,
    )
    session.commit()
    return Ok(None)


@checked
def submit_draft(
    session: Session,
    actor: Actor,
    form: IdeaIn,
    *,
    draft_id: str,
    expected_version: int | None = None,
    clock: Clock,
) -> Result[str]:
    """DRAFT → SUBMITTED under the full idea rules; returns the idea's id."""
    now = clock.now()
    draft = own_draft(session, actor, draft_id)
    if draft is None:
        return err(ErrorCode.NOT_FOUND)
    if is_expired(draft, now):
        return err(ErrorCode.EXPIRED, e.EXPIRED_ON_SUBMIT)
    problems = idea_field_errors(form)
    extra = smart_forms.checked_for_submit(session, form.category, form.dynamic_fields)
    if problems or extra.problems:
        return invalid({**problems, **extra.problems})
    if expected_version is not None and expected_version != draft.version:
        return err(ErrorCode.CONFLICT)
    chosen = parse_visibility(form.visibility)
    title_text = (form.title or "").strip()
    moved = IDEA_WORKFLOW.move(
        session,
        actor,
        SUBMIT,
        Subject(IdeaStatus.DRAFT, owner_id=draft.author_id),
        rows=(
            update(Idea)
            .where(
                col(Idea.id) == draft.id,
                col(Idea.version) == draft.version,
                col(Idea.is_expired_draft).is_(False),
                col(Idea.draft_expires_at) > now,
            )
            .values(
                # Trimmed as a direct submission is: the idea shows no trace of having been a draft,
                # and its submission date is today's.
                title=title_text,
                description=(form.description or "").strip(),
                category=form.category,
                visibility=chosen,
                dynamic_fields=extra.values or None,
                form_template_id=extra.template_id,
                draft_expires_at=None,
                soft_deleted_at=None,
                version=draft.version + 1,
                created_at=now,
                updated_at=now,
            ),
        ),
        lost=lambda: err(ErrorCode.CONFLICT),
        audit=AuditEntry(
            AuditAction.DRAFT_SUBMITTED,
            "idea",
            draft.id,
            title_text,
            {
                "category": form.category,
                "visibility": (chosen or IdeaVisibility.PUBLIC).value,
                **({"dynamicFields": extra.values} if extra.values else {}),
            },
        ),
        clock=clock,
    )
    return moved if isinstance(moved, Err) else Ok(draft.id, events=(IdeaSubmitted(draft.id, title_text),))
