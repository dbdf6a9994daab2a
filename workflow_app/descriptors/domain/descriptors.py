"""An SCM's own descriptors: create, edit, autosave, delete, submit a batch, revise a returned one
(seeds 000/001, ORIGINS Part 2 B and C4, SPEC §4).

Only the SCM role may call these (admins too are refused). Edits check ownership and status
together, so another SCM's descriptor and a submitted one look the same: "not found or cannot be
edited". Every write is a compare-and-set on (owner, status, row_version), so a stale form gets
a conflict instead of overwriting a newer save or a descriptor that moved on meanwhile.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.dml import Update
from sqlmodel import Session, col, select, update

from workflow_app.core import errors as e
from workflow_app.core.actor import Actor
from workflow_app.core.arguments import checked
from workflow_app.core.audit import record
from workflow_app.core.clock import Clock
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok, Result, err
from workflow_app.core.validation import invalid
from workflow_app.core.workflow import AuditEntry, Subject, at_least_one
from workflow_app.descriptors.domain.descriptor_workflow import CREATE, DESCRIPTOR_WORKFLOW, REVISE, SUBMIT_BATCH
from workflow_app.descriptors.domain.events import BatchSentForReview
from workflow_app.descriptors.domain.skills import reviewer_ids_for_scm
from workflow_app.models import (
    AuditAction,
    AuditLog,
    Descriptor,
    DescriptorBatchStatus,
    DescriptorSource,
    QualityIndicator,
    Role,
    User,
    WsosSection,
)

B = DescriptorBatchStatus
CODE_MAX = 32
CRITERION_MIN = 5
CRITERION_MAX = 500
SCORE_MAX = 5000
TAGS_TEXT_MAX = 1000  # all tags together, as the form's one field holds them
SCORE_FIELDS = ("score3", "score2", "score1", "score0")
COMMENT_SUMMARY = 100


@dataclass(frozen=True)
class DescriptorSaved:
    id: str
    row_version: int
    updated_at: datetime


@dataclass(frozen=True)
class BatchSubmitted:
    """What "Submit for Review" did, and whom the notification goes to (ORIGINS C8)."""

    batch_id: str  # the submission's one new batch id
    count: int
    resubmitted_count: int  # drafts that had been in an earlier batch (their previous_batch_id)
    scm_id: str
    scm_name: str
    reviewer_ids: tuple[str, ...]  # every SA who may review them, first skill's SA first
    reviewer_emails: tuple[str, ...]

    @property
    def is_resubmission(self) -> bool:  # NOTIF-05 rather than NOTIF-01
        return self.resubmitted_count > 0


def split_list(value: str | Iterable[str] | None) -> list[str]:
    """ "safety, measurement, ," → ["safety", "measurement"]: trimmed, empties and repeats dropped."""
    items = value.split(",") if isinstance(value, str) else (value or [])
    return list(dict.fromkeys(text for text in (str(item).strip() for item in items) if text))


def clean_text(value: str | None) -> str | None:
    return (value or "").strip() or None


def wording_problems(criterion_name: str, scores: dict[str, str | None]) -> dict[str, str]:
    """The name and performance-level rules shared by the SCM form and the SA's edit-on-approve."""
    problems: dict[str, str] = {}
    if len(criterion_name) < CRITERION_MIN:
        problems["criterion_name"] = e.CRITERION_TOO_SHORT
    elif len(criterion_name) > CRITERION_MAX:
        problems["criterion_name"] = e.CRITERION_TOO_LONG
    problems.update({name: e.SCORE_TOO_LONG for name, text in scores.items() if text and len(text) > SCORE_MAX})
    if not any(scores.values()):
        problems["scores"] = e.PERFORMANCE_LEVEL_REQUIRED
    return problems


@dataclass(frozen=True)
class DescriptorIn:
    """The descriptor form as it is sent: lists as comma-separated text or as lists."""

    code: str | None = None
    criterion_name: str | None = None
    wsos_section_id: str | None = None
    score3: str | None = None
    score2: str | None = None
    score1: str | None = None
    score0: str | None = None
    tags: str | Iterable[str] | None = None
    categories: str | Iterable[str] | None = None
    skill_names: str | Iterable[str] | None = None


