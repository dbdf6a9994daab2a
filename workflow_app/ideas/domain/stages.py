"""Reviewing an idea in stages (ORIGINS C16, F 40–45): claim, complete, escalate, resolve.

The first claim of a SUBMITTED idea copies its category's pipeline into a progress row per stage
(later edits of the pipeline do not change a review under way), starts stage 1 for the claimer
and puts the idea UNDER_REVIEW. A stage's claimer completes it: PASS starts the next stage,
which any other admin (or the same one) then claims; ESCALATE stops the review until a SUPERADMIN
resolves it (PASS: the next stage starts; REJECT: the idea is rejected); the decision stage
accepts or rejects the idea, with its score when scoring is on. Each step checks in the order
of the origin's tables, writes with compare-and-set on what it read, and audits in the same
transaction; the idea's status changes only through the STAGED_REVIEW table's executor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.sql.dml import Update
from sqlmodel import Session, col, select, update

from workflow_app.core.actor import Actor
from workflow_app.core.arguments import checked
from workflow_app.core.audit import record
from workflow_app.core.clock import Clock
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.core.result import Err, Ok, Result, err
from workflow_app.core.workflow import AuditEntry, Subject
from workflow_app.ideas.domain import pipelines, reviews, scoring
from workflow_app.ideas.domain.events import IdeaDecided
from workflow_app.ideas.domain.idea_workflow import (
    CLAIM_STAGE,
    NOT_YOUR_STAGE,
    RESOLVE_ACCEPT,
    RESOLVE_REJECT,
    STAGE_ACCEPT,
    STAGE_REJECT,
    STAGED_REVIEW,
)
from workflow_app.ideas.domain.ideas import find_visible
from workflow_app.models import (
    AuditAction,
    Idea,
    IdeaStageProgress,
    IdeaStatus,
    ReviewDecision,
    Role,
    StageOutcome,
)

# The comment's bounds are seed 003's (reviews.py); its too-long text is ORIGINS C16's.
COMMENT_MIN, COMMENT_MAX = reviews.COMMENT_MIN, reviews.COMMENT_MAX
COMMENT_TOO_LONG = "Comment must be 2000 characters or fewer."
SUMMARY_LENGTH = 100
VIA = "multi-stage-review"
RESOLUTIONS = ("PASS", "REJECT")
_ON_ORDINARY_STAGE = frozenset({StageOutcome.PASS, StageOutcome.ESCALATE})
_ON_DECISION_STAGE = frozenset({StageOutcome.ACCEPTED, StageOutcome.REJECTED})


@dataclass(frozen=True)
class Completed:
    outcome: StageOutcome
    next_progress_id: str = ""  # the stage PASS started


def _comment_problem(comment: object) -> tuple[str, Err | None]:
    text = comment.strip() if isinstance(comment, str) else ""
    if len(text) < COMMENT_MIN:
        required = message_for(ErrorCode.COMMENT_REQUIRED)
        return text, err(ErrorCode.COMMENT_REQUIRED, required, comment=required)
    if len(text) > COMMENT_MAX:
        return text, err(ErrorCode.VALIDATION_ERROR, COMMENT_TOO_LONG, comment=COMMENT_TOO_LONG)
    return text, None


def _parse(value: object, kind: type[StageOutcome]) -> StageOutcome | None:
    try:
        return kind(str(getattr(value, "value", value) or "").strip().upper())
    except ValueError:
        return None


def progress_rows(session: Session, idea_id: str) -> list[IdeaStageProgress]:
    return list(
        session.exec(
            select(IdeaStageProgress)
            .where(col(IdeaStageProgress.idea_id) == idea_id)
            .order_by(col(IdeaStageProgress.position))
            .execution_options(populate_existing=True)
        )
    )


def active_stage(rows: list[IdeaStageProgress]) -> IdeaStageProgress | None:
    """The stage the review is at: started, not completed (None while escalated or when done)."""
    return next((r for r in rows if r.started_at is not None and r.completed_at is None), None)


def _bump(idea_id: str, clock: Clock) -> Update:
    return update(Idea).where(col(Idea.id) == idea_id).values(version=Idea.version + 1, updated_at=clock.now())


def _audit(
    session: Session, actor: Actor, action: AuditAction, idea: Idea, details: dict[str, Any], clock: Clock
) -> None:
    record(
        session,
        actor,
        action=action,
        target_type="idea",
        target_id=idea.id,
        target_title=idea.title or "",
        details=details,
        clock=clock,
    )


def _still_under_review(session: Session, idea_id: str, clock: Clock) -> bool:
    """The idea's version bumped, if it is still under review (a compare-and-set on its status)."""
    return session.exec(_bump(idea_id, clock).where(col(Idea.status) == IdeaStatus.UNDER_REVIEW)).rowcount == 1


