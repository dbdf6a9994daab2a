"""Review pipelines, the stages of each idea's review on one, and the decision's score (issue 15,
ORIGINS C16–C18)

A category with a pipeline is reviewed stage by stage; one without keeps seed 003's single
review (the default pipeline). A claim copies the pipeline's stages into idea_stage_progress;
idea_score holds the decision's 1–5 score (CHECK idea_score_score_range) and criteria.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 17:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString
_WHEN = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "review_pipeline",
        sa.Column("id", _TEXT(length=32), nullable=False),
        sa.Column("name", _TEXT(length=80), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("blind_review", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", _WHEN(), nullable=False),
        sa.Column("updated_at", _WHEN(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("category"),
    )
    op.create_table(
        "review_stage",
        sa.Column("id", _TEXT(length=32), nullable=False),
        sa.Column("pipeline_id", sa.String(length=32), nullable=False),
        sa.Column("name", _TEXT(length=60), nullable=False),
        sa.Column("description", _TEXT(length=500), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("is_decision", sa.Boolean(), nullable=False),
        sa.Column("created_at", _WHEN(), nullable=False),
        sa.ForeignKeyConstraint(["pipeline_id"], ["review_pipeline.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("pipeline_id", "position", name="uq_review_stage_pipeline_position"),
    )
    op.create_table(
        "idea_stage_progress",
        sa.Column("id", _TEXT(length=32), nullable=False),
        sa.Column("idea_id", sa.String(length=32), nullable=False),
        sa.Column("stage_id", sa.String(length=32), nullable=True),
        sa.Column("stage_name", _TEXT(length=60), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("is_decision", sa.Boolean(), nullable=False),
        sa.Column("reviewer_id", sa.String(length=32), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum(
                "PASS",
                "ESCALATE",
                "ACCEPTED",
                "REJECTED",
                name="stageoutcome",
                native_enum=False,
                length=32,
                create_constraint=False,
            ),
            nullable=True,
        ),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("started_at", _WHEN(), nullable=True),
        sa.Column("completed_at", _WHEN(), nullable=True),
        sa.Column("resolved_at", _WHEN(), nullable=True),
        sa.Column("created_at", _WHEN(), nullable=False),
        sa.ForeignKeyConstraint(["idea_id"], ["idea.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["stage_id"], ["review_stage.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["reviewer_id"], ["user_account.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idea_id", "position", name="uq_idea_stage_progress_idea_position"),
    )
    op.create_index("ix_idea_stage_progress_outcome_completed", "idea_stage_progress", ["outcome", "completed_at"])
    op.create_index("ix_idea_stage_progress_stage", "idea_stage_progress", ["stage_id"])
    op.create_index(
        "ix_idea_stage_progress_open_started",
        "idea_stage_progress",
        ["started_at", "idea_id"],
        sqlite_where=sa.text("completed_at IS NULL"),
        postgresql_where=sa.text("completed_at IS NULL"),
    )
    op.create_table(
        "idea_score",
        sa.Column("id", _TEXT(length=32), nullable=False),
        sa.Column("idea_id", sa.String(length=32), nullable=False),
        sa.Column("reviewer_id", sa.String(length=32), nullable=True),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("recorded_at", _WHEN(), nullable=False),
        sa.CheckConstraint("score >= 1 AND score <= 5", name="idea_score_score_range"),
        sa.ForeignKeyConstraint(["idea_id"], ["idea.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["reviewer_id"], ["user_account.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idea_id"),
    )
    op.create_index("ix_idea_score_score", "idea_score", ["score"])


def downgrade() -> None:
    op.drop_index("ix_idea_score_score", table_name="idea_score")
    op.drop_table("idea_score")
    op.drop_index("ix_idea_stage_progress_open_started", table_name="idea_stage_progress")
    op.drop_index("ix_idea_stage_progress_stage", table_name="idea_stage_progress")
    op.drop_index("ix_idea_stage_progress_outcome_completed", table_name="idea_stage_progress")
    op.drop_table("idea_stage_progress")
    op.drop_table("review_stage")
    op.drop_table("review_pipeline")