@dataclass(frozen=True)
class DescriptorFields:
    """The form's fields as stored: texts trimmed, empty scores NULL, lists split and trimmed."""

    code: str
    criterion_name: str
    wsos_section_id: str | None
    score3: str | None = None
    score2: str | None = None
    score1: str | None = None
    score0: str | None = None
    tags: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    skill_names: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, form: DescriptorIn) -> DescriptorFields:
        return cls(
            code=(form.code or "").strip(),
            criterion_name=(form.criterion_name or "").strip(),
            wsos_section_id=clean_text(form.wsos_section_id),
            score3=clean_text(form.score3),
            score2=clean_text(form.score2),
            score1=clean_text(form.score1),
            score0=clean_text(form.score0),
            tags=split_list(form.tags),
            categories=split_list(form.categories),
            skill_names=split_list(form.skill_names),
        )

    def problems(self, session: Session) -> dict[str, str]:
        problems: dict[str, str] = {}
        if not self.code:
            problems["code"] = e.CODE_REQUIRED
        elif len(self.code) > CODE_MAX:
            problems["code"] = e.CODE_TOO_LONG
        scores = {name: getattr(self, name) for name in SCORE_FIELDS}
        problems.update(wording_problems(self.criterion_name, scores))
        if len(", ".join(self.tags)) > TAGS_TEXT_MAX:
            problems["tags"] = e.TAGS_TOO_LONG
        if not self.wsos_section_id or session.get(WsosSection, self.wsos_section_id) is None:
            problems["wsos_section_id"] = e.SECTION_REQUIRED
        return problems

    def values(self) -> dict[str, Any]:
        return asdict(self)


FORM_ORDER = ("code", "criterion_name", "wsos_section_id", "scores", *SCORE_FIELDS)


def _invalid(problems: dict[str, str]) -> Err:
    return invalid(problems, FORM_ORDER)


def _scm_only() -> Err:
    return err(ErrorCode.FORBIDDEN_ROLE, e.SCM_ONLY)


def _own(session: Session, actor: Actor, descriptor_id: str | None, status: B | None) -> Descriptor | None:
    """The actor's live descriptor in `status`, freshly read; None for anything else."""
    if not descriptor_id:
        return None
    statement = select(Descriptor).where(
        col(Descriptor.id) == descriptor_id,
        col(Descriptor.created_by_id) == actor.user_id,
        col(Descriptor.batch_status) == status,
        col(Descriptor.deleted_at).is_(None),
    )
    return session.exec(statement.execution_options(populate_existing=True)).first()


@checked
def create_descriptor(session: Session, actor: Actor, form: DescriptorIn, *, clock: Clock) -> Result[DescriptorSaved]:
    """ "Save as Draft" on a new descriptor: DRAFT, NEEDS_REVIEW, source SCM, owned by the actor."""
    if problem := DESCRIPTOR_WORKFLOW.role_refusal(CREATE, actor):
        return problem
    fields = DescriptorFields.of(form)
    if problems := fields.problems(session):
        return _invalid(problems)
    now = clock.now()
    descriptor = Descriptor(
        **fields.values(),
        source=DescriptorSource.SCM.value,
        quality_indicator=QualityIndicator.NEEDS_REVIEW,
        created_by_id=actor.user_id,
        created_at=now,
        updated_at=now,
    )
    details = {"code": fields.code, "sectionId": fields.wsos_section_id}
    try:
        created = DESCRIPTOR_WORKFLOW.create(
            session,
            actor,
            CREATE,
            descriptor,
            audit=lambda: AuditEntry(
                AuditAction.DESCRIPTOR_CREATED, "descriptor", descriptor.id, fields.criterion_name, details
            ),
            clock=clock,
        )
    except IntegrityError:  # the section was deleted since the check
        session.rollback()
        return _invalid({"wsos_section_id": e.SECTION_REQUIRED})
    if isinstance(created, Err):
        return created
    return Ok(DescriptorSaved(descriptor.id, descriptor.row_version, now))