def _start(session: Session, row: IdeaStageProgress | None, now: datetime) -> bool:
    if row is None:
        return False
    started = session.exec(
        update(IdeaStageProgress)
        .where(col(IdeaStageProgress.id) == row.id, col(IdeaStageProgress.started_at).is_(None))
        .values(started_at=now)
    )
    return started.rowcount == 1


# --- claim --------------------------------------------------------------------------------------


@checked
def claim_stage(session: Session, actor: Actor, *, idea_id: str, clock: Clock) -> Result[str]:
    """The first stage of a SUBMITTED idea (with every stage's row), or the waiting stage of one under
    review; returns the claimed stage's progress id."""
    if not pipelines.enabled():
        return err(ErrorCode.FEATURE_DISABLED)
    if problem := STAGED_REVIEW.role_refusal(CLAIM_STAGE, actor):
        return problem
    idea = find_visible(session, actor, idea_id)
    if idea is None:
        return err(ErrorCode.IDEA_NOT_FOUND)
    if idea.status == IdeaStatus.UNDER_REVIEW and (rows := progress_rows(session, idea_id)):
        return _take_waiting_stage(session, actor, idea, rows, clock)
    subject = Subject(IdeaStatus(idea.status), owner_id=idea.author_id)
    if problem := STAGED_REVIEW.refusal(CLAIM_STAGE, actor, subject):
        return problem
    pipeline = pipelines.pipeline_of(session, idea.category)
    stages = pipelines.stages_of(session, pipeline.id) if pipeline else []
    if pipeline is None or not stages:
        return err(ErrorCode.PIPELINE_NOT_FOUND)
    now, first_id = clock.now(), ""

    def add_rows() -> bool:
        nonlocal first_id
        rows = [
            IdeaStageProgress(
                idea_id=idea_id,
                stage_id=stage.id,
                stage_name=stage.name,
                position=stage.position,
                is_decision=stage.is_decision,
                reviewer_id=actor.user_id if i == 0 else None,
                started_at=now if i == 0 else None,
                created_at=now,
            )
            for i, stage in enumerate(stages)
        ]
        try:
            with session.begin_nested():
                session.add_all(rows)
        except IntegrityError:  # rows of another claim (the unique idea, position)
            return False
        first_id = rows[0].id
        _audit(session, actor, AuditAction.STAGE_STARTED, idea, _stage_details(rows[0], actor), clock)
        return True

    try:
        moved = STAGED_REVIEW.move(
            session,
            actor,
            CLAIM_STAGE,
            subject,
            rows=(_bump(idea_id, clock),),
            also=add_rows,
            lost=lambda: err(ErrorCode.ALREADY_CLAIMED),
            audit=AuditEntry(
                AuditAction.IDEA_REVIEW_STARTED,
                "idea",
                idea_id,
                idea.title or "",
                {"reviewerId": actor.user_id, "via": VIA, "pipeline": pipeline.name},
            ),
            clock=clock,
        )
    except OperationalError:  # SQLite gave up waiting for the write lock: someone else's claim
        session.rollback()
        return err(ErrorCode.ALREADY_CLAIMED)
    return moved if isinstance(moved, Err) else Ok(first_id)


