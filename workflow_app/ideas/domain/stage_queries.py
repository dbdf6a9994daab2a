"""What the pages show of reviews in stages (ORIGINS C16): the reviewer's panel, the stepper on the
idea's page (with its visibility rules) and the escalation queue above the dashboard's queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from workflow_app.core.actor import Actor
from workflow_app.ideas.domain import blind_review, pipelines, scoring
from workflow_app.ideas.domain.idea_rules import category_label
from workflow_app.ideas.domain.ideas import find_visible
from workflow_app.ideas.domain.reviews import DECIDED
from workflow_app.ideas.domain.stages import active_stage, progress_rows
from workflow_app.models import Idea, IdeaStageProgress, IdeaStatus, Role, StageOutcome, User

ORDINARY_OUTCOMES = ("PASS", "ESCALATE")
DECISION_OUTCOMES = ("ACCEPTED", "REJECTED")


@dataclass(frozen=True)
class Step:
    """One stage of an idea's review. `state`: completed | active | escalated | pending."""

    id: str
    name: str
    position: int
    is_decision: bool
    state: str
    outcome: str  # "" until completed
    reviewer_name: str  # "" when not shown, or nobody yet
    comment: str  # "" when not shown
    started_at: datetime | None
    completed_at: datetime | None


@dataclass(frozen=True)
class StagePanel:
    """The review page's panel for an idea reviewed in stages, for this admin."""

    pipeline_name: str
    steps: tuple[Step, ...]
    claim_label: str  # "Claim stage 1: Screening" when this admin may claim; "" otherwise
    active_id: str  # the stage this admin may complete now; "" otherwise
    active_name: str
    outcomes: tuple[str, ...]  # what that stage may end with
    is_decision: bool
    asks_score: bool
    criteria: tuple[str, ...]
    escalated_id: str  # an escalated stage awaiting a SUPERADMIN; "" otherwise
    can_resolve: bool
    waiting_note: str  # who the review waits for, when this admin can do nothing


def _state(row: IdeaStageProgress) -> str:
    if row.completed_at is not None:
        return "escalated" if row.outcome == StageOutcome.ESCALATE and row.resolved_at is None else "completed"
    return "active" if row.started_at is not None else "pending"


def _names(session: Session, rows: list[IdeaStageProgress]) -> dict[str, str]:
    ids = {r.reviewer_id for r in rows if r.reviewer_id}
    if not ids:
        return {}
    return dict(session.exec(select(User.id, User.display_name).where(col(User.id).in_(ids))).all())


def _steps(session: Session, rows: list[IdeaStageProgress], *, details: bool) -> tuple[Step, ...]:
    names = _names(session, rows) if details else {}
    return tuple(
        Step(
            r.id,
            r.stage_name,
            r.position,
            r.is_decision,
            _state(r),
            r.outcome.value if r.outcome and r.completed_at else "",
            names.get(r.reviewer_id or "", "") if details else "",
            (r.comment or "") if details and r.completed_at else "",
            r.started_at,
            r.completed_at,
        )
        for r in rows
    )


def stepper(session: Session, actor: Actor, idea_id: str) -> tuple[Step, ...]:
    """The idea page's stepper: none unless the feature is on and the idea's review has stages.
    Admins see every completed stage's reviewer and comment; anyone else only once it is decided."""
    if not pipelines.enabled():
        return ()
    idea = find_visible(session, actor, idea_id)
    if idea is None:
        return ()
    rows = progress_rows(session, idea_id)
    return _steps(session, rows, details=actor.is_admin or idea.status in DECIDED) if rows else ()


