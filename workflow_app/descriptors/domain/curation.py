"""Admin curation of the descriptor library: create, edit, soft-delete, restore, and the
"Similar descriptors found" warning (ORIGINS Part 2 B, C3).

Only ADMIN and SUPERADMIN may curate. The library is what an admin curates: imported and
manual descriptors (no batch status) and approved ones. An SCM's DRAFT, a batch under review
or a RETURNED descriptor still belongs to the SCM/SA workflow and is refused here, so curation
never races the review. Every write is a compare-and-set on (status, deleted, row_version).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import sqlalchemy as sa
from sqlmodel import Session, col, or_, select, update

from workflow_app.core import errors as e
from workflow_app.core.actor import Actor
from workflow_app.core.arguments import checked
from workflow_app.core.audit import record
from workflow_app.core.clock import Clock
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok, Result, err
from workflow_app.core.similarity import DESCRIPTOR_SIMILARITY, SIMILAR_LIMIT, as_percent, similar_names
from workflow_app.core.validation import invalid
from workflow_app.descriptors.domain.descriptors import (
    CRITERION_MIN,
    FORM_ORDER,
    DescriptorFields,
    DescriptorIn,
    DescriptorSaved,
)
from workflow_app.models import (
    AuditAction,
    Descriptor,
    DescriptorBatchStatus,
    DescriptorSource,
    QualityIndicator,
    WsosSection,
)

_IN_LIBRARY = or_(
    col(Descriptor.batch_status).is_(None), col(Descriptor.batch_status) == DescriptorBatchStatus.APPROVED
)


@dataclass(frozen=True)
class SimilarDescriptor:
    id: str
    code: str
    criterion_name: str
    percent: int  # "(N% similar)"


def _admin_only() -> Err:
    return err(ErrorCode.FORBIDDEN_ROLE, e.ADMIN_ONLY)


def _curated_fields(
    session: Session, form: CuratedDescriptorIn
) -> tuple[DescriptorFields, QualityIndicator | None, dict[str, str]]:
    """The form as stored, its quality (None: not given), and its problems; the section is
    optional for admins, but one that is named must exist."""
    quality_text = form.quality
    fields = DescriptorFields.of(form)
    problems = fields.problems(session)
    problems.pop("wsos_section_id", None)
    if fields.wsos_section_id and session.get(WsosSection, fields.wsos_section_id) is None:
        problems["wsos_section_id"] = e.MESSAGES[ErrorCode.SECTION_NOT_FOUND]
    quality = None
    try:
        quality = None if quality_text is None else QualityIndicator(quality_text)
    except ValueError:
        problems["quality"] = e.QUALITY_INVALID
    return fields, quality, problems


def _invalid(problems: dict[str, str]) -> Err:
    return invalid(problems, (*FORM_ORDER, "quality"))


@dataclass(frozen=True)
class CuratedDescriptorIn(DescriptorIn):
    """The curation form: the descriptor form, the section optional, and a quality (None: on
    create REFERENCE, on edit the stored one)."""

    quality: QualityIndicator | str | None = None


@checked
def create_curated_descriptor(
    session: Session, actor: Actor, form: CuratedDescriptorIn, *, clock: Clock
) -> Result[DescriptorSaved]:
    """A library descriptor written by an admin: source "Manual", no batch status."""
    if not actor.is_admin:
        return _admin_only()
    form = replace(form, quality=form.quality or QualityIndicator.REFERENCE)
    fields, quality_indicator, problems = _curated_fields(session, form)
    if problems:
        return _invalid(problems)
    now = clock.now()
    descriptor = Descriptor(
        **fields.values(),
        source=DescriptorSource.MANUAL.value,
        quality_indicator=quality_indicator or QualityIndicator.REFERENCE,
        created_at=now,
        updated_at=now,
    )
    session.add(descriptor)
    session.flush()
    record(
        session,
        actor,
        action=AuditAction.DESCRIPTOR_CREATED,
        target_type="descriptor",
        target_id=descriptor.id,
        target_title=fields.criterion_name,
        details={
            "code": fields.code,
            "sectionId": fields.wsos_section_id,
            "source": descriptor.source,
            "quality": descriptor.quality_indicator.value,
        },
        clock=clock,
    )
    session.commit()
    return Ok(DescriptorSaved(descriptor.id, descriptor.row_version, now))


def _curatable(session: Session, descriptor_id: str | None, *, deleted: bool) -> Descriptor | None:
    """The library descriptor, freshly read, deleted or live as asked; None for anything else."""
    if not descriptor_id:
        return None
    state = col(Descriptor.deleted_at).is_not(None) if deleted else col(Descriptor.deleted_at).is_(None)
    statement = select(Descriptor).where(col(Descriptor.id) == descriptor_id, _IN_LIBRARY, state)
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
    fields, quality_indicator, problems = _curated_fields(session, form)
    if problems:
        return _invalid(problems)
    current = _curatable(session, descriptor_id, deleted=False)
    if current is None:
        return err(ErrorCode.DESCRIPTOR_NOT_EDITABLE)
    if expected_version is not None and expected_version != current.row_version:
        return err(ErrorCode.CONFLICT, e.DESCRIPTOR_CHANGED)
    now, version = clock.now(), current.row_version + 1
    quality_indicator = quality_indicator or QualityIndicator(current.quality_indicator)
    written = session.exec(
        update(Descriptor)
        .where(*_as_read(current), col(Descriptor.deleted_at).is_(None))
        .values(**fields.values(), quality_indicator=quality_indicator, row_version=version, updated_at=now)
    )
    if written.rowcount != 1:
        session.rollback()
        if _curatable(session, current.id, deleted=False) is None:
            return err(ErrorCode.DESCRIPTOR_NOT_EDITABLE)
        return err(ErrorCode.CONFLICT, e.DESCRIPTOR_CHANGED)
    record(
        session,
        actor,
        action=AuditAction.DESCRIPTOR_UPDATED,
        target_type="descriptor",
        target_id=current.id,
        target_title=fields.criterion_name,
        details={"code": fields.code, "quality": quality_indicator.value, "rowVersion": version},
        clock=clock,
    )
    session.commit()
    return Ok(DescriptorSaved(current.id, version, now))


@checked
def delete_curated_descriptor(session: Session, actor: Actor, *, descriptor_id: str, clock: Clock) -> Result[str]:
    """Soft-deletes a live library descriptor (deleted_at, deleted_by); returns its id."""
    return _set_deleted(session, actor, descriptor_id=descriptor_id, delete=True, clock=clock)


@checked
def restore_curated_descriptor(session: Session, actor: Actor, *, descriptor_id: str, clock: Clock) -> Result[str]:
    """Brings a soft-deleted library descriptor back (clears deleted_at, deleted_by); returns its id.
    Audited as DESCRIPTOR_UPDATED with `restored: true`: the audit vocabulary has no restore code."""
    return _set_deleted(session, actor, descriptor_id=descriptor_id, delete=False, clock=clock)


def _set_deleted(session: Session, actor: Actor, *, descriptor_id: str, delete: bool, clock: Clock) -> Result[str]:
    if not actor.is_admin:
        return _admin_only()
    if not descriptor_id:
        return err(ErrorCode.VALIDATION_ERROR, e.DESCRIPTOR_ID_REQUIRED)
    refused = err(
        ErrorCode.DESCRIPTOR_NOT_EDITABLE, e.DESCRIPTOR_NOT_DELETABLE if delete else e.DESCRIPTOR_NOT_RESTORABLE
    )
    current = _curatable(session, descriptor_id, deleted=not delete)
    if current is None:
        return refused
    now = clock.now()
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


def similar_descriptors(
    session: Session,
    actor: Actor,
    *,
    criterion_name: str,
    exclude_id: str | None = None,
) -> list[SimilarDescriptor]:
    """The duplicate warning on the curation form: live descriptors scoring above 0.4, best first.
    Never blocks a save; a name too short to be valid gets no check. It reads every descriptor
    (drafts of any SCM, NEEDS_REVIEW), so it answers the curators (admins) only."""
    if not actor.is_admin or len((criterion_name or "").strip()) < CRITERION_MIN:
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
    codes = dict(session.exec(select(Descriptor.id, Descriptor.code).where(col(Descriptor.id).in_(ids))).all())
    return [SimilarDescriptor(s.id, codes[s.id], s.name, as_percent(s.score)) for s in similar if s.id in codes]
