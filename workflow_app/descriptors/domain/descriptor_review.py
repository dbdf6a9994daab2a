"""The SA's decisions on pending descriptors: approve (optionally rewording), return, and both in
bulk (ORIGINS Part 2 C5, F 11–17, SPEC §4).

Checks run in the house order: role, lookup, routing (the SA advises a skill of the author),
state, version, then the wording rules. The write is a compare-and-set on
(id, PENDING_REVIEW, row_version): of two decisions racing on one descriptor, the second finds
nothing to update and gets STALE_DECISION, never a 500. The origin let any status be decided;
only PENDING_REVIEW can be decided here.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select, update

from workflow_app.core import errors as e
from workflow_app.core.actor import Actor
from workflow_app.core.arguments import checked
from workflow_app.core.clock import Clock
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok, Result, err
from workflow_app.core.validation import invalid
from workflow_app.core.workflow import AuditEntry, Subject
from workflow_app.descriptors.domain import revisions
from workflow_app.descriptors.domain.descriptor_workflow import APPROVE, DESCRIPTOR_WORKFLOW, RETURN
from workflow_app.descriptors.domain.descriptors import (
    COMMENT_SUMMARY,
    FORM_ORDER,
    SCORE_FIELDS,
    clean_text,
    wording_problems,
)
from workflow_app.descriptors.domain.events import DescriptorApproved, DescriptorReturned
from workflow_app.descriptors.domain.skills import advises
from workflow_app.models import AuditAction, Descriptor, DescriptorBatchStatus, QualityIndicator

log = logging.getLogger(__name__)
B = DescriptorBatchStatus
RETURN_COMMENT_MIN = 5
RETURN_COMMENT_MAX = 2000
MAX_SELECTED = 200
APPROVED_TEXT = "Descriptor approved"
APPROVED_MODIFIED_TEXT = "Descriptor approved with modifications"
RETURNED_TEXT = "Descriptor returned to SCM with your feedback"


@dataclass(frozen=True)
class DescriptorDecision:
    """What the notification of a decision needs (ORIGINS C8 NOTIF-02/03/04)."""

    descriptor_id: str
    code: str
    criterion_name: str  # as approved, i.e. after the SA's edits
    scm_id: str | None
    decision: str  # APPROVE | RETURN
    was_modified: bool
    comment: str | None
    reviewer_id: str
    reviewer_name: str

    @property
    def message(self) -> str:
        if self.decision == RETURN:
            return RETURNED_TEXT
        return APPROVED_MODIFIED_TEXT if self.was_modified else APPROVED_TEXT


@dataclass(frozen=True)
class ItemResult:
    descriptor_id: str
    ok: bool
    message: str
    decision: DescriptorDecision | None = None


@dataclass(frozen=True)
class ApprovalEdits:
    """The SA's rewording on approval: a field left None keeps the stored text."""

    criterion_name: str | None = None
    score3: str | None = None
    score2: str | None = None
    score1: str | None = None
    score0: str | None = None


NO_EDITS = ApprovalEdits()


@checked
def approve_descriptor(
    session: Session,
    actor: Actor,
    edits: ApprovalEdits = NO_EDITS,
    *,
    descriptor_id: str,
    expected_version: int | None = None,
    clock: Clock,
) -> Result[DescriptorDecision]:
    """APPROVED + GOOD. A given wording field replaces the stored text (trimmed; an empty score
    becomes NULL) and marks the approval as modified if it differs."""
    if problem := DESCRIPTOR_WORKFLOW.role_refusal(APPROVE, actor):
        return problem
    current = _decidable(session, actor, descriptor_id, APPROVE, expected_version)
    if isinstance(current, Err):
        return current
    given = _given(edits)
    merged = {name: given.get(name, getattr(current, name)) for name in ("criterion_name", *SCORE_FIELDS)}
    if problems := wording_problems(merged["criterion_name"] or "", {n: merged[n] for n in SCORE_FIELDS}):
        return invalid(problems, FORM_ORDER)
    was_modified = any((text or "") != (getattr(current, name) or "").strip() for name, text in given.items())
    values = {
        **given,
        "quality_indicator": QualityIndicator.GOOD,
        "was_modified_during_approval": was_modified,
        "review_comment": None,
    }
    decision = _decision(actor, current, APPROVE, merged["criterion_name"], was_modified, None)
    return _decide(
        session, actor, current, values, decision, AuditAction.DESCRIPTOR_APPROVED, {"wasModified": was_modified}, clock
    )


