"""Skills route an SCM's descriptors to the SA who advises the skill (ORIGINS Part 2 A, B).

An SA reviews exactly the descriptors of the SCMs of the skills they advise. Only admins manage
skills; the review commands and the SA queue ask this module who may review what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, delete, select, update

from workflow_app.core import errors as e
from workflow_app.core.actor import Actor
from workflow_app.core.arguments import checked
from workflow_app.core.audit import record
from workflow_app.core.clock import Clock
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok, Result, err
from workflow_app.core.validation import invalid
from workflow_app.models import AuditAction, Descriptor, DescriptorBatchStatus, Role, Skill, User

NAME_MAX = 200
CODE_MAX = 16
SECTOR_MAX = 100


@dataclass(frozen=True)
class SkillRow:
    id: str
    code: str | None
    name: str
    sector: str | None
    notes: str | None
    sa_id: str
    sa_name: str
    scm_id: str | None
    scm_name: str | None
    created_at: datetime


@dataclass(frozen=True)
class _Fields:
    name: str
    sa_id: str
    scm_id: str | None
    code: str | None
    sector: str | None
    notes: str | None

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "sa_id": self.sa_id,
            "scm_id": self.scm_id,
            "code": self.code,
            "sector": self.sector,
            "notes": self.notes,
        }


def _clean(value: str | None) -> str | None:
    return (value or "").strip() or None


def _has_role(session: Session, user_id: str | None, role: Role) -> bool:
    return (
        bool(user_id)
        and session.exec(select(User.id).where(col(User.id) == user_id, col(User.role) == role)).first() is not None
    )


def _fields(session: Session, **raw: str | None) -> _Fields | Err:
    fields = _Fields(
        name=(raw["name"] or "").strip(),
        sa_id=(raw["sa_id"] or "").strip(),
        scm_id=_clean(raw["scm_id"]),
        code=_clean(raw["code"]),
        sector=_clean(raw["sector"]),
        notes=_clean(raw["notes"]),
    )
    problems: dict[str, str] = {}
    if not fields.name:
        problems["name"] = e.SKILL_NAME_REQUIRED
    elif len(fields.name) > NAME_MAX:
        problems["name"] = e.SKILL_NAME_TOO_LONG
    if fields.code and len(fields.code) > CODE_MAX:
        problems["code"] = e.SKILL_CODE_TOO_LONG
    if fields.sector and len(fields.sector) > SECTOR_MAX:
        problems["sector"] = e.SKILL_SECTOR_TOO_LONG
    if not _has_role(session, fields.sa_id, Role.SA):
        problems["sa_id"] = e.SKILL_SA_INVALID
    if fields.scm_id and not _has_role(session, fields.scm_id, Role.SCM):
        problems["scm_id"] = e.SKILL_SCM_INVALID
    if problems:
        return invalid(problems)
    return fields


def _name_taken(session: Session, name: str, *, other_than: str | None = None) -> bool:
    statement = select(Skill.id).where(col(Skill.name) == name)
    if other_than:
        statement = statement.where(col(Skill.id) != other_than)
    return session.exec(statement).first() is not None


def _taken() -> Err:
    return err(ErrorCode.SKILL_NAME_TAKEN, name=e.MESSAGES[ErrorCode.SKILL_NAME_TAKEN])


@checked
def create_skill(
    session: Session,
    actor: Actor,
    *,
    name: str,
    sa_id: str,
    scm_id: str | None = None,
    code: str | None = None,
    sector: str | None = None,
    notes: str | None = None,
    clock: Clock,
) -> Result[str]:
    """A new skill advised by `sa_id` (role SA), managed by `scm_id` (role SCM, optional)."""
    if not actor.is_admin:
        return err(ErrorCode.FORBIDDEN_ROLE, e.ADMIN_ONLY)
    fields = _fields(session, name=name, sa_id=sa_id, scm_id=scm_id, code=code, sector=sector, notes=notes)
    if isinstance(fields, Err):
        return fields
    if _name_taken(session, fields.name):
        return _taken()
    skill = Skill(**fields.values(), created_at=clock.now())
    session.add(skill)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return _taken()
    _audit(session, actor, AuditAction.SKILL_CREATED, skill.id, fields, clock)
    session.commit()
    return Ok(skill.id)


@checked
def update_skill(
    session: Session,
    actor: Actor,
    *,
    skill_id: str,
    name: str,
    sa_id: str,
    scm_id: str | None = None,
    code: str | None = None,
    sector: str | None = None,
    notes: str | None = None,
    clock: Clock,
) -> Result[str]:
    if not actor.is_admin:
        return err(ErrorCode.FORBIDDEN_ROLE, e.ADMIN_ONLY)
    fields = _fields(session, name=name, sa_id=sa_id, scm_id=scm_id, code=code, sector=sector, notes=notes)
    if isinstance(fields, Err):
        return fields
    if not skill_id or session.get(Skill, skill_id) is None:
        return err(ErrorCode.SKILL_NOT_FOUND)
    if _name_taken(session, fields.name, other_than=skill_id):
        return _taken()
    try:
        changed = session.exec(update(Skill).where(col(Skill.id) == skill_id).values(**fields.values())).rowcount
    except IntegrityError:
        session.rollback()
        return _taken()
    if changed != 1:
        session.rollback()
        return err(ErrorCode.SKILL_NOT_FOUND)
    _audit(session, actor, AuditAction.SKILL_UPDATED, skill_id, fields, clock)
    session.commit()
    session.expire_all()
    return Ok(skill_id)


@checked
def delete_skill(session: Session, actor: Actor, *, skill_id: str, clock: Clock) -> Result[str]:
    """Removes the routing; descriptors are untouched (their SA may change with it)."""
    if not actor.is_admin:
        return err(ErrorCode.FORBIDDEN_ROLE, e.ADMIN_ONLY)
    skill = session.get(Skill, skill_id) if skill_id else None
    if skill is None:
        return err(ErrorCode.SKILL_NOT_FOUND)
    name = skill.name
    session.expunge(skill)
    if session.exec(delete(Skill).where(col(Skill.id) == skill_id)).rowcount != 1:
        session.rollback()
        return err(ErrorCode.SKILL_NOT_FOUND)
    record(
        session,
        actor,
        action=AuditAction.SKILL_DELETED,
        target_type="skill",
        target_id=skill_id,
        target_title=name,
        details={},
        clock=clock,
    )
    session.commit()
    return Ok(skill_id)


def _audit(session: Session, actor: Actor, action: AuditAction, skill_id: str, fields: _Fields, clock: Clock) -> None:
    record(
        session,
        actor,
        action=action,
        target_type="skill",
        target_id=skill_id,
        target_title=fields.name,
        details={"saId": fields.sa_id, "scmId": fields.scm_id},
        clock=clock,
    )


def list_skills(session: Session) -> list[SkillRow]:
    """Every skill by name, with the display names of its SA and SCM."""
    sa_user, scm_user = aliased(User), aliased(User)
    statement = (
        select(Skill, sa_user.display_name, scm_user.display_name)
        .join(sa_user, col(sa_user.id) == col(Skill.sa_id))
        .outerjoin(scm_user, col(scm_user.id) == col(Skill.scm_id))
        .order_by(Skill.name, Skill.id)
    )
    return [
        SkillRow(
            id=s.id,
            code=s.code,
            name=s.name,
            sector=s.sector,
            notes=s.notes,
            sa_id=s.sa_id,
            sa_name=sa_name,
            scm_id=s.scm_id,
            scm_name=scm_name,
            created_at=s.created_at,
        )
        for s, sa_name, scm_name in session.exec(statement)
    ]


def reviewer_ids_for_scm(session: Session, scm_id: str | None) -> list[str]:
    """The SAs advising the SCM's skills, oldest skill first (the origin emailed only the first)."""
    if not scm_id:
        return []
    rows = session.exec(
        select(Skill.sa_id).where(col(Skill.scm_id) == scm_id).order_by(col(Skill.created_at), col(Skill.id))
    ).all()
    return list(dict.fromkeys(rows))


