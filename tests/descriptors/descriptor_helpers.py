"""Arrangers and readers for the section, skill, descriptor and SA review tests."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime

from sqlalchemy import insert
from sqlmodel import Session, func, select

from workflow_app.core.actor import Actor
from workflow_app.models import (
    AuditAction,
    AuditLog,
    Descriptor,
    DescriptorBatchStatus,
    DescriptorSource,
    QualityIndicator,
    Skill,
    User,
    WsosSection,
)

B = DescriptorBatchStatus
WHEN = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
_seq = itertools.count(1)


def _id_of(person: Actor | User) -> str:
    return person.user_id if isinstance(person, Actor) else person.id


def make_section(
    session: Session, creator: Actor | User, *, name: str | None = None, description: str | None = None
) -> WsosSection:
    section = WsosSection(
        name=name or f"Section {next(_seq)}",
        description=description,
        created_by_id=_id_of(creator),
        created_at=WHEN,
        updated_at=WHEN,
    )
    session.add(section)
    session.commit()
    return section


def make_skill(
    session: Session,
    *,
    sa: Actor | User,
    scm: Actor | User | None = None,
    name: str | None = None,
    created_at: datetime = WHEN,
) -> Skill:
    skill = Skill(
        name=name or f"Skill {next(_seq)}", sa_id=_id_of(sa), scm_id=_id_of(scm) if scm else None, created_at=created_at
    )
    session.add(skill)
    session.commit()
    return skill


def form(section: WsosSection | str | None, **overrides) -> dict:
    """A valid descriptor form for `create_descriptor` and friends."""
    fields = {
        "code": "A1",
        "criterion_name": "Quality of weld seam",
        "wsos_section_id": section.id if isinstance(section, WsosSection) else section,
        "score3": "Flawless seam, no porosity",
        "score2": "Minor visual defects",
        "score1": "Several defects, still sound",
        "score0": "Seam fails inspection",
        "tags": "safety, measurement, quality",
    }
    fields.update(overrides)
    return fields


def make_descriptor(
    session: Session,
    scm: Actor | User | None,
    *,
    section: WsosSection | None = None,
    status: B | None = B.DRAFT,
    code: str | None = None,
    criterion_name: str = "Quality of weld seam",
    score2: str | None = "Minor visual defects",
    batch_id: str | None = None,
    submitted_at: datetime | None = None,
    reviewer: Actor | User | None = None,
    review_comment: str | None = None,
    deleted: bool = False,
    created_at: datetime = WHEN,
) -> Descriptor:
    """A descriptor as the workflow would have left it in `status`."""
    pending_or_later = status in (B.PENDING_REVIEW, B.APPROVED, B.RETURNED)
    descriptor = Descriptor(
        code=code or f"A{next(_seq)}",
        criterion_name=criterion_name,
        score3="Flawless",
        score2=score2,
        score1=None,
        score0=None,
        source=DescriptorSource.SCM.value,
        tags=["safety"],
        quality_indicator=QualityIndicator.GOOD if status == B.APPROVED else QualityIndicator.NEEDS_REVIEW,
        wsos_section_id=section.id if section else None,
        batch_status=status,
        batch_id=batch_id or (uuid.uuid4().hex if pending_or_later else None),
        created_by_id=_id_of(scm) if scm else None,
        submitted_at=submitted_at or (WHEN if pending_or_later else None),
        reviewer_id=_id_of(reviewer) if reviewer else None,
        reviewed_at=WHEN if reviewer else None,
        review_comment=review_comment,
        deleted_at=WHEN if deleted else None,
        deleted_by=_id_of(scm) if deleted and scm else None,
        created_at=created_at,
        updated_at=created_at,
    )
    session.add(descriptor)
    session.commit()
    return descriptor


def insert_drafts(session: Session, scm: Actor, *, count: int, section: WsosSection | None = None) -> None:
    """Many DRAFT rows in one executemany, as a bulk import would write them."""
    rows = [
        {
            "id": uuid.uuid4().hex,
            "code": f"B{n}",
            "criterion_name": f"Criterion number {n}",
            "score3": "Excellent work",
            "score2": None,
            "score1": None,
            "score0": None,
            "source": DescriptorSource.SCM.value,
            "skill_names": [],
            "categories": [],
            "tags": [],
            "schema_version": 1,
            "quality_indicator": QualityIndicator.NEEDS_REVIEW,
            "wsos_section_id": section.id if section else None,
            "batch_status": B.DRAFT,
            "created_by_id": scm.user_id,
            "was_modified_during_approval": False,
            "row_version": 1,
            "created_at": WHEN,
            "updated_at": WHEN,
        }
        for n in range(count)
    ]
    session.execute(insert(Descriptor), rows)
    session.commit()


def fresh(session: Session, model: type, key):
    """The row as the database has it now, not as this session remembers it."""
    session.rollback()
    session.expire_all()
    return session.get(model, key)


def count(session: Session, model: type, *conditions) -> int:
    return session.exec(select(func.count()).select_from(model).where(*conditions)).one()


def audit_for(session: Session, action: AuditAction) -> list[AuditLog]:
    session.rollback()
    return list(session.exec(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))


def descriptor_state(session: Session) -> list[tuple]:
    """Every descriptor's workflow columns, for "nothing was written" assertions."""
    session.rollback()
    session.expire_all()
    rows = session.exec(select(Descriptor).order_by(Descriptor.id)).all()
    return [
        (
            d.id,
            d.code,
            d.criterion_name,
            d.score3,
            d.score2,
            d.score1,
            d.score0,
            d.tags,
            d.batch_status,
            d.batch_id,
            d.quality_indicator,
            d.submitted_at,
            d.reviewer_id,
            d.reviewed_at,
            d.review_comment,
            d.was_modified_during_approval,
            d.deleted_at,
            d.row_version,
            d.updated_at,
            d.wsos_section_id,
        )
        for d in rows
    ]


def snapshot(session: Session) -> tuple:
    """What a refused command must leave as it was: the descriptors, sections, skills and the log."""
    state = descriptor_state(session)
    sections = [
        (s.id, s.name, s.description, s.updated_at) for s in session.exec(select(WsosSection).order_by(WsosSection.id))
    ]
    skills = [(s.id, s.name, s.sa_id, s.scm_id) for s in session.exec(select(Skill).order_by(Skill.id))]
    return state, sections, skills, count(session, AuditLog)
