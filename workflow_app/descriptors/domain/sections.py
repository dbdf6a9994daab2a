"""WSOS sections: create, rename, delete, list, and the similar-names warning (ORIGINS Part 2 C2).

Names are unique as typed (case-sensitive, like the origin's unique index); the check before
the insert gives the friendly error, the unique index settles a race between two creators.
Deleting a section never deletes a descriptor: its descriptors keep existing without a section.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, func, select, update

from workflow_app.core import errors as e
from workflow_app.core.actor import Actor
from workflow_app.core.arguments import checked
from workflow_app.core.audit import record
from workflow_app.core.clock import Clock
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok, Result, err
from workflow_app.core.similarity import SECTION_SIMILARITY, similar_names
from workflow_app.models import AuditAction, Descriptor, Role, User, WsosSection

SECTION_ROLES = frozenset({Role.SCM, Role.ADMIN, Role.SUPERADMIN})
NAME_MIN = 3
NAME_MAX = 200
DESCRIPTION_MAX = 2000


@dataclass(frozen=True)
class SectionRow:
    id: str
    name: str
    description: str | None
    created_by_name: str
    created_at: datetime
    updated_at: datetime
    descriptor_count: int  # descriptors not soft-deleted


@dataclass(frozen=True)
class SimilarSection:
    id: str
    name: str
    percent: int  # "{name} ({percent}% similar)"


@dataclass(frozen=True)
class _Fields:
    name: str
    description: str | None


def can_manage_sections(actor: Actor) -> bool:
    return actor.role in SECTION_ROLES


def _fields(name: str | None, description: str | None) -> _Fields | Err:
    clean = _Fields((name or "").strip(), (description or "").strip() or None)
    if len(clean.name) < NAME_MIN:
        return err(ErrorCode.VALIDATION_ERROR, e.SECTION_NAME_TOO_SHORT, name=e.SECTION_NAME_TOO_SHORT)
    if len(clean.name) > NAME_MAX:
        return err(ErrorCode.VALIDATION_ERROR, e.SECTION_NAME_TOO_LONG, name=e.SECTION_NAME_TOO_LONG)
    if clean.description and len(clean.description) > DESCRIPTION_MAX:
        text = e.SECTION_DESCRIPTION_TOO_LONG
        return err(ErrorCode.VALIDATION_ERROR, text, description=text)
    return clean


def _taken(session: Session, name: str, *, other_than: str | None = None) -> Err | None:
    statement = select(WsosSection.id).where(col(WsosSection.name) == name)
    if other_than:
        statement = statement.where(col(WsosSection.id) != other_than)
    if session.exec(statement).first() is None:
        return None
    return _name_taken()


def _name_taken() -> Err:
    return err(ErrorCode.SECTION_NAME_TAKEN, name=e.MESSAGES[ErrorCode.SECTION_NAME_TAKEN])


def _find(session: Session, section_id: str | None) -> WsosSection | None:
    if not section_id:
        return None
    statement = select(WsosSection).where(col(WsosSection.id) == section_id)
    return session.exec(statement.execution_options(populate_existing=True)).first()


@checked
def create_section(
    session: Session, actor: Actor, *, name: str, description: str | None = None, clock: Clock
) -> Result[str]:
    """A new section, usable at once (no approval); returns its id."""
    if not can_manage_sections(actor):
        return err(ErrorCode.FORBIDDEN_ROLE, e.SECTION_CREATE_FORBIDDEN)
    fields = _fields(name, description)
    if isinstance(fields, Err):
        return fields
    if taken := _taken(session, fields.name):
        return taken
    now = clock.now()
    section = WsosSection(
        name=fields.name, description=fields.description, created_by_id=actor.user_id, created_at=now, updated_at=now
    )
    session.add(section)
    try:
        session.flush()
    except IntegrityError:  # another creator committed the same name meanwhile
        session.rollback()
        return _name_taken()
    record(
        session,
        actor,
        action=AuditAction.SECTION_CREATED,
        target_type="section",
        target_id=section.id,
        target_title=section.name,
        details={"description": fields.description or ""},
        clock=clock,
    )
    session.commit()
    return Ok(section.id)


@checked
def update_section(
    session: Session,
    actor: Actor,
    *,
    section_id: str,
    name: str,
    description: str | None = None,
    clock: Clock,
) -> Result[str]:
    """Renames or re-describes a section under the rules of creation; returns its id."""
    if not can_manage_sections(actor):
        return err(ErrorCode.FORBIDDEN_ROLE)
    fields = _fields(name, description)
    if isinstance(fields, Err):
        return fields
    section = _find(session, section_id)
    if section is None:
        return err(ErrorCode.SECTION_NOT_FOUND)
    if taken := _taken(session, fields.name, other_than=section.id):
        return taken
    previous = section.name
    try:
        changed = session.exec(
            update(WsosSection)
            .where(col(WsosSection.id) == section.id)
            .values(name=fields.name, description=fields.description, updated_at=clock.now())
        ).rowcount
    except IntegrityError:
        session.rollback()
        return _name_taken()
    if changed != 1:  # deleted meanwhile
        session.rollback()
        return err(ErrorCode.SECTION_NOT_FOUND)
    record(
        session,
        actor,
        action=AuditAction.SECTION_UPDATED,
        target_type="section",
        target_id=section.id,
        target_title=fields.name,
        details={"previousName": previous},
        clock=clock,
    )
    session.commit()
    return Ok(section.id)


@checked
def delete_section(session: Session, actor: Actor, *, section_id: str, clock: Clock) -> Result[int]:
    """Deletes a section and un-links its descriptors; returns how many were un-linked."""
    if not can_manage_sections(actor):
        return err(ErrorCode.FORBIDDEN_ROLE)
    section = _find(session, section_id)
    if section is None:
        return err(ErrorCode.SECTION_NOT_FOUND)
    name = section.name
    session.expunge(section)
    # Explicit rather than left to ON DELETE SET NULL, so the count can be reported and audited.
    # Descriptors keep their row_version: an open form must not see this as someone's edit.
    unlinked = session.exec(
        update(Descriptor).where(col(Descriptor.wsos_section_id) == section_id).values(wsos_section_id=None)
    ).rowcount
    removed = session.exec(delete(WsosSection).where(col(WsosSection.id) == section_id)).rowcount
    if removed != 1:
        session.rollback()
        return err(ErrorCode.SECTION_NOT_FOUND)
    record(
        session,
        actor,
        action=AuditAction.SECTION_DELETED,
        target_type="section",
        target_id=section_id,
        target_title=name,
        details={"unlinkedDescriptors": unlinked},
        clock=clock,
    )
    session.commit()
    return Ok(unlinked)


def list_sections(session: Session, actor: Actor) -> list[SectionRow]:
    """Every section by name (case-insensitive), with its creator and live descriptor count;
    nothing for a role that does not manage sections (their creators are not everyone's to see)."""
    if not can_manage_sections(actor):
        return []
    counts = (
        select(col(Descriptor.wsos_section_id).label("section_id"), func.count().label("n"))
        .where(col(Descriptor.deleted_at).is_(None), col(Descriptor.wsos_section_id).is_not(None))
        .group_by(Descriptor.wsos_section_id)
        .subquery()
    )
    statement = (
        select(WsosSection, User.display_name, func.coalesce(counts.c.n, 0))
        .join(User, col(User.id) == WsosSection.created_by_id)
        .outerjoin(counts, counts.c.section_id == WsosSection.id)
        .order_by(func.lower(col(WsosSection.name)), WsosSection.name, WsosSection.id)
    )
    return [
        SectionRow(
            id=s.id,
            name=s.name,
            description=s.description,
            created_by_name=creator,
            created_at=s.created_at,
            updated_at=s.updated_at,
            descriptor_count=n,
        )
        for s, creator, n in session.exec(statement)
    ]


def similar_sections(
    session: Session,
    actor: Actor,
    *,
    name: str,
    exclude_id: str | None = None,
) -> list[SimilarSection]:
    """Up to 5 sections scoring above 0.3 against `name`, best first; never blocks a save.
    Advice for whoever may create sections; nothing for anyone else."""
    if not can_manage_sections(actor):
        return []
    found = similar_names(
        session, name=name, column=WsosSection.name, threshold=SECTION_SIMILARITY, exclude_id=exclude_id
    )
    return [SimilarSection(id=s.id, name=s.name, percent=s.percent) for s in found]