@checked
def return_descriptor(
    session: Session,
    actor: Actor,
    *,
    descriptor_id: str,
    comment: str,
    expected_version: int | None = None,
    clock: Clock,
) -> Result[DescriptorDecision]:
    """RETURNED with the SA's feedback; quality stays NEEDS_REVIEW."""
    if problem := DESCRIPTOR_WORKFLOW.role_refusal(RETURN, actor):
        return problem
    text = (comment or "").strip()
    if problem := return_comment_problem(text):
        return problem
    current = _decidable(session, actor, descriptor_id, RETURN, expected_version)
    if isinstance(current, Err):
        return current
    values = {"review_comment": text, "was_modified_during_approval": False}
    decision = _decision(actor, current, RETURN, current.criterion_name, False, text)
    return _decide(
        session,
        actor,
        current,
        values,
        decision,
        AuditAction.DESCRIPTOR_RETURNED,
        {"commentSummary": text[:COMMENT_SUMMARY]},
        clock,
    )


def return_comment_problem(text: str) -> Err | None:
    if len(text) < RETURN_COMMENT_MIN:
        return err(ErrorCode.COMMENT_REQUIRED, e.RETURN_REASON_TOO_SHORT, comment=e.RETURN_REASON_TOO_SHORT)
    if len(text) > RETURN_COMMENT_MAX:
        return err(ErrorCode.VALIDATION_ERROR, e.RETURN_REASON_TOO_LONG, comment=e.RETURN_REASON_TOO_LONG)
    return None


@checked
def decide_many(
    session: Session,
    actor: Actor,
    *,
    descriptor_ids: list[str],
    decision: str,
    comment: str | None = None,
    clock: Clock,
) -> Result[list[ItemResult]]:
    """Approves or returns each selected descriptor in its own transaction, so one refusal leaves
    the others decided; returns one result per distinct id, in the order given."""
    chosen = str(decision or "").strip().upper()
    if problem := DESCRIPTOR_WORKFLOW.role_refusal(RETURN if chosen == RETURN else APPROVE, actor):
        return problem
    if chosen not in (APPROVE, RETURN):
        return err(ErrorCode.VALIDATION_ERROR, e.DECISION_UNKNOWN, decision=e.DECISION_UNKNOWN)
    ids = list(dict.fromkeys(i for i in descriptor_ids if i))
    if len(ids) > MAX_SELECTED:
        return err(ErrorCode.VALIDATION_ERROR, e.TOO_MANY_SELECTED)
    if chosen == RETURN and (problem := return_comment_problem((comment or "").strip())):
        return problem  # the same comment for all: refuse once, not once per item
    items = [_decide_one(session, actor, i, chosen, comment, clock) for i in ids]
    # One notification per decided descriptor, as the origin sends one per approve or return.
    return Ok(items, events=tuple(_told(i.decision) for i in items if i.ok and i.decision is not None))


def _told(decision: DescriptorDecision) -> DescriptorApproved | DescriptorReturned:
    """What the SCM who wrote the descriptor is told (ORIGINS C8 NOTIF-02/03/04)."""
    if decision.decision == RETURN:
        return DescriptorReturned(decision.descriptor_id, sa_id=decision.reviewer_id, comment=decision.comment or "")
    return DescriptorApproved(decision.descriptor_id, sa_id=decision.reviewer_id, was_modified=decision.was_modified)


def _decide_one(
    session: Session, actor: Actor, descriptor_id: str, chosen: str, comment: str | None, clock: Clock
) -> ItemResult:
    try:
        if chosen == APPROVE:
            result = approve_descriptor(session, actor, descriptor_id=descriptor_id, clock=clock)
        else:
            result = return_descriptor(session, actor, descriptor_id=descriptor_id, comment=comment or "", clock=clock)
    except SQLAlchemyError:  # one item's infrastructure failure must not hide the others' results
        session.rollback()
        log.exception("bulk %s of descriptor %s failed", chosen, descriptor_id)
        return ItemResult(descriptor_id, False, e.MESSAGES[ErrorCode.SERVER_ERROR])
    if isinstance(result, Err):
        return ItemResult(descriptor_id, False, result.message)
    return ItemResult(descriptor_id, True, result.value.message, result.value)