def save_descriptor(
    session: Session,
    actor: Actor,
    form: DescriptorIn,
    *,
    descriptor_id: str | None,
    expected_version: int | None = None,
    clock: Clock,
) -> Result[DescriptorSaved]:
    """The form's save: a new draft without an id; for an own RETURNED descriptor the revision
    (back to DRAFT, REVISE); otherwise the update of an own draft, which refuses the rest."""
    if not descriptor_id:
        return create_descriptor(session, actor, form, clock=clock)
    stored = session.exec(
        select(Descriptor.batch_status).where(
            col(Descriptor.id) == descriptor_id, col(Descriptor.created_by_id) == actor.user_id
        )
    ).first()
    command = revise_returned_descriptor if stored == B.RETURNED else update_descriptor
    return command(session, actor, form, descriptor_id=descriptor_id, expected_version=expected_version, clock=clock)


@checked
def update_descriptor(
    session: Session,
    actor: Actor,
    form: DescriptorIn,
    *,
    descriptor_id: str,
    expected_version: int | None = None,
    clock: Clock,
) -> Result[DescriptorSaved]:
    """ "Update Descriptor" on an own DRAFT."""
    return _edit_draft(
        session,
        actor,
        descriptor_id=descriptor_id,
        form=form,
        expected_version=expected_version,
        editing_session_id=None,
        clock=clock,
    )


@checked
def autosave_descriptor(
    session: Session,
    actor: Actor,
    form: DescriptorIn,
    *,
    descriptor_id: str,
    expected_version: int | None,
    editing_session_id: str,
    clock: Clock,
) -> Result[DescriptorSaved]:
    """The server layer of the form's autosave: an update audited once per editing session.
    Fully validated: a DRAFT is submitted as stored, so it must always be a valid descriptor."""
    if not editing_session_id:
        raise ValueError("autosave needs the editing session's id")
    return _edit_draft(
        session,
        actor,
        descriptor_id=descriptor_id,
        form=form,
        expected_version=expected_version,
        editing_session_id=editing_session_id,
        clock=clock,
    )


def _edit_draft(
    session: Session,
    actor: Actor,
    *,
    descriptor_id: str,
    form: DescriptorIn,
    expected_version: int | None,
    editing_session_id: str | None,
    clock: Clock,
) -> Result[DescriptorSaved]:
    if actor.role != Role.SCM:
        return _scm_only()
    fields = DescriptorFields.of(form)
    if problems := fields.problems(session):
        return _invalid(problems)
    current = _own(session, actor, descriptor_id, B.DRAFT)
    if current is None:
        return err(ErrorCode.DESCRIPTOR_NOT_EDITABLE)
    if expected_version is not None and expected_version != current.row_version:
        return err(ErrorCode.CONFLICT, e.DESCRIPTOR_CHANGED)
    action: AuditAction | None = AuditAction.DESCRIPTOR_UPDATED
    details: dict[str, Any] = {}
    if editing_session_id is not None:
        details = {"editingSession": editing_session_id, "autosave": True}
        if _autosave_audited(session, descriptor_id=current.id, editing_session_id=editing_session_id):
            action = None
    return _write(session, actor, current, values=fields.values(), action=action, details=details, clock=clock)


@checked
def revise_returned_descriptor(
    session: Session,
    actor: Actor,
    form: DescriptorIn,
    *,
    descriptor_id: str,
    expected_version: int | None = None,
    clock: Clock,
) -> Result[DescriptorSaved]:
    """Saving a RETURNED descriptor: the edits, back to DRAFT, review fields cleared, batch id kept
    (so the next submission is known as a resubmission)."""
    if problem := DESCRIPTOR_WORKFLOW.role_refusal(REVISE, actor):
        return problem
    fields = DescriptorFields.of(form)
    if problems := fields.problems(session):
        return _invalid(problems)
    current = _own(session, actor, descriptor_id, B.RETURNED)
    if current is None:
        return err(ErrorCode.DESCRIPTOR_NOT_EDITABLE)
    if expected_version is not None and expected_version != current.row_version:
        return err(ErrorCode.CONFLICT, e.DESCRIPTOR_CHANGED)
    now = clock.now()
    saved = DescriptorSaved(current.id, current.row_version + 1, now)
    revised = _at_version(actor, current).values(
        **fields.values(),
        review_comment=None,
        reviewer_id=None,
        reviewed_at=None,
        row_version=saved.row_version,
        updated_at=now,
    )
    details = {
        "batchId": current.batch_id,
        "previousComment": (current.review_comment or "")[:COMMENT_SUMMARY],
        "rowVersion": saved.row_version,
    }
    moved = DESCRIPTOR_WORKFLOW.move(
        session,
        actor,
        REVISE,
        Subject(B.RETURNED, owner_id=current.created_by_id),
        rows=(revised,),
        lost=lambda: _lost_edit(session, actor, current.id, B.RETURNED),
        audit=AuditEntry(AuditAction.DESCRIPTOR_REVISED, "descriptor", current.id, fields.criterion_name, details),
        clock=clock,
    )
    return moved if isinstance(moved, Err) else Ok(saved)