def panel(session: Session, actor: Actor, idea: Idea) -> StagePanel | None:
    """None when the idea is not reviewed in stages (the feature off, or its category has no
    pipeline and no review in stages began)."""
    if not pipelines.enabled() or not actor.is_admin:
        return None
    rows = progress_rows(session, idea.id)
    pipeline = pipelines.pipeline_of(session, idea.category)
    if not rows and not (idea.status == IdeaStatus.SUBMITTED and pipeline is not None):
        return None
    own = idea.author_id == actor.user_id
    claim_label, waiting_note = "", ""
    if not rows:
        stages = pipelines.stages_of(session, pipeline.id) if pipeline else []
        if stages and not own:
            claim_label = f"Claim stage 1: {stages[0].name}"
        preview = tuple(Step("", s.name, s.position, s.is_decision, "pending", "", "", "", None, None) for s in stages)
        name = pipeline.name if pipeline else ""
        return StagePanel(name, preview, claim_label, "", "", (), False, False, (), "", False, "")
    active = active_stage(rows)
    escalated = next((r for r in rows if _state(r) == "escalated"), None)
    names = _names(session, rows)
    mine = active is not None and active.reviewer_id == actor.user_id and idea.status == IdeaStatus.UNDER_REVIEW
    if active is not None and active.reviewer_id is None and not own and idea.status == IdeaStatus.UNDER_REVIEW:
        claim_label = f"Claim stage {active.position}: {active.stage_name}"
    elif active is not None and not mine and active.reviewer_id:
        holder = names.get(active.reviewer_id, "another admin")
        waiting_note = f"Stage {active.position} ({active.stage_name}) is with {holder}."
    elif escalated is not None and actor.role != Role.SUPERADMIN:
        waiting_note = "Escalated: waiting for a Super Admin to resolve it."
    return StagePanel(
        pipeline_name=pipeline.name if pipeline else "",
        steps=_steps(session, rows, details=True),
        claim_label=claim_label,
        active_id=active.id if mine and active else "",
        active_name=active.stage_name if mine and active else "",
        outcomes=(DECISION_OUTCOMES if active.is_decision else ORDINARY_OUTCOMES) if mine and active else (),
        is_decision=bool(mine and active and active.is_decision),
        asks_score=bool(mine and active and active.is_decision and scoring.enabled()),
        criteria=scoring.CRITERIA,
        escalated_id=escalated.id if escalated else "",
        can_resolve=bool(escalated and actor.role == Role.SUPERADMIN and idea.status == IdeaStatus.UNDER_REVIEW),
        waiting_note=waiting_note,
    )


@dataclass(frozen=True)
class Escalation:
    progress_id: str
    idea_id: str
    title: str
    author_name: str
    category_label: str
    stage_name: str
    escalated_by: str
    comment: str
    escalated_at: datetime


def escalation_queue(session: Session, actor: Actor, *, limit: int = 50) -> list[Escalation]:
    """Escalated stages awaiting a SUPERADMIN, oldest first (ix_idea_stage_progress_outcome_completed);
    admins read it, SUPERADMINs resolve from it. None when the feature is off."""
    if not actor.is_admin or not pipelines.enabled():
        return []
    reviewer, author = aliased(User), aliased(User)
    rows = session.exec(
        select(IdeaStageProgress, Idea, author.display_name, reviewer.display_name)
        .join(Idea, col(Idea.id) == col(IdeaStageProgress.idea_id))
        .join(author, col(author.id) == col(Idea.author_id))
        .outerjoin(reviewer, col(reviewer.id) == col(IdeaStageProgress.reviewer_id))
        .where(
            col(IdeaStageProgress.outcome) == StageOutcome.ESCALATE,
            col(IdeaStageProgress.resolved_at).is_(None),
            col(Idea.status) == IdeaStatus.UNDER_REVIEW,
        )
        .order_by(col(IdeaStageProgress.completed_at), col(IdeaStageProgress.id))
        .limit(limit)
    ).all()
    shown_as = blind_review.names_for(session, actor)
    return [
        Escalation(
            row.id,
            idea.id,
            idea.title or "Untitled",
            shown_as(idea.status, idea.author_id, author_name, idea.category),
            category_label(idea.category),
            row.stage_name,
            reviewer_name or "",
            row.comment or "",
            row.completed_at or row.created_at,
        )
        for row, idea, author_name, reviewer_name in rows
    ]
