"""Arranging review pipelines and stage reviews in the tests of pipelines, stages and scoring."""

from __future__ import annotations

from sqlmodel import Session, select

from workflow_app.core.actor import Actor
from workflow_app.core.clock import Clock
from workflow_app.ideas.domain import pipelines
from workflow_app.ideas.domain.pipelines import PipelineIn, StageIn
from workflow_app.models import AuditAction, AuditLog, IdeaStageProgress

CATEGORY = "process-improvement"
COMMENT = "Clear case, worth the next look."
THREE = (StageIn("Screening"), StageIn("Feasibility"), StageIn("Final Decision", is_decision=True))


def make_pipeline(
    session: Session,
    superadmin: Actor,
    *,
    clock: Clock,
    category: str = CATEGORY,
    stages: tuple[StageIn, ...] = THREE,
    blind: bool = False,
    name: str = "Three steps",
) -> str:
    made = pipelines.create_pipeline(
        session, superadmin, category=category, pipeline=PipelineIn(name, stages, blind), clock=clock
    )
    assert made.ok, made
    return made.value.pipeline_id


def rows_of(session: Session, idea_id: str) -> list[IdeaStageProgress]:
    session.expire_all()
    return list(
        session.exec(
            select(IdeaStageProgress).where(IdeaStageProgress.idea_id == idea_id).order_by(IdeaStageProgress.position)
        )
    )


def actions_for(session: Session, target_id: str) -> list[str]:
    rows = session.exec(
        select(AuditLog).where(AuditLog.target_id == target_id).order_by(AuditLog.created_at, AuditLog.id)
    )
    return [AuditAction(a.action).value for a in rows]