def advises(session: Session, sa_id: str, scm_id: str | None) -> bool:
    """True when some skill has this SA and this SCM: the routing half of the review check."""
    if not scm_id:
        return False
    found = session.exec(select(Skill.id).where(col(Skill.sa_id) == sa_id, col(Skill.scm_id) == scm_id).limit(1))
    return found.first() is not None


def can_review(session: Session, sa_id: str, descriptor: Descriptor | None) -> bool:
    """ORIGINS `canSAReviewDescriptor`: it exists (not deleted), has an author, is PENDING_REVIEW,
    and the SA advises a skill of its author."""
    return (
        descriptor is not None
        and descriptor.deleted_at is None
        and descriptor.created_by_id is not None
        and descriptor.batch_status == DescriptorBatchStatus.PENDING_REVIEW
        and advises(session, sa_id, descriptor.created_by_id)
    )


@dataclass(frozen=True)
class UserChoice:
    id: str
    display_name: str
    email: str


def users_with_role(session: Session, actor: Actor, *, role: Role) -> Result[list[UserChoice]]:
    """The people an admin may pick as a skill's SA or SCM, by display name."""
    if not actor.is_admin:
        return err(ErrorCode.FORBIDDEN_ROLE, e.ADMIN_ONLY)
    rows = session.exec(
        select(User.id, User.display_name, User.email)
        .where(col(User.role) == role)
        .order_by(User.display_name, User.email)
    )
    return Ok([UserChoice(id=i, display_name=n, email=m) for i, n, m in rows])
