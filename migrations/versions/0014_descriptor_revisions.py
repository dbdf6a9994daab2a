"""Descriptor revisions: the text a decision was taken on (issue 13)

Each return keeps the text the SA sent back, with their comment; each approval with edits the
text the SA approved from. The SA's queue shows a resubmitted descriptor's changes since its
return, My Descriptors an approval's rewording, as word-level diffs against these rows.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 14:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "descriptor_revision",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("descriptor_id", sa.String(length=32), nullable=False),
        sa.Column("event", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.String(length=32), nullable=True),
        sa.Column("batch_id", sa.String(length=36), nullable=True),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("criterion_name", sa.Text(), nullable=False),
        sa.Column("score3", sa.Text(), nullable=True),
        sa.Column("score2", sa.Text(), nullable=True),
        sa.Column("score1", sa.Text(), nullable=True),
        sa.Column("score0", sa.Text(), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["descriptor_id"], ["descriptor.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["actor_id"], ["user_account.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_descriptor_revision_latest", "descriptor_revision", ["descriptor_id", "event", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_descriptor_revision_latest", table_name="descriptor_revision")
    op.drop_table("descriptor_revision")