def _at_version(actor: Actor, current: Descriptor) -> Update:
    """The compare-and-set on what was read: owner, not deleted, row_version."""
    return update(Descriptor).where(
        col(Descriptor.id) == current.id,
        col(Descriptor.created_by_id) == actor.user_id,
        col(Descriptor.deleted_at).is_(None),
        col(Descriptor.row_version) == current.row_version,
    )


def _lost_edit(session: Session, actor: Actor, descriptor_id: str, status: B | None) -> Err:
    """Changed in another tab (still the actor's, in `status`) or gone from what may be edited."""
    if _own(session, actor, descriptor_id, status) is not None:
        return err(ErrorCode.CONFLICT, e.DESCRIPTOR_CHANGED)
    return err(ErrorCode.DESCRIPTOR_NOT_EDITABLE)


def _write(
    session: Session,
    actor: Actor,
    current: Descriptor,
    *,
    values: dict[str, Any],
    action: AuditAction | None,
    details: dict[str, Any],
    clock: Clock,
) -> Result[DescriptorSaved]:
    """An own draft's edits (no status change), compare-and-set on what was read."""
    now, status = clock.now(), current.batch_status
    saved = DescriptorSaved(current.id, current.row_version + 1, now)
    written = session.exec(
        _at_version(actor, current)
        .where(col(Descriptor.batch_status) == status)
        .values(**values, row_version=saved.row_version, updated_at=now)
    )
    if written.rowcount != 1:
        session.rollback()
        return _lost_edit(session, actor, current.id, status)
    if action is not None:
        record(
            session,
            actor,
            action=action,
            target_type="descriptor",
            target_id=current.id,
            target_title=values.get("criterion_name") or current.criterion_name,
            details={**details, "rowVersion": saved.row_version},
            clock=clock,
        )
    session.commit()
    return Ok(saved)


def _autosave_audited(session: Session, *, descriptor_id: str, editing_session_id: str) -> bool:
    # As drafts.autosave_draft: one descriptor's few entries, matched in Python for portability.
    details = session.exec(
        select(AuditLog.details).where(
            col(AuditLog.target_type) == "descriptor",
            col(AuditLog.target_id) == descriptor_id,
            col(AuditLog.action) == AuditAction.DESCRIPTOR_UPDATED,
        )
    ).all()
    return any((d or {}).get("editingSession") == editing_session_id for d in details)


@checked
def delete_descriptor(session: Session, actor: Actor, *, descriptor_id: str, clock: Clock) -> Result[str]:
    """Soft-deletes an own DRAFT (deleted_at, deleted_by); returns its id."""
    if actor.role != Role.SCM:
        return _scm_only()
    if not descriptor_id:
        return err(ErrorCode.VALIDATION_ERROR, e.DESCRIPTOR_ID_REQUIRED)
    current = _own(session, actor, descriptor_id, B.DRAFT)
    if current is None:
        return err(ErrorCode.DESCRIPTOR_NOT_EDITABLE, e.DESCRIPTOR_NOT_DELETABLE)
    now = clock.now()
    deleted = session.exec(
        update(Descriptor)
        .where(
            col(Descriptor.id) == current.id,
            col(Descriptor.created_by_id) == actor.user_id,
            col(Descriptor.batch_status) == B.DRAFT,
            col(Descriptor.deleted_at).is_(None),
        )
        .values(deleted_at=now, deleted_by=actor.user_id, row_version=Descriptor.row_version + 1, updated_at=now)
    )
    if deleted.rowcount != 1:  # submitted or deleted in another tab meanwhile
        session.rollback()
        return err(ErrorCode.DESCRIPTOR_NOT_EDITABLE, e.DESCRIPTOR_NOT_DELETABLE)
    record(
        session,
        actor,
        action=AuditAction.DESCRIPTOR_DELETED,
        target_type="descriptor",
        target_id=current.id,
        target_title=current.criterion_name,
        details={"code": current.code},
        clock=clock,
    )
    session.commit()
    return Ok(current.id)


