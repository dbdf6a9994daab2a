"""Review pipelines (ORIGINS C16): a category's stages, made, changed and removed by a SUPERADMIN.

A category without a pipeline of its own has the default one, which is seed 003's review: one
admin starts it and decides (ideas/domain/reviews.py). A pipeline has two to ten stages in
order, exactly one of them the decision, and the decision last (a decision ends the review, so a
stage after it could never run). An edit replaces the whole list and numbers it again from 1; a
stage that an idea's review is on now cannot be removed, nor a pipeline deleted while reviews
run on it. Every change is audited; a SUPERADMIN's edit made from an older version is a CONFLICT.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, func, select, update

from workflow_app.config import settings
from workflow_app.core.actor import Actor
from workflow_app.core.arguments import checked
from workflow_app.core.audit import record
from workflow_app.core.clock import Clock
from workflow_app.core.errors import DESCRIPTION_CONTROL_CHARACTERS, ErrorCode
from workflow_app.core.result import Err, Ok, Result, err
from workflow_app.core.validation import has_hidden_characters, invalid
from workflow_app.ideas.domain.idea_rules import CATEGORIES, category_label
from workflow_app.models import AuditAction, Idea, IdeaStageProgress, IdeaStatus, ReviewPipeline, ReviewStage, Role

NAME_MAX = 80
STAGE_NAME_MAX = 60
STAGE_DESCRIPTION_MAX = 500
MIN_STAGES = 2
MAX_STAGES = 10
DEFAULT_NAME = "Default (2-stage)"

# ORIGINS C16's texts
NAME_REQUIRED = "Pipeline name is required"
NAME_TOO_LONG = "Pipeline name must be 80 characters or fewer"
TOO_FEW_STAGES = "A pipeline must have at least 2 stages."
NOT_ONE_DECISION = "Exactly one stage must be marked as the decision stage."
ONLY_ONE_DECISION = "Only one stage can be the decision stage."
NOT_CONTIGUOUS = "Stage orders must be contiguous starting at 1."
STAGE_NAME_REQUIRED = "Stage name is required"
STAGE_NAME_TOO_LONG = "Stage name must be 60 characters or fewer"
# Ours (limits the origin leaves open)
TOO_MANY_STAGES = f"A pipeline can have at most {MAX_STAGES} stages."
DECISION_NOT_LAST = "The decision stage must be the last stage."
DESCRIPTION_TOO_LONG = "Stage description must be 500 characters or fewer"
HIDDEN_CHARACTERS = "Names cannot contain control or invisible characters"
BLIND_ONLY_SUPERADMIN = "Only SUPERADMIN can modify blind review setting."
BLIND_WARNING = (
    "Blind review will apply immediately to all active reviews in this pipeline. "
    "Reviewers currently viewing these ideas must refresh."
)


def enabled() -> bool:
    return settings.multi_stage_review_enabled


@dataclass(frozen=True)
class StageIn:
    """One stage as the config page sends it; `id` keeps an existing stage (its reviews follow it)."""

    name: str = ""
    description: str = ""
    is_decision: bool = False
    id: str = ""
    order: int = 0  # 1-based; 0: its place in the list


@dataclass(frozen=True)
class PipelineIn:
    name: str = ""
    stages: tuple[StageIn, ...] = ()
    blind_review: bool = False


@dataclass(frozen=True)
class StageView:
    id: str
    name: str
    description: str
    position: int
    is_decision: bool


@dataclass(frozen=True)
class PipelineView:
    category: str
    category_label: str
    id: str = ""  # "" for the default pipeline
    name: str = DEFAULT_NAME
    blind_review: bool = False
    version: int = 0
    stages: tuple[StageView, ...] = ()
    active_reviews: int = 0  # ideas under review on it now

    @property
    def is_default(self) -> bool:
        return not self.id


@dataclass(frozen=True)
class Saved:
    pipeline_id: str
    version: int
    warning: str = ""  # the blind-review warning, when it now applies to reviews under way
    notices: tuple[str, ...] = field(default=())


def _stage_problems(stages: Sequence[StageIn]) -> dict[str, str]:
    problems: dict[str, str] = {}
    if len(stages) < MIN_STAGES:
        problems["stages"] = TOO_FEW_STAGES
    elif len(stages) > MAX_STAGES:
        problems["stages"] = TOO_MANY_STAGES
    orders = [s.order or i for i, s in enumerate(stages, start=1)]
    if "stages" not in problems and sorted(orders) != list(range(1, len(stages) + 1)):
        problems["stages"] = NOT_CONTIGUOUS
    decisions = [s for s in stages if s.is_decision]
    if "stages" not in problems and len(decisions) != 1:
        problems["stages"] = ONLY_ONE_DECISION if len(decisions) > 1 and len(stages) == 2 else NOT_ONE_DECISION
    decision_order = next((o for s, o in zip(stages, orders, strict=True) if s.is_decision), 0)
    if "stages" not in problems and decision_order != max(orders):
        problems["stages"] = DECISION_NOT_LAST
    for i, stage in enumerate(stages, start=1):
        name = stage.name.strip()
        if not name:
            problems[f"stage{i}.name"] = STAGE_NAME_REQUIRED
        elif len(name) > STAGE_NAME_MAX:
            problems[f"stage{i}.name"] = STAGE_NAME_TOO_LONG
        elif has_hidden_characters(name):
            problems[f"stage{i}.name"] = HIDDEN_CHARACTERS
        if len(stage.description.strip()) > STAGE_DESCRIPTION_MAX:
            problems[f"stage{i}.description"] = DESCRIPTION_TOO_LONG
        elif has_hidden_characters(stage.description, multiline=True):
            problems[f"stage{i}.description"] = DESCRIPTION_CONTROL_CHARACTERS
    return problems


def problems_of(pipeline: PipelineIn) -> dict[str, str]:
    """Everything wrong with a pipeline as sent, one message per field."""
    problems: dict[str, str] = {}
    name = pipeline.name.strip()
    if not name:
        problems["name"] = NAME_REQUIRED
    elif len(name) > NAME_MAX:
        problems["name"] = NAME_TOO_LONG
    elif has_hidden_characters(name):
        problems["name"] = HIDDEN_CHARACTERS
    return {**problems, **_stage_problems(pipeline.stages)}


def _in_order(stages: Sequence[StageIn]) -> list[StageIn]:
    return [s for _, s in sorted(enumerate(stages, start=1), key=lambda pair: pair[1].order or pair[0])]


def _refuse_non_superadmin(actor: Actor) -> Err | None:
    return None if actor.role == Role.SUPERADMIN else err(ErrorCode.FORBIDDEN_ROLE)


def pipeline_of(session: Session, category: str | None) -> ReviewPipeline | None:
    """The category's own pipeline; None for the default one."""
    if not category:
        return None
    return session.exec(select(ReviewPipeline).where(col(ReviewPipeline.category) == category)).first()


