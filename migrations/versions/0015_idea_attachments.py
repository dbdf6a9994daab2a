"""Ideas' attachments (issue 14, ORIGINS C14 V2)

One row per file attached to an idea or staged on a draft; the bytes live in the attachment
store under the random `blob_key`. The rows go with their idea (ON DELETE CASCADE); the daily
job removes the stored files no row names.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 17:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "idea_attachment",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("idea_id", sa.String(length=32), nullable=False),
        sa.Column("blob_key", sa.String(length=64), nullable=False),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("file_size", sa.BigInteger(), nullable=False),
        sa.Column("mime_type", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("uploaded_by_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["idea_id"], ["idea.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["uploaded_by_id"], ["user_account.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("blob_key"),
    )
    op.create_index("ix_idea_attachment_idea_created", "idea_attachment", ["idea_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_idea_attachment_idea_created", table_name="idea_attachment")
    op.drop_table("idea_attachment")
