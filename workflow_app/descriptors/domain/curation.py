"""Admin curation of the descriptor library: create, edit, soft-delete, restore, and the
"Similar descriptors found" warning (ORIGINS Part 2 B, C3); the list is curation_queries'.

Only ADMIN and SUPERADMIN may curate. The library is what an admin curates: imported and
manual descriptors (no batch status) and approved ones. An SCM's DRAFT, a batch under review
or a RETURNED descriptor still belongs to the SCM/SA workflow and is refused here, so curation
never races the review. Every write is a compare-and-set on (status, deleted, row_version).

A code is a skill's: no two live descriptors share a code and a skill (skills compared without
case). The origin had a unique constraint on (skill, code); skills are a JSON list here, so each
write checks after it has written, inside its transaction: on SQLite the write holds the one
write lock, so a second writer's check sees the first one's row; on PostgreSQL a transaction
lock on the code serializes two writers of one code first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import Session, col, or_, select, update

from workflow_app.core import errors as e
from workflow_app.core.actor import Actor
from workflow_app.core.arguments import checked
from workflow_app.core.audit import record
from workflow_app.core.clock import Clock
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok, Result, err
from workflow_app.core.similarity import (
    DESCRIPTOR_SIMILARITY,
    MIN_QUERY_LENGTH,
    SIMILAR_LIMIT,
    as_percent,
    similar_names,
)
from workflow_app.core.validation import invalid
from workflow_app.descriptors.domain.descriptors import (
    SCORE_FIELDS,
    DescriptorFields,
    DescriptorIn,
    DescriptorSaved,
    clean_text,
)
from workflow_app.models import (
    AuditAction,
    Descriptor,
    DescriptorBatchStatus,
    DescriptorSource,
    QualityIndicator,
    WsosSection,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

SECTOR_MAX = 100  # the column's length
LIST_TEXT_MAX = 1000  # all skills (or categories) together, as the form's one field holds them
FORM_ORDER = (
    "code",
    "criterion_name",
    "skill_names",
    "sector",
    "categories",
    "wsos_section_id",
    "quality",
    "scores",
    *SCORE_FIELDS,
    "tags",
)

# What curation works on: the library's rows, live or deleted (library.in_library before the audience).
IN_LIBRARY = or_(col(Descriptor.batch_status).is_(None), col(Descriptor.batch_status) == DescriptorBatchStatus.APPROVED)


@dataclass(frozen=True)
class SimilarDescriptor:
    id: str
    code: str
    criterion_name: str
    percent: int  # "(N% similar)"
    skill_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class CuratedDescriptorIn(DescriptorIn):
    """The curation form: the descriptor form, the section optional, a sector, and a quality
    (None: on create REFERENCE, on edit the stored one). Skill names and categories are comma
    lists, split as tags are (DescriptorFields)."""

    sector: str | None = None
    quality: QualityIndicator | str | None = None


def _admin_only() -> Err:
    return err(ErrorCode.FORBIDDEN_ROLE, e.ADMIN_ONLY)


# --- the form -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Curated:
    fields: DescriptorFields
    sector: str | None
    quality: QualityIndicator | None  # None: not given

    def values(self) -> dict[str, Any]:
        return self.fields.values() | {"sector": self.sector}


def _curated(session: Session, form: CuratedDescriptorIn, *, skill_required: bool) -> _Curated | Err:
    """The form as stored, or its problems. The wording rule is the origin's refine; a skill is
    required (MANAGE-06), except that an edit may leave a descriptor that had none without one.
    The section is optional for admins, but one that is named must exist."""
    fields = DescriptorFields.of(form)
    problems = fields.problems(session)
    problems.pop("wsos_section_id", None)
    if fields.wsos_section_id and session.get(WsosSection, fields.wsos_section_id) is None:
        problems["wsos_section_id"] = e.MESSAGES[ErrorCode.SECTION_NOT_FOUND]
    if problems.get("criterion_name") == e.CRITERION_TOO_SHORT:
        problems["criterion_name"] = e.CURATION_WORDING_REQUIRED
    if "scores" in problems:
        problems["scores"] = e.CURATION_WORDING_REQUIRED
    if len(", ".join(fields.skill_names)) > LIST_TEXT_MAX:
        problems["skill_names"] = e.SKILLS_TOO_LONG
    elif skill_required and not fields.skill_names:
        problems["skill_names"] = e.SKILL_REQUIRED
    if len(", ".join(fields.categories)) > LIST_TEXT_MAX:
        problems["categories"] = e.CATEGORIES_TOO_LONG
    sector = clean_text(form.sector)
    if sector and len(sector) > SECTOR_MAX:
        problems["sector"] = e.SKILL_SECTOR_TOO_LONG
    quality = None
    try:
        quality = QualityIndicator(form.quality) if form.quality else None
    except ValueError:
        problems["quality"] = e.QUALITY_INVALID
    if problems:
        return invalid(problems, FORM_ORDER)
    return _Curated(fields, sector, quality)


# --- one code per skill ---------------------------------------------------------------------


def _lock_code(session: Session, code: str) -> None:
    """PostgreSQL: writers of one code take turns until commit (READ COMMITTED cannot see another
    writer's uncommitted row). SQLite needs none: the write before the check holds its one lock."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"descriptor-code:{code}"})


def _code_taken(session: Session, *, descriptor_id: str, code: str, skill_names: Iterable[str]) -> bool:
    """Another live descriptor has this code and one of these skills (without case). Read after
    this descriptor's own write, in its transaction (see the module's doc)."""
    wanted = {s.casefold() for s in skill_names}
    if not wanted:
        return False
    others = session.exec(
        select(Descriptor.skill_names).where(
            col(Descriptor.code) == code, col(Descriptor.deleted_at).is_(None), col(Descriptor.id) != descriptor_id
        )
    )
    return any(wanted & {str(s).casefold() for s in skills or []} for skills in others)


def _code_taken_err() -> Err:
    return invalid({"code": e.CODE_TAKEN_FOR_SKILL})


def _failing_as(session: Session, message: str, work: Callable[[], Result[T]]) -> Result[T]:
    """`work`, or its message when the database fails under it: rolled back, logged, nothing written."""
    try:
        return work()
    except SQLAlchemyError:
        session.rollback()
        log.exception("curation: %s", message)
        return err(ErrorCode.SERVER_ERROR, message)


# --- create / update ------------------------------------------------------------------------


@checked
def create_curated_descriptor(
    session: Session, actor: Actor, form: CuratedDescriptorIn, *, clock: Clock
) -> Result[DescriptorSaved]:
    """A library descriptor written by an admin: source "Manual", version 1, no batch status,
    quality REFERENCE unless given."""
    if not actor.is_admin:
        return _admin_only()
    return _failing_as(session, e.CURATION_CREATE_FAILED, lambda: _create(session, actor, form, clock))


def _create(session: Session, actor: Actor, form: CuratedDescriptorIn, clock: Clock) -> Result[DescriptorSaved]:
    curated = _curated(session, form, skill_required=True)
    if isinstance(curated, Err):
        return curated
    now, fields = clock.now(), curated.fields
    quality = curated.quality or QualityIndicator.REFERENCE
    descriptor = Descriptor(
        **curated.values(),
        source=DescriptorSource.MANUAL.value,
        quality_indicator=quality,
        created_at=now,
        updated_at=now,
    )
    _lock_code(session, fields.code)
    session.add(descriptor)
    try:
        session.flush()
    except IntegrityError:  # the section was deleted since the check
        session.rollback()
        return invalid({"wsos_section_id": e.MESSAGES[ErrorCode.SECTION_NOT_FOUND]})
    if _code_taken(session, descriptor_id=descriptor.id, code=fields.code, skill_names=fields.skill_names):
        session.rollback()
        return _code_taken_err()
    details = {"code": fields.code, "sectionId": fields.wsos_section_id, "source": descriptor.source}
    record(
        session,
        actor,
        action=AuditAction.DESCRIPTOR_CREATED,
        target_type="descriptor",
        target_id=descriptor.id,
        target_title=fields.criterion_name,
        details=details | {"quality": quality.value, "skills": fields.skill_names},
        clock=clock,
    )
    session.commit()
    return Ok(DescriptorSaved(descriptor.id, descriptor.row_version, now))


def _curatable(session: Session, descriptor_id: str | None, *, deleted: bool) -> Descriptor | None:
    """The library descriptor, freshly read, deleted or live as asked; None for anything else."""
    if not descriptor_id:
        return None
    state = col(Descriptor.deleted_at).is_not(None) if deleted else col(Descriptor.deleted_at).is_(None)
    statement = select(Descriptor).where(col(Descriptor.id) == descriptor_id, IN_LIBRARY, state)
    return session.exec(statement.execution_options(populate_existing=True)).first()


def _as_read(current: Descriptor) -> tuple[sa.ColumnElement[bool], ...]:
    """The compare-and-set condition: the row still has the status and version that were read."""
    status = current.batch_status
    same_status = col(Descriptor.batch_status).is_(None) if status is None else col(Descriptor.batch_status) == status
    return col(Descriptor.id) == current.id, same_status, col(Descriptor.row_version) == current.row_version


@checked
def update_curated_descriptor(
    session: Session,
    actor: Actor,
    form: CuratedDescriptorIn,
    *,
    descriptor_id: str,
    expected_version: int | None = None,
    clock: Clock,
) -> Result[DescriptorSaved]:
    """Edits a live library descriptor; without a quality the stored one is kept."""
    if not actor.is_admin:
        return _admin_only()
    return _failing_as(
        session,
        e.CURATION_UPDATE_FAILED,
        lambda: _update(session, actor, form, descriptor_id, expected_version, clock),
    )


def _update(
    session: Session,
    actor: Actor,
    form: CuratedDescriptorIn,
    descriptor_id: str,
    expected_version: int | None,
    clock: Clock,
) -> Result[DescriptorSaved]:
    current = _curatable(session, descriptor_id, deleted=False)
    if current is None:
        return err(ErrorCode.DESCRIPTOR_NOT_EDITABLE)
    curated = _curated(session, form, skill_required=bool(current.skill_names))
    if isinstance(curated, Err):
        return curated
    if expected_version is not None and expected_version != current.row_version:
        return err(ErrorCode.CONFLICT, e.DESCRIPTOR_CHANGED)
    now, version, fields = clock.now(), current.row_version + 1, curated.fields
    quality = curated.quality or QualityIndicator(current.quality_indicator)
    # Only what the edit adds can collide: a code kept with the skills it had stays as it was.
    had = set() if fields.code != current.code else {s.casefold() for s in current.skill_names or []}
    added = [s for s in fields.skill_names if s.casefold() not in had]
    _lock_code(session, fields.code)
    written = session.exec(
        update(Descriptor)
        .where(*_as_read(current), col(Descriptor.deleted_at).is_(None))
        .values(**curated.values(), quality_indicator=quality, row_version=version, updated_at=now)
    )
    if written.rowcount != 1:
        session.rollback()
        if _curatable(session, current.id, deleted=False) is None:
            return err(ErrorCode.DESCRIPTOR_NOT_EDITABLE)
        return err(ErrorCode.CONFLICT, e.DESCRIPTOR_CHANGED)
    if _code_taken(session, descriptor_id=current.id, code=fields.code, skill_names=added):
        session.rollback()
        return _code_taken_err()
    record(
        session,
        actor,
        action=AuditAction.DESCRIPTOR_UPDATED,
        target_type="descriptor",
        target_id=current.id,
        target_title=fields.criterion_name,
        details={"code": fields.code, "quality": quality.value, "rowVersion": version},
        clock=clock,
    )
    session.commit()
    return Ok(DescriptorSaved(current.id, version, now))


# --- delete / restore -----------------------------------------------------------------------


@checked
def delete_curated_descriptor(session: Session, actor: Actor, *, descriptor_id: str, clock: Clock) -> Result[str]:
    """Soft-deletes a live library descriptor (deleted_at, deleted_by); returns its id."""
    if not actor.is_admin:
        return _admin_only()
    return _failing_as(
        session, e.CURATION_DELETE_FAILED, lambda: _set_deleted(session, actor, descriptor_id, True, clock)
    )


@checked
def restore_curated_descriptor(session: Session, actor: Actor, *, descriptor_id: str, clock: Clock) -> Result[str]:
    """Brings a soft-deleted library descriptor back (clears deleted_at, deleted_by); returns its id.
    Refused while another live descriptor holds its code for one of its skills. Audited as
    DESCRIPTOR_UPDATED with `restored: true`: the audit vocabulary has no restore code."""
    if not actor.is_admin:
        return _admin_only()
    return _failing_as(
        session, e.CURATION_RESTORE_FAILED, lambda: _set_deleted(session, actor, descriptor_id, False, clock)
    )


def _set_deleted(session: Session, actor: Actor, descriptor_id: str, delete: bool, clock: Clock) -> Result[str]:
    if not descriptor_id:
        return err(ErrorCode.VALIDATION_ERROR, e.DESCRIPTOR_ID_REQUIRED)
    refused = err(
        ErrorCode.DESCRIPTOR_NOT_EDITABLE, e.DESCRIPTOR_NOT_DELETABLE if delete else e.DESCRIPTOR_NOT_RESTORABLE
    )
    current = _curatable(session, descriptor_id, deleted=not delete)
    if current is None:
        return refused
    now = clock.now()
    if not delete:
        _lock_code(session, current.code)
    was = col(Descriptor.deleted_at).is_(None) if delete else col(Descriptor.deleted_at).is_not(None)
    written = session.exec(
        update(Descriptor)
        .where(*_as_read(current), was)
        .values(
            deleted_at=now if delete else None,
            deleted_by=actor.user_id if delete else None,
            row_version=current.row_version + 1,
            updated_at=now,
        )
    )
    if written.rowcount != 1:  # edited, deleted or restored in another tab meanwhile
        session.rollback()
        return refused
    if not delete and _code_taken(
        session, descriptor_id=current.id, code=current.code, skill_names=current.skill_names or []
    ):
        session.rollback()
        return err(ErrorCode.VALIDATION_ERROR, e.CODE_TAKEN_FOR_SKILL)
    action = AuditAction.DESCRIPTOR_DELETED if delete else AuditAction.DESCRIPTOR_UPDATED
    details = {"code": current.code} if delete else {"code": current.code, "restored": True}
    record(
        session,
        actor,
        action=action,
        target_type="descriptor",
        target_id=current.id,
        target_title=current.criterion_name,
        details=details,
        clock=clock,
    )
    session.commit()
    return Ok(current.id)


# --- similar descriptors --------------------------------------------------------------------


def similar_descriptors(
    session: Session,
    actor: Actor,
    *,
    criterion_name: str,
    exclude_id: str | None = None,
) -> list[SimilarDescriptor]:
    """The duplicate warning on the curation form: live descriptors scoring above 0.4, best
    first, at most five; a name under 3 characters gets no check (ORIGINS C3). Never blocks a
    save. It reads every descriptor (drafts of any SCM, NEEDS_REVIEW), so it answers the
    curators (admins) only."""
    if not actor.is_admin or len((criterion_name or "").strip()) < MIN_QUERY_LENGTH:
        return []
    similar = similar_names(
        session,
        name=criterion_name,
        column=Descriptor.criterion_name,
        threshold=DESCRIPTOR_SIMILARITY,
        limit=SIMILAR_LIMIT,
        exclude_id=exclude_id,
        where=[col(Descriptor.deleted_at).is_(None)],
    )
    ids = [s.id for s in similar]
    found = {
        i: (code, skills)
        for i, code, skills in session.exec(
            select(Descriptor.id, Descriptor.code, Descriptor.skill_names).where(col(Descriptor.id).in_(ids))
        )
    }
    return [
        SimilarDescriptor(s.id, found[s.id][0], s.name, as_percent(s.score), tuple(found[s.id][1] or ()))
        for s in similar
        if s.id in found
    ]
