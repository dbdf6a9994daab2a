"""Reviewing an idea: start (the claim), finalize, abandon (seed 003, ORIGINS C10, F 24–29).

Each command checks its inputs and finds the idea; the idea workflow's executor then runs the
table's checks (ownership, state, the claim), the compare-and-set on the status as the first
write (it takes the row's write lock), the claim or decision row, the audit row and the commit.
Whoever comes second sees the new status (rowcount 0) and gets the documented error instead of
a half-written claim.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.sql.dml import Update
from sqlmodel import Session, col, delete, select, update

from workflow_app.core import errors as e
from workflow_app.core.actor import Actor
from workflow_app.core.arguments import checked
from workflow_app.core.clock import Clock
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok, Result, err
from workflow_app.core.workflow import AuditEntry, Subject
from workflow_app.ideas.domain import pipelines
from workflow_app.ideas.domain.drafts import own_draft
from workflow_app.ideas.domain.events import IdeaDecided
from workflow_app.ideas.domain.idea_workflow import ABANDON, ACCEPT, IDEA_WORKFLOW, REJECT, START_REVIEW
from workflow_app.ideas.domain.ideas import find_visible
from workflow_app.models import AuditAction, Idea, IdeaReview, IdeaStatus, ReviewDecision

COMMENT_MIN = 10
COMMENT_MAX = 2000
COMMENT_TOO_LONG = "Comment must be 2,000 characters or fewer."
DECISION_INVALID = "Choose Accept or Reject."
SUMMARY_LENGTH = 100
DECIDED = frozenset({IdeaStatus.ACCEPTED, IdeaStatus.REJECTED})
ACTION_OF = {ReviewDecision.ACCEPTED: ACCEPT, ReviewDecision.REJECTED: REJECT}
REVIEWED_IN_STAGES = "This idea is reviewed in stages: claim its first stage instead."


@checked
def start_review(session: Session, actor: Actor, *, idea_id: str, clock: Clock) -> Result[str]:
    """Claims a SUBMITTED idea for this admin; returns the idea id."""
    if problem := IDEA_WORKFLOW.role_refusal(START_REVIEW, actor):
        return problem
    idea = _reviewable(session, actor, idea_id)
    if idea is None:
        return err(ErrorCode.IDEA_NOT_FOUND)
    if idea.status == IdeaStatus.SUBMITTED and pipelines.is_staged(session, idea.category):
        return err(ErrorCode.INVALID_STATE, REVIEWED_IN_STAGES)
    subject = Subject(IdeaStatus(idea.status), owner_id=idea.author_id)
    try:
        moved = IDEA_WORKFLOW.move(
            session,
            actor,
            START_REVIEW,
            subject,
            rows=(_next_version(idea_id, clock),),
            also=lambda: _add_claim(session, actor, idea_id, clock),
            lost=lambda: err(ErrorCode.ALREADY_UNDER_REVIEW),
            audit=AuditEntry(
                AuditAction.IDEA_REVIEW_STARTED, "idea", idea_id, idea.title or "", {"reviewerId": actor.user_id}
            ),
            clock=clock,
        )
    except OperationalError:  # SQLite gave up waiting for the write lock
        session.rollback()
        if _status_of(session, idea_id) == IdeaStatus.SUBMITTED:
            raise  # nobody holds the claim: this is an infrastructure failure, not a lost race
        return err(ErrorCode.ALREADY_UNDER_REVIEW)
    return moved if isinstance(moved, Err) else Ok(idea_id)


@checked
def finalize_review(
    session: Session,
    actor: Actor,
    *,
    idea_id: str,
    decision: ReviewDecision | str,
    comment: str,
    clock: Clock,
) -> Result[ReviewDecision]:
    """Accepts or rejects an idea under review; returns the decision, and IdeaDecided for its author."""
    if problem := IDEA_WORKFLOW.role_refusal(ACCEPT, actor):  # ACCEPT and REJECT: the same roles
        return problem
    chosen = parse_decision(decision)
    if chosen is None:
        return err(ErrorCode.VALIDATION_ERROR, DECISION_INVALID, decision=DECISION_INVALID)
    text = (comment or "").strip()
    if problem := comment_problem(text):
        return problem
    idea = _reviewable(session, actor, idea_id)
    if idea is None:
        return err(ErrorCode.IDEA_NOT_FOUND)
    review = _review_of(session, idea_id)
    review_id = review.id if review else ""
    subject = Subject(
        IdeaStatus(idea.status), owner_id=idea.author_id, claim_holder_id=review.reviewer_id if review else None
    )
    title, author_id = idea.title or "", idea.author_id
    moved = IDEA_WORKFLOW.move(
        session,
        actor,
        ACTION_OF[chosen],
        subject,
        rows=(_next_version(idea_id, clock),),
        also=lambda: _decide(session, review_id, chosen, text, clock),
        lost=lambda: _finalize_lost_race(session, idea_id),
        audit=AuditEntry(
            AuditAction.IDEA_REVIEWED,
            "idea",
            idea_id,
            title,
            {"decision": chosen.value, "commentSummary": text[:SUMMARY_LENGTH]},
        ),
        clock=clock,
    )
    if isinstance(moved, Err):
        return moved
    return Ok(chosen, events=(IdeaDecided(idea_id, author_id=author_id, title=title, decision=chosen, comment=text),))


@checked
def abandon_review(session: Session, actor: Actor, *, idea_id: str, clock: Clock) -> Result[str]:
    """SUPERADMIN only: drops the claim and puts the idea back in the queue; returns the id."""
    if problem := IDEA_WORKFLOW.role_refusal(ABANDON, actor):
        return problem
    idea = _reviewable(session, actor, idea_id)
    if idea is None:
        return err(ErrorCode.IDEA_NOT_FOUND)
    review = _review_of(session, idea_id)
    review_id, original_reviewer_id = (review.id, review.reviewer_id) if review else ("", None)
    subject = Subject(IdeaStatus(idea.status), owner_id=idea.author_id, claim_holder_id=original_reviewer_id)
    details = {"ideaId": idea_id, "originalReviewerId": original_reviewer_id, "abandonedByAdminId": actor.user_id}
    moved = IDEA_WORKFLOW.move(
        session,
        actor,
        ABANDON,
        subject,
        rows=(_next_version(idea_id, clock),),
        also=lambda: _drop_claim(session, review_id),
        lost=lambda: err(ErrorCode.INVALID_STATE, e.INVALID_STATE_FINALIZE),  # decided or abandoned meanwhile
        audit=AuditEntry(AuditAction.IDEA_REVIEW_ABANDONED, "idea", idea_id, idea.title or "", details),
        clock=clock,
    )
    return moved if isinstance(moved, Err) else Ok(idea_id)


def parse_decision(decision: ReviewDecision | str | None) -> ReviewDecision | None:
    try:
        return ReviewDecision(str(getattr(decision, "value", decision) or "").strip().upper())
    except ValueError:
        return None


def comment_problem(text: str) -> Err | None:
    """The trimmed review comment must hold 10–2000 characters."""
    if len(text) < COMMENT_MIN:
        message = e.MESSAGES[ErrorCode.COMMENT_REQUIRED]
        return err(ErrorCode.COMMENT_REQUIRED, comment=message)
    if len(text) > COMMENT_MAX:
        return err(ErrorCode.VALIDATION_ERROR, COMMENT_TOO_LONG, comment=COMMENT_TOO_LONG)
    return None


def _reviewable(session: Session, actor: Actor, idea_id: str) -> Idea | None:
    """The idea as the review commands find it: one this actor may see, or their own draft, which
    the table then refuses as "Draft ideas cannot be reviewed." (ORIGINS B). Anyone else's draft
    is not found, like every hidden idea (SPEC §2: its existence must not leak)."""
    return find_visible(session, actor, idea_id) or own_draft(session, actor, idea_id)


def _add_claim(session: Session, actor: Actor, idea_id: str, clock: Clock) -> bool:
    """The claim row; False if one is left over (the unique idea_id is the last guard)."""
    now = clock.now()
    try:
        session.add(IdeaReview(idea_id=idea_id, reviewer_id=actor.user_id, started_at=now, created_at=now))
        session.flush()
    except IntegrityError:
        return False
    return True


def _status_of(session: Session, idea_id: str) -> IdeaStatus | None:
    status = session.exec(select(Idea.status).where(col(Idea.id) == idea_id)).first()
    return IdeaStatus(status) if status is not None else None


def _review_of(session: Session, idea_id: str) -> IdeaReview | None:
    return session.exec(select(IdeaReview).where(col(IdeaReview.idea_id) == idea_id)).first()


def _finalize_lost_race(session: Session, idea_id: str) -> Err:
    if _status_of(session, idea_id) in DECIDED:
        return err(ErrorCode.ALREADY_REVIEWED)
    return err(ErrorCode.INVALID_STATE, e.INVALID_STATE_FINALIZE)


def _next_version(idea_id: str, clock: Clock) -> Update:
    return update(Idea).where(col(Idea.id) == idea_id).values(version=Idea.version + 1, updated_at=clock.now())


def _decide(session: Session, review_id: str, decision: ReviewDecision, comment: str, clock: Clock) -> bool:
    decided = session.exec(
        update(IdeaReview)
        .where(col(IdeaReview.id) == review_id, col(IdeaReview.decision).is_(None))
        .values(decision=decision, comment=comment, decided_at=clock.now())
    )
    return decided.rowcount == 1


def _drop_claim(session: Session, review_id: str) -> bool:
    dropped = session.exec(
        delete(IdeaReview).where(col(IdeaReview.id) == review_id, col(IdeaReview.decision).is_(None))
    )
    return dropped.rowcount == 1