def _stage_details(row: IdeaStageProgress, reviewer: Actor | None) -> dict[str, Any]:
    details = {"stage": row.stage_name, "position": row.position, "via": VIA}
    return {**details, "reviewerId": reviewer.user_id} if reviewer else details


def _take_waiting_stage(
    session: Session, actor: Actor, idea: Idea, rows: list[IdeaStageProgress], clock: Clock
) -> Result[str]:
    """A stage PASS started waits for an admin: the first to claim it reviews it."""
    if idea.author_id == actor.user_id:
        return err(ErrorCode.SELF_REVIEW_FORBIDDEN)
    waiting = active_stage(rows)
    if waiting is None or waiting.reviewer_id is not None:
        return err(ErrorCode.ALREADY_CLAIMED)
    taken = session.exec(
        update(IdeaStageProgress)
        .where(col(IdeaStageProgress.id) == waiting.id, col(IdeaStageProgress.reviewer_id).is_(None))
        .values(reviewer_id=actor.user_id)
    )
    if taken.rowcount != 1 or not _still_under_review(session, idea.id, clock):
        session.rollback()
        return err(ErrorCode.ALREADY_CLAIMED)
    _audit(session, actor, AuditAction.STAGE_STARTED, idea, _stage_details(waiting, actor), clock)
    session.commit()
    return Ok(waiting.id)


# --- complete -----------------------------------------------------------------------------------


def _progress(session: Session, actor: Actor, progress_id: str) -> tuple[IdeaStageProgress, Idea] | None:
    """The stage row and its idea, if this actor may see the idea."""
    row = session.get(IdeaStageProgress, progress_id, populate_existing=True) if progress_id else None
    idea = find_visible(session, actor, row.idea_id) if row else None
    return (row, idea) if row and idea else None


@checked
def complete_stage(
    session: Session,
    actor: Actor,
    *,
    progress_id: str,
    outcome: str,
    comment: str,
    score: int | None = None,
    criteria: Iterable[str] = (),
    clock: Clock,
) -> Result[Completed]:
    """The claimer's outcome of their stage: PASS or ESCALATE, or on the decision stage ACCEPTED or
    REJECTED (with the score when scoring is on)."""
    if not pipelines.enabled():
        return err(ErrorCode.FEATURE_DISABLED)
    found = _progress(session, actor, progress_id)
    if found is None:
        return err(ErrorCode.PROGRESS_NOT_FOUND)
    row, idea = found
    if row.reviewer_id != actor.user_id:
        return err(ErrorCode.FORBIDDEN_ROLE, NOT_YOUR_STAGE)
    if row.completed_at is not None:
        return err(ErrorCode.ALREADY_COMPLETED)
    if row.started_at is None:
        return err(ErrorCode.STAGE_NOT_STARTED)
    chosen = _parse(outcome, StageOutcome)
    if chosen is None or chosen not in (_ON_DECISION_STAGE if row.is_decision else _ON_ORDINARY_STAGE):
        return err(ErrorCode.INVALID_OUTCOME)
    text, problem = _comment_problem(comment)
    if problem:
        return problem
    given: scoring.ScoreIn | None = None
    if row.is_decision and scoring.enabled():
        checked_score = scoring.checked_score(score, list(criteria))
        if isinstance(checked_score, Err):
            return checked_score
        given = checked_score
    if row.is_decision:
        return _decide(session, actor, row, idea, chosen, text, given, clock)
    return _pass_or_escalate(session, actor, row, idea, chosen, text, clock)


def _finish(
    session: Session, actor: Actor, row: IdeaStageProgress, outcome: StageOutcome, text: str, clock: Clock
) -> bool:
    finished = session.exec(
        update(IdeaStageProgress)
        .where(
            col(IdeaStageProgress.id) == row.id,
            col(IdeaStageProgress.completed_at).is_(None),
            col(IdeaStageProgress.reviewer_id) == actor.user_id,
        )
        .values(outcome=outcome, comment=text, completed_at=clock.now())
    )
    return finished.rowcount == 1