def stages_of(session: Session, pipeline_id: str) -> list[ReviewStage]:
    return list(
        session.exec(
            select(ReviewStage).where(col(ReviewStage.pipeline_id) == pipeline_id).order_by(col(ReviewStage.position))
        )
    )


def is_staged(session: Session, category: str | None) -> bool:
    """Whether ideas of this category are reviewed stage by stage (the feature on, a pipeline of its own)."""
    return enabled() and pipeline_of(session, category) is not None


def _active_reviews(session: Session, pipeline_id: str) -> int:
    """Ideas under review with a stage of this pipeline not yet completed."""
    stage_ids = select(ReviewStage.id).where(col(ReviewStage.pipeline_id) == pipeline_id)
    return session.exec(
        select(func.count(func.distinct(IdeaStageProgress.idea_id)))
        .join(Idea, col(Idea.id) == col(IdeaStageProgress.idea_id))
        .where(col(IdeaStageProgress.stage_id).in_(stage_ids), col(Idea.status) == IdeaStatus.UNDER_REVIEW)
    ).one()


def _view(session: Session, category: str, pipeline: ReviewPipeline | None) -> PipelineView:
    if pipeline is None:
        return PipelineView(category, category_label(category))
    stages = tuple(
        StageView(s.id, s.name, s.description or "", s.position, s.is_decision) for s in stages_of(session, pipeline.id)
    )
    return PipelineView(
        category,
        category_label(category),
        pipeline.id,
        pipeline.name,
        pipeline.blind_review,
        pipeline.version,
        stages,
        _active_reviews(session, pipeline.id),
    )


