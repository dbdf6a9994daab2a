"""Review pipelines, the stages an idea goes through on one, and the decision's score
(ORIGINS B ReviewPipeline / ReviewPipelineStage / IdeaStageProgress / IdeaScore; C16–C18)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from workflow_app.models.base import created_field, enum_column, id_field, utcnow
from workflow_app.models.enums import StageOutcome


class ReviewPipeline(SQLModel, table=True):
    """A category's own review: two or more stages, exactly one of them the decision. A category
    without one is reviewed as seed 003 says (the default pipeline: Start Review, then a decision)."""

    __tablename__ = "review_pipeline"

    id: str = id_field()
    name: str = Field(max_length=80)
    category: str = Field(sa_column=sa.Column(sa.String(64), nullable=False, unique=True))
    blind_review: bool = Field(default=False, nullable=False)
    # Bumped by every edit: a save carrying an older version is a conflict (two SUPERADMINs).
    version: int = Field(default=1, nullable=False)
    created_at: datetime = created_field()
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)


class ReviewStage(SQLModel, table=True):
    __tablename__ = "review_stage"
    __table_args__ = (sa.UniqueConstraint("pipeline_id", "position", name="uq_review_stage_pipeline_position"),)

    id: str = id_field()
    pipeline_id: str = Field(
        sa_column=sa.Column(sa.String(32), sa.ForeignKey("review_pipeline.id", ondelete="CASCADE"), nullable=False)
    )
    name: str = Field(max_length=60)
    description: str | None = Field(default=None, max_length=500)
    position: int = Field(nullable=False)  # 1-based, contiguous
    is_decision: bool = Field(default=False, nullable=False)
    created_at: datetime = created_field()


class IdeaStageProgress(SQLModel, table=True):
    """One stage of one idea's review. The claim writes a row per stage of the category's pipeline
    as it is then, with the stage's name, place and kind copied: later edits of the pipeline do not
    change a review under way (a stage still in use cannot be removed)."""

    __tablename__ = "idea_stage_progress"
    __table_args__ = (
        sa.UniqueConstraint("idea_id", "position", name="uq_idea_stage_progress_idea_position"),
        # The escalation queue: escalated stages, oldest first.
        sa.Index("ix_idea_stage_progress_outcome_completed", "outcome", "completed_at"),
        sa.Index("ix_idea_stage_progress_stage", "stage_id"),
        # The stages being reviewed now, oldest first (the dashboard's "in review" list).
        sa.Index(
            "ix_idea_stage_progress_open_started",
            "started_at",
            "idea_id",
            sqlite_where=sa.text("completed_at IS NULL"),
            postgresql_where=sa.text("completed_at IS NULL"),
        ),
    )

    id: str = id_field()
    idea_id: str = Field(
        sa_column=sa.Column(sa.String(32), sa.ForeignKey("idea.id", ondelete="CASCADE"), nullable=False)
    )
    stage_id: str | None = Field(
        default=None,
        sa_column=sa.Column(sa.String(32), sa.ForeignKey("review_stage.id", ondelete="SET NULL"), nullable=True),
    )
    stage_name: str = Field(max_length=60)
    position: int = Field(nullable=False)
    is_decision: bool = Field(default=False, nullable=False)
    reviewer_id: str | None = Field(
        default=None,
        sa_column=sa.Column(sa.String(32), sa.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True),
    )
    outcome: StageOutcome | None = Field(default=None, sa_column=enum_column(StageOutcome, nullable=True))
    comment: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    started_at: datetime | None = Field(default=None)
    completed_at: datetime | None = Field(default=None)
    # An escalated stage leaves the SUPERADMIN's queue when it is resolved (by audit, not by name).
    resolved_at: datetime | None = Field(default=None)
    created_at: datetime = created_field()


class IdeaScore(SQLModel, table=True):
    """The decision's 1–5 score and criteria; written with the decision and never changed."""

    __tablename__ = "idea_score"
    __table_args__ = (
        sa.CheckConstraint("score >= 1 AND score <= 5", name="idea_score_score_range"),
        sa.Index("ix_idea_score_score", "score"),
    )

    id: str = id_field()
    idea_id: str = Field(
        sa_column=sa.Column(sa.String(32), sa.ForeignKey("idea.id", ondelete="CASCADE"), nullable=False, unique=True)
    )
    reviewer_id: str | None = Field(
        default=None,
        sa_column=sa.Column(sa.String(32), sa.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True),
    )
    score: int = Field(nullable=False)
    criteria: list[Any] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    recorded_at: datetime = Field(default_factory=utcnow, nullable=False)