def _completed_details(row: IdeaStageProgress, outcome: StageOutcome, text: str) -> dict[str, Any]:
    return {**_stage_details(row, None), "outcome": outcome.value, "commentSummary": text[:SUMMARY_LENGTH]}


def _next_row(session: Session, row: IdeaStageProgress) -> IdeaStageProgress | None:
    return session.exec(
        select(IdeaStageProgress).where(
            col(IdeaStageProgress.idea_id) == row.idea_id, col(IdeaStageProgress.position) == row.position + 1
        )
    ).first()


def _pass_or_escalate(
    session: Session,
    actor: Actor,
    row: IdeaStageProgress,
    idea: Idea,
    outcome: StageOutcome,
    text: str,
    clock: Clock,
) -> Result[Completed]:
    following = _next_row(session, row) if outcome == StageOutcome.PASS else None
    if not (_finish(session, actor, row, outcome, text, clock) and _still_under_review(session, idea.id, clock)):
        session.rollback()
        return _lost(session, row.id)
    _audit(session, actor, AuditAction.STAGE_COMPLETED, idea, _completed_details(row, outcome, text), clock)
    next_id = ""
    if outcome == StageOutcome.PASS:
        if not _start(session, following, clock.now()):
            session.rollback()
            return err(ErrorCode.PROGRESS_NOT_FOUND)
        assert following is not None
        next_id = following.id
        _audit(session, actor, AuditAction.STAGE_STARTED, idea, _stage_details(following, None), clock)
    session.commit()
    return Ok(Completed(outcome, next_id))


def _lost(session: Session, progress_id: str) -> Err:
    """Why a write that lost its compare-and-set lost: the stage was done meanwhile, or the idea moved."""
    row = session.get(IdeaStageProgress, progress_id, populate_existing=True)
    if row is None:
        return err(ErrorCode.PROGRESS_NOT_FOUND)
    if row.completed_at is not None:
        return err(ErrorCode.ALREADY_COMPLETED)
    return err(ErrorCode.INVALID_STATUS)


def _decide(
    session: Session,
    actor: Actor,
    row: IdeaStageProgress,
    idea: Idea,
    outcome: StageOutcome,
    text: str,
    given: scoring.ScoreIn | None,
    clock: Clock,
) -> Result[Completed]:
    decision = ReviewDecision(outcome.value)
    subject = Subject(IdeaStatus(idea.status), owner_id=idea.author_id, claim_holder_id=row.reviewer_id)
    score_refused = False

    def also() -> bool:
        nonlocal score_refused
        if not _finish(session, actor, row, outcome, text, clock):
            return False
        _audit(session, actor, AuditAction.STAGE_COMPLETED, idea, _completed_details(row, outcome, text), clock)
        if given is not None and not scoring.add_score(session, actor, idea_id=idea.id, given=given, clock=clock):
            score_refused = True
            return False
        return True

    moved = STAGED_REVIEW.move(
        session,
        actor,
        STAGE_ACCEPT if decision == ReviewDecision.ACCEPTED else STAGE_REJECT,
        subject,
        rows=(_bump(idea.id, clock),),
        also=also,
        lost=lambda: err(ErrorCode.SCORE_EXISTS) if score_refused else _lost(session, row.id),
        audit=AuditEntry(
            AuditAction.IDEA_REVIEWED,
            "idea",
            idea.id,
            idea.title or "",
            {"decision": decision.value, "commentSummary": text[:SUMMARY_LENGTH], "via": VIA},
        ),
        clock=clock,
    )
    if isinstance(moved, Err):
        return moved
    event = IdeaDecided(idea.id, author_id=idea.author_id, title=idea.title or "", decision=decision, comment=text)
    return Ok(Completed(outcome), events=(event,))


# --- escalations --------------------------------------------------------------------------------