def all_pipelines(session: Session, actor: Actor) -> Result[list[PipelineView]]:
    """The config page: every category with its pipeline, or the default (SUPERADMIN)."""
    if problem := _refuse_non_superadmin(actor):
        return problem
    own = {p.category: p for p in session.exec(select(ReviewPipeline))}
    return Ok([_view(session, category, own.get(category)) for category in CATEGORIES])


def _audit(
    session: Session, actor: Actor, action: AuditAction, pipeline: ReviewPipeline, details: dict[str, Any], clock: Clock
) -> None:
    record(
        session,
        actor,
        action=action,
        target_type="pipeline",
        target_id=pipeline.id,
        target_title=pipeline.name,
        details={"category": pipeline.category, **details},
        clock=clock,
    )


def _add_stages(session: Session, pipeline_id: str, stages: Sequence[StageIn], clock: Clock) -> None:
    for position, stage in enumerate(_in_order(stages), start=1):
        session.add(
            ReviewStage(
                pipeline_id=pipeline_id,
                name=stage.name.strip(),
                description=stage.description.strip() or None,
                position=position,
                is_decision=stage.is_decision,
                created_at=clock.now(),
            )
        )


@checked
def create_pipeline(
    session: Session, actor: Actor, *, category: str, pipeline: PipelineIn, clock: Clock
) -> Result[Saved]:
    """A category's own pipeline (SUPERADMIN); PIPELINE_EXISTS when it has one already."""
    if problem := _refuse_non_superadmin(actor):
        return problem
    if category not in CATEGORIES:
        return err(ErrorCode.VALIDATION_ERROR, "Choose a category.", category="Choose a category.")
    if problems := problems_of(pipeline):
        return invalid(problems, ("name",))
    if pipeline_of(session, category) is not None:
        return err(ErrorCode.PIPELINE_EXISTS)
    now, blind = clock.now(), pipeline.blind_review
    row = ReviewPipeline(name=pipeline.name.strip(), category=category, blind_review=blind)
    row.created_at = row.updated_at = now
    session.add(row)
    try:
        session.flush()
    except IntegrityError:  # another SUPERADMIN made one for this category meanwhile
        session.rollback()
        return err(ErrorCode.PIPELINE_EXISTS)
    _add_stages(session, row.id, pipeline.stages, clock)
    _audit(
        session,
        actor,
        AuditAction.PIPELINE_CREATED,
        row,
        {"stages": [s.name.strip() for s in _in_order(pipeline.stages)], "blindReview": row.blind_review},
        clock,
    )
    saved = Saved(row.id, row.version)
    session.commit()
    return Ok(saved)


def _open_stage_ids(session: Session, stage_ids: Sequence[str]) -> set[str]:
    """Which of these stages an idea under review is on now (started or waiting, not completed)."""
    if not stage_ids:
        return set()
    rows = session.exec(
        select(IdeaStageProgress.stage_id)
        .join(Idea, col(Idea.id) == col(IdeaStageProgress.idea_id))
        .where(
            col(IdeaStageProgress.stage_id).in_(stage_ids),
            col(IdeaStageProgress.completed_at).is_(None),
            col(Idea.status) == IdeaStatus.UNDER_REVIEW,
        )
    )
    return {stage_id for stage_id in rows if stage_id}


