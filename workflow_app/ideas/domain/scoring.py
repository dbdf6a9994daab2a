"""The decision's score (ORIGINS C18): 1–5 with up to five criteria from a fixed list, asked on
the decision stage of a pipeline, written with the decision and never changed; shown once the
idea is decided, to its author and the admins (blind review never hides it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from workflow_app.config import settings
from workflow_app.core.actor import Actor
from workflow_app.core.audit import record
from workflow_app.core.clock import Clock
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, err
from workflow_app.ideas.domain.ideas import visible_to
from workflow_app.ideas.domain.reviews import DECIDED
from workflow_app.models import AuditAction, Idea, IdeaScore

CRITERIA = ("Technical Feasibility", "Strategic Alignment", "Cost Efficiency", "Employee Impact", "Innovation Level")
MAX_CRITERIA = 5
SCORE_INVALID = "Choose a score from 1 to 5."
TOO_MANY_CRITERIA = "criteria must contain at most 5 items"
CRITERION_INVALID = "Choose criteria from the list."


def enabled() -> bool:
    return settings.scoring_enabled


@dataclass(frozen=True)
class ScoreIn:
    score: int
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class ScoreView:
    score: int
    criteria: tuple[str, ...]
    recorded_at: datetime


def checked_score(score: object, criteria: object) -> ScoreIn | Err:
    """The score and criteria as sent, or the origin's refusal (asked only while scoring is on)."""
    if score is None or score == "":
        return err(ErrorCode.SCORE_REQUIRED, score=err(ErrorCode.SCORE_REQUIRED).message)
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        return err(ErrorCode.VALIDATION_ERROR, SCORE_INVALID, score=SCORE_INVALID)
    if criteria is None:
        criteria = ()
    if not isinstance(criteria, list | tuple) or not all(isinstance(c, str) for c in criteria):
        return err(ErrorCode.VALIDATION_ERROR, CRITERION_INVALID, criteria=CRITERION_INVALID)
    chosen = tuple(dict.fromkeys(criteria))
    if len(chosen) > MAX_CRITERIA:
        return err(ErrorCode.VALIDATION_ERROR, TOO_MANY_CRITERIA, criteria=TOO_MANY_CRITERIA)
    if any(c not in CRITERIA for c in chosen):
        return err(ErrorCode.VALIDATION_ERROR, CRITERION_INVALID, criteria=CRITERION_INVALID)
    return ScoreIn(score, chosen)


def add_score(session: Session, actor: Actor, *, idea_id: str, given: ScoreIn, clock: Clock) -> bool:
    """The score row and its IDEA_SCORED entry, in the decision's transaction; False when the idea
    has one already (the unique idea_id)."""
    try:
        with session.begin_nested():
            session.add(
                IdeaScore(
                    idea_id=idea_id,
                    reviewer_id=actor.user_id,
                    score=given.score,
                    criteria=list(given.criteria),
                    recorded_at=clock.now(),
                )
            )
    except IntegrityError:
        return False
    record(
        session,
        actor,
        action=AuditAction.IDEA_SCORED,
        target_type="idea",
        target_id=idea_id,
        details={"score": given.score, "criteria": list(given.criteria), "ideaId": idea_id},
        clock=clock,
    )
    return True


def score_of(session: Session, actor: Actor, idea_id: str) -> ScoreView | None:
    """The decided idea's score, for its author and the admins (C18); None before the decision or
    without one."""
    statement = (
        select(IdeaScore)
        .join(Idea, col(Idea.id) == col(IdeaScore.idea_id))
        .where(col(IdeaScore.idea_id) == idea_id, col(Idea.status).in_(DECIDED), visible_to(actor))
    )
    if not actor.is_admin:
        statement = statement.where(col(Idea.author_id) == actor.user_id)
    row = session.exec(statement).first()
    return ScoreView(row.score, tuple(row.criteria or ()), row.recorded_at) if row else None
