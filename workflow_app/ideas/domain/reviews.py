"""Reviewing an idea: start (the claim), finalize, abandon (seed 003, ORIGINS C10, F 24–29).

Each command checks role, visibility, ownership and state first and writes nothing when it
refuses. The writes then begin with a compare-and-set on the idea's status, so the first
statement of every transaction takes the row's write lock: whoever comes second sees the new
status (rowcount 0) and gets the documented error instead of a half-written claim.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, col, delete, select, update

from workflow_app.core import errors as e
from workflow_app.core.actor import Actor
from workflow_app.core.arguments import checked
from workflow_app.core.audit import record
from workflow_app.core.clock import Clock
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok, Result, err
from workflow_app.core.transitions import IDEA_TRANSITIONS, Subject, find, permits, target_of
from workflow_app.ideas.domain.events import IdeaDecided
from workflow_app.ideas.domain.ideas import find_visible
from workflow_app.models import AuditAction, Idea, IdeaReview, IdeaStatus, ReviewDecision

COMMENT_MIN = 10
COMMENT_MAX = 2000
COMMENT_TOO_LONG = "Comment must be 2,000 characters or fewer."
DECISION_INVALID = "Choose Accept or Reject."
SUMMARY_LENGTH = 100
DECIDED = frozenset({IdeaStatus.ACCEPTED, IdeaStatus.REJECTED})
ACTION_OF = {ReviewDecision.ACCEPTED: "ACCEPT", ReviewDecision.REJECTED: "REJECT"}


@checked
def start_review(session: Session, actor: Actor, *, idea_id: str, clock: Clock) -> Result[str]:
    """Claims a SUBMITTED idea for this admin; returns the idea id."""
    if not actor.is_admin:
        return err(ErrorCode.FORBIDDEN_ROLE)
    idea = find_visible(session, actor, idea_id)  # drafts are never reviewable: not found
    if idea is None:
        return err(ErrorCode.IDEA_NOT_FOUND)
    if idea.author_id == actor.user_id:
        return err(ErrorCode.SELF_REVIEW_FORBIDDEN)
    if idea.status == IdeaStatus.UNDER_REVIEW:
        return err(ErrorCode.ALREADY_UNDER_REVIEW)
    if idea.status != IdeaStatus.SUBMITTED:
        return err(ErrorCode.INVALID_STATE)
    title = idea.title or ""
    if not _claim(session, actor, idea_id, clock):
        return err(ErrorCode.ALREADY_UNDER_REVIEW)
    record(
        session,
        actor,
        action=AuditAction.IDEA_REVIEW_STARTED,
        target_type="idea",
        target_id=idea_id,
        target_title=title,
        details={"reviewerId": actor.user_id},
        clock=clock,
    )
    session.commit()
    return Ok(idea_id)


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
    if not actor.is_admin:
        return err(ErrorCode.FORBIDDEN_ROLE)
    chosen = parse_decision(decision)
    if chosen is None:
        return err(ErrorCode.VALIDATION_ERROR, DECISION_INVALID, decision=DECISION_INVALID)
    text = (comment or "").strip()
    if problem := comment_problem(text):
        return problem
    idea = find_visible(session, actor, idea_id)
    if idea is None:
        return err(ErrorCode.IDEA_NOT_FOUND)
    review = _review_of(session, idea_id)
    claim = _claim_to_finalize(actor, idea, review, ACTION_OF[chosen])
    if isinstance(claim, Err):
        return claim
    title, author_id = idea.title or "", idea.author_id
    moved = _move(session, idea_id, source=IdeaStatus.UNDER_REVIEW, action=ACTION_OF[chosen], clock=clock)
    if not (moved and _decide(session, claim.id, chosen, text, clock)):
        session.rollback()
        return _finalize_lost_race(session, idea_id)
    record(
        session,
        actor,
        action=AuditAction.IDEA_REVIEWED,
        target_type="idea",
        target_id=idea_id,
        target_title=title,
        details={"decision": chosen.value, "commentSummary": text[:SUMMARY_LENGTH]},
        clock=clock,
    )
    session.commit()
    return Ok(chosen, events=(IdeaDecided(idea_id, author_id=author_id, title=title, decision=chosen, comment=text),))


@checked
def abandon_review(session: Session, actor: Actor, *, idea_id: str, clock: Clock) -> Result[str]:
    """SUPERADMIN only: drops the claim and puts the idea back in the queue; returns the id."""
    if not actor.is_superadmin:
        return err(ErrorCode.FORBIDDEN_ROLE)
    idea = find_visible(session, actor, idea_id)
    if idea is None:
        return err(ErrorCode.IDEA_NOT_FOUND)
    if idea.status != IdeaStatus.UNDER_REVIEW:
        return err(ErrorCode.INVALID_STATE, e.INVALID_STATE_FINALIZE)
    review = _review_of(session, idea_id)
    if review is None:
        return err(ErrorCode.REVIEW_NOT_FOUND)
    title, original_reviewer_id = idea.title or "", review.reviewer_id
    moved = _move(session, idea_id, source=IdeaStatus.UNDER_REVIEW, action="ABANDON", clock=clock)
    if not (moved and _drop_claim(session, review.id)):  # decided or abandoned meanwhile
        session.rollback()
        return err(ErrorCode.INVALID_STATE, e.INVALID_STATE_FINALIZE)
    record(
        session,
        actor,
        action=AuditAction.IDEA_REVIEW_ABANDONED,
        target_type="idea",
        target_id=idea_id,
        target_title=title,
        details={"ideaId": idea_id, "originalReviewerId": original_reviewer_id, "abandonedByAdminId": actor.user_id},
        clock=clock,
    )
    session.commit()
    return Ok(idea_id)


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


def _claim(session: Session, actor: Actor, idea_id: str, clock: Clock) -> bool:
    """Status first, then the claim row; False (everything rolled back) if another admin won."""
    now = clock.now()
    try:
        if _move(session, idea_id, source=IdeaStatus.SUBMITTED, action="START_REVIEW", clock=clock):
            session.add(IdeaReview(idea_id=idea_id, reviewer_id=actor.user_id, started_at=now, created_at=now))
            session.flush()
            return True
    except IntegrityError:  # a leftover claim row: the unique idea_id is the last guard
        pass
    except OperationalError:  # SQLite gave up waiting for the write lock
        session.rollback()
        if _status_of(session, idea_id) == IdeaStatus.SUBMITTED:
            raise  # nobody holds the claim: this is an infrastructure failure, not a lost race
    session.rollback()
    return False


def _status_of(session: Session, idea_id: str) -> IdeaStatus | None:
    status = session.exec(select(Idea.status).where(col(Idea.id) == idea_id)).first()
    return IdeaStatus(status) if status is not None else None


def _review_of(session: Session, idea_id: str) -> IdeaReview | None:
    return session.exec(select(IdeaReview).where(col(IdeaReview.idea_id) == idea_id)).first()


def _claim_to_finalize(actor: Actor, idea: Idea, review: IdeaReview | None, action: str) -> IdeaReview | Err:
    """The review the actor may finalize, or why not."""
    if idea.author_id == actor.user_id:
        return err(ErrorCode.SELF_REVIEW_FORBIDDEN)
    if idea.status in DECIDED:
        return err(ErrorCode.ALREADY_REVIEWED)
    if idea.status != IdeaStatus.UNDER_REVIEW:
        return err(ErrorCode.INVALID_STATE, e.INVALID_STATE_FINALIZE)
    if review is None:
        return err(ErrorCode.REVIEW_NOT_FOUND)
    subject = Subject(IdeaStatus(idea.status), owner_id=idea.author_id, claim_holder_id=review.reviewer_id)
    transition = find(IDEA_TRANSITIONS, subject.status, action)
    if transition is None or not permits(transition, actor, subject):
        return err(ErrorCode.FORBIDDEN_ROLE)  # another admin's claim: only a SUPERADMIN may step in
    return review


def _finalize_lost_race(session: Session, idea_id: str) -> Err:
    if _status_of(session, idea_id) in DECIDED:
        return err(ErrorCode.ALREADY_REVIEWED)
    return err(ErrorCode.INVALID_STATE, e.INVALID_STATE_FINALIZE)


def _move(session: Session, idea_id: str, *, source: IdeaStatus, action: str, clock: Clock) -> bool:
    """Compare-and-set of the status along the declared table; False if it changed meanwhile."""
    target = target_of(IDEA_TRANSITIONS, source, action)
    moved = session.exec(
        update(Idea)
        .where(col(Idea.id) == idea_id, col(Idea.status) == source)
        .values(status=target, version=Idea.version + 1, updated_at=clock.now())
    )
    return moved.rowcount == 1


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