@checked
def update_pipeline(
    session: Session,
    actor: Actor,
    *,
    pipeline_id: str,
    expected_version: int,
    pipeline: PipelineIn,
    clock: Clock,
) -> Result[Saved]:
    """The whole stage list replaced and numbered again from 1 (SUPERADMIN); stages sent with
    their id are kept (with their reviews), the others added, the missing ones removed unless a
    review is on them (STAGE_IN_USE)."""
    if actor.role != Role.SUPERADMIN:
        return err(ErrorCode.FORBIDDEN_ROLE)
    row = session.get(ReviewPipeline, pipeline_id, with_for_update=True, populate_existing=True)
    if row is None:
        return err(ErrorCode.PIPELINE_NOT_FOUND)
    if problems := problems_of(pipeline):
        return invalid(problems, ("name",))
    if row.version != expected_version:
        return err(ErrorCode.CONFLICT, "Someone else changed this pipeline meanwhile. Reload to see their version.")
    current = {s.id: s for s in stages_of(session, row.id)}
    kept = {s.id for s in pipeline.stages if s.id in current}
    removed = [stage_id for stage_id in current if stage_id not in kept]
    if _open_stage_ids(session, removed):
        session.rollback()
        return err(ErrorCode.STAGE_IN_USE)
    blind_was = row.blind_review
    if removed:
        session.exec(delete(ReviewStage).where(col(ReviewStage.id).in_(removed)))
    # Kept stages move out of the way first: (pipeline, position) is unique at every statement.
    for stage_id in kept:
        aside = -current[stage_id].position
        session.exec(update(ReviewStage).where(col(ReviewStage.id) == stage_id).values(position=aside))
    for position, stage in enumerate(_in_order(pipeline.stages), start=1):
        name, description = stage.name.strip(), stage.description.strip() or None
        if stage.id in kept:
            session.exec(
                update(ReviewStage)
                .where(col(ReviewStage.id) == stage.id)
                .values(position=position, name=name, description=description, is_decision=stage.is_decision)
            )
        else:
            session.add(
                ReviewStage(
                    pipeline_id=row.id,
                    position=position,
                    name=name,
                    description=description,
                    is_decision=stage.is_decision,
                    created_at=clock.now(),
                )
            )
    row.name, row.blind_review = pipeline.name.strip(), pipeline.blind_review
    row.version, row.updated_at = row.version + 1, clock.now()
    session.add(row)
    session.flush()
    warning = BLIND_WARNING if row.blind_review and not blind_was and _active_reviews(session, row.id) else ""
    _audit(
        session,
        actor,
        AuditAction.PIPELINE_UPDATED,
        row,
        {
            "stages": [s.name.strip() for s in _in_order(pipeline.stages)],
            "blindReview": row.blind_review,
            "version": row.version,
        },
        clock,
    )
    saved = Saved(row.id, row.version, warning)
    session.commit()
    return Ok(saved)


@checked
def set_blind_review(session: Session, actor: Actor, *, pipeline_id: str, blind: bool, clock: Clock) -> Result[Saved]:
    """The pipeline's blind-review switch alone (SUPERADMIN); its warning when reviews are under way."""
    if actor.role != Role.SUPERADMIN:
        return err(ErrorCode.FORBIDDEN_ROLE, BLIND_ONLY_SUPERADMIN)
    row = session.get(ReviewPipeline, pipeline_id, with_for_update=True, populate_existing=True)
    if row is None:
        return err(ErrorCode.PIPELINE_NOT_FOUND)
    changed = row.blind_review != blind
    row.blind_review = blind
    if changed:
        row.version, row.updated_at = row.version + 1, clock.now()
        _audit(session, actor, AuditAction.PIPELINE_UPDATED, row, {"blindReview": blind, "version": row.version}, clock)
    session.add(row)
    session.flush()
    warning = BLIND_WARNING if blind and changed and _active_reviews(session, row.id) else ""
    saved = Saved(row.id, row.version, warning, (blind_toast(row.name, blind),))
    session.commit()
    return Ok(saved)


def blind_toast(pipeline_name: str, blind: bool) -> str:
    return f"Blind review has been {'enabled' if blind else 'disabled'} for {pipeline_name}."


@checked
def delete_pipeline(session: Session, actor: Actor, *, category: str, clock: Clock) -> Result[None]:
    """The category goes back to the default review (SUPERADMIN); refused while reviews run on it."""
    if actor.role != Role.SUPERADMIN:
        return err(ErrorCode.FORBIDDEN_ROLE)
    row = pipeline_of(session, category)
    if row is None:
        return err(ErrorCode.CANNOT_DELETE_DEFAULT)
    if _active_reviews(session, row.id):
        return err(ErrorCode.PIPELINE_IN_USE)
    _audit(session, actor, AuditAction.PIPELINE_DELETED, row, {}, clock)
    session.exec(delete(ReviewPipeline).where(col(ReviewPipeline.id) == row.id))  # its stages go with it
    session.commit()
    return Ok(None)