def _given(edits: ApprovalEdits) -> dict[str, str | None]:
    """Only the fields the SA sent; the name trimmed, a score trimmed or NULL when empty."""
    given = {name: clean_text(text) for name, text in asdict(edits).items() if text is not None}
    if "criterion_name" in given:
        given["criterion_name"] = given["criterion_name"] or ""
    return given


def _decidable(
    session: Session, actor: Actor, descriptor_id: str | None, action: str, expected_version: int | None
) -> Descriptor | Err:
    """The live descriptor if this SA may take `action` on it now, else the documented refusal."""
    statement = select(Descriptor).where(
        col(Descriptor.id) == (descriptor_id or ""), col(Descriptor.deleted_at).is_(None)
    )
    current = session.exec(statement.execution_options(populate_existing=True)).first()
    if current is None:
        return err(ErrorCode.DESCRIPTOR_NOT_FOUND)
    subject = _subject(session, actor, current)
    if problem := DESCRIPTOR_WORKFLOW.refusal(action, actor, subject):
        return problem
    if expected_version is not None and expected_version != current.row_version:
        return err(ErrorCode.CONFLICT, e.DESCRIPTOR_CHANGED)
    return current


def _subject(session: Session, actor: Actor, current: Descriptor) -> Subject:
    status = B(current.batch_status) if current.batch_status else None
    routed = advises(session, actor.user_id, current.created_by_id)
    return Subject(status, owner_id=current.created_by_id, routed_to_actor=routed)


def _decision(
    actor: Actor, current: Descriptor, chosen: str, name: str, was_modified: bool, comment: str | None
) -> DescriptorDecision:
    return DescriptorDecision(
        descriptor_id=current.id,
        code=current.code,
        criterion_name=name,
        scm_id=current.created_by_id,
        decision=chosen,
        was_modified=was_modified,
        comment=comment,
        reviewer_id=actor.user_id,
        reviewer_name=actor.display_name,
    )


def _decide(
    session: Session,
    actor: Actor,
    current: Descriptor,
    values: dict[str, Any],
    decision: DescriptorDecision,
    action: AuditAction,
    details: dict[str, Any],
    clock: Clock,
) -> Result[DescriptorDecision]:
    now = clock.now()
    text = revisions.snapshot(current)  # as read: the UPDATE below may refresh `current`
    event = (
        revisions.RETURNED if decision.decision == RETURN else (revisions.APPROVED if decision.was_modified else None)
    )

    def keep_revision() -> bool:
        return event is None or revisions.keep(
            session, text, event=event, actor=actor, comment=decision.comment, now=now
        )

    decided = (
        update(Descriptor)
        .where(
            col(Descriptor.id) == current.id,
            col(Descriptor.deleted_at).is_(None),
            col(Descriptor.row_version) == current.row_version,
        )
        .values(
            **values, reviewer_id=actor.user_id, reviewed_at=now, row_version=current.row_version + 1, updated_at=now
        )
    )
    details = {**details, "code": current.code, "batchId": current.batch_id, "scmId": current.created_by_id}
    moved = DESCRIPTOR_WORKFLOW.move(
        session,
        actor,
        decision.decision,
        Subject(B(current.batch_status), owner_id=current.created_by_id, routed_to_actor=True),  # read by _decidable
        rows=(decided,),
        lost=lambda: _lost_race(session, current.id),  # decided, deleted or changed since it was read
        also=keep_revision,
        audit=AuditEntry(action, "descriptor", current.id, decision.criterion_name, details),
        clock=clock,
    )
    return moved if isinstance(moved, Err) else Ok(decision, events=(_told(decision),))


def _lost_race(session: Session, descriptor_id: str) -> Err:
    status = session.exec(
        select(Descriptor.batch_status).where(col(Descriptor.id) == descriptor_id, col(Descriptor.deleted_at).is_(None))
    ).first()
    if status == B.PENDING_REVIEW:
        return err(ErrorCode.CONFLICT, e.DESCRIPTOR_CHANGED)
    return err(ErrorCode.STALE_DECISION)