@checked
def resolve_escalation(
    session: Session, actor: Actor, *, progress_id: str, resolution: str, comment: str, clock: Clock
) -> Result[str]:
    """A SUPERADMIN's answer to an escalated stage: PASS starts the next stage (or accepts the idea
    when there is none), REJECT rejects the idea; returns the idea's status. Recorded by audit only:
    the resolver never becomes the stage's reviewer."""
    if not pipelines.enabled():
        return err(ErrorCode.FEATURE_DISABLED)
    if actor.role != Role.SUPERADMIN:
        return err(ErrorCode.FORBIDDEN_ROLE)
    found = _progress(session, actor, progress_id)
    if found is None:
        return err(ErrorCode.PROGRESS_NOT_FOUND)
    row, idea = found
    if row.outcome != StageOutcome.ESCALATE:
        return err(ErrorCode.NOT_ESCALATED)
    if row.completed_at is None:
        return err(ErrorCode.STAGE_INCOMPLETE)
    if row.resolved_at is not None:
        return err(ErrorCode.ALREADY_RESOLVED)
    if idea.status != IdeaStatus.UNDER_REVIEW:
        return err(ErrorCode.INVALID_STATUS)
    choice = resolution.strip().upper()
    if choice not in RESOLUTIONS:
        return err(ErrorCode.INVALID_OUTCOME)
    rejecting = choice == "REJECT"
    text, problem = _comment_problem(comment)
    if problem:
        return problem
    details = {**_stage_details(row, None), "resolution": choice}
    details["commentSummary"] = text[:SUMMARY_LENGTH]
    following = None if rejecting else _next_row(session, row)
    resolve = _resolver(session, actor, row, idea, details, clock)
    if rejecting or following is None:
        return _resolve_by_decision(session, actor, row, idea, rejecting, text, resolve, clock)
    if not (resolve() and _start(session, following, clock.now()) and _still_under_review(session, idea.id, clock)):
        session.rollback()
        return err(ErrorCode.ALREADY_RESOLVED)
    _audit(session, actor, AuditAction.STAGE_STARTED, idea, _stage_details(following, None), clock)
    session.commit()
    return Ok(IdeaStatus.UNDER_REVIEW.value)


def _resolver(
    session: Session, actor: Actor, row: IdeaStageProgress, idea: Idea, details: dict[str, Any], clock: Clock
) -> Callable[[], bool]:
    def resolve() -> bool:
        resolved = session.exec(
            update(IdeaStageProgress)
            .where(col(IdeaStageProgress.id) == row.id, col(IdeaStageProgress.resolved_at).is_(None))
            .values(resolved_at=clock.now())
        )
        if resolved.rowcount != 1:
            return False
        _audit(session, actor, AuditAction.ESCALATION_RESOLVED, idea, details, clock)
        return True

    return resolve


def _resolve_by_decision(
    session: Session,
    actor: Actor,
    row: IdeaStageProgress,
    idea: Idea,
    rejecting: bool,
    text: str,
    resolve: Callable[[], bool],
    clock: Clock,
) -> Result[str]:
    decision = ReviewDecision.REJECTED if rejecting else ReviewDecision.ACCEPTED
    moved = STAGED_REVIEW.move(
        session,
        actor,
        RESOLVE_REJECT if rejecting else RESOLVE_ACCEPT,
        Subject(IdeaStatus(idea.status), owner_id=idea.author_id),
        rows=(_bump(idea.id, clock),),
        also=resolve,
        lost=lambda: err(ErrorCode.ALREADY_RESOLVED),
        audit=AuditEntry(
            AuditAction.IDEA_REVIEWED,
            "idea",
            idea.id,
            idea.title or "",
            {"decision": decision.value, "commentSummary": text[:SUMMARY_LENGTH], "via": "escalation"},
        ),
        clock=clock,
    )
    if isinstance(moved, Err):
        return moved
    event = IdeaDecided(idea.id, author_id=idea.author_id, title=idea.title or "", decision=decision, comment=text)
    return Ok(IdeaStatus(decision.value).value, events=(event,))