@checked
def submit_batch(session: Session, actor: Actor, *, clock: Clock) -> Result[BatchSubmitted]:
    """ "Submit for Review": every own live DRAFT → PENDING_REVIEW in two set-based UPDATEs,
    all under one new batch id (seed 000). A revised descriptor, one that had a batch id
    already, keeps that id as its previous_batch_id: the submission is a resubmission (NOTIF-05)."""
    if problem := DESCRIPTOR_WORKFLOW.role_refusal(SUBMIT_BATCH, actor):
        return problem
    now, batch_id = clock.now(), uuid.uuid4().hex  # hex: the app's id format, fits the audit target
    # Set-based, and no identity-map bookkeeping: 10,000 drafts are two statements, not a loop.
    mine = (
        update(Descriptor)
        .where(col(Descriptor.created_by_id) == actor.user_id, col(Descriptor.deleted_at).is_(None))
        .execution_options(synchronize_session=False)
    )
    values = {
        "submitted_at": now,
        "reviewer_id": None,
        "reviewed_at": None,
        "review_comment": None,
        "was_modified_during_approval": False,
        "row_version": Descriptor.row_version + 1,
        "updated_at": now,
    }
    fresh = mine.where(col(Descriptor.batch_id).is_(None)).values(**values, batch_id=batch_id)
    # SET reads the row as it was: the id it had moves to previous_batch_id as the new one lands.
    again = mine.where(col(Descriptor.batch_id).is_not(None)).values(
        **values, previous_batch_id=Descriptor.batch_id, batch_id=batch_id
    )

    def entry(counts: tuple[int, ...]) -> AuditEntry:
        count = sum(counts)
        details = {"batchId": batch_id, "count": count, "resubmitted": counts[1]}
        return AuditEntry(
            AuditAction.DESCRIPTOR_BATCH_SUBMITTED, "descriptor_batch", batch_id, f"{count} descriptor(s)", details
        )

    moved = DESCRIPTOR_WORKFLOW.move(
        session,
        actor,
        SUBMIT_BATCH,
        Subject(B.DRAFT, owner_id=actor.user_id),
        rows=(fresh, again),
        expect=at_least_one,
        lost=lambda: err(ErrorCode.NO_DRAFTS_TO_SUBMIT),
        audit=entry,
        clock=clock,
    )
    if isinstance(moved, Err):
        return moved
    fresh_count, again_count = moved.value
    done = _batch_submitted(session, actor, batch_id, fresh_count + again_count, again_count)
    sent = BatchSentForReview(
        scm_id=done.scm_id, sa_ids=done.reviewer_ids, count=done.count, resubmitted=done.is_resubmission
    )
    return Ok(done, events=(sent,) if done.reviewer_ids else ())


def _batch_submitted(session: Session, actor: Actor, batch_id: str, count: int, again: int) -> BatchSubmitted:
    reviewer_ids = reviewer_ids_for_scm(session, actor.user_id)
    emails = dict(session.exec(select(User.id, User.email).where(col(User.id).in_(reviewer_ids))).all())
    return BatchSubmitted(
        batch_id=batch_id,
        count=count,
        resubmitted_count=again,
        scm_id=actor.user_id,
        scm_name=actor.display_name,
        reviewer_ids=tuple(reviewer_ids),
        reviewer_emails=tuple(emails[i] for i in reviewer_ids if i in emails),
    )
