"""email verification and password reset links

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-10 00:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("user_account", sa.Column("email_verified_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    # Everyone who has an account already signs in today: they count as verified.
    op.execute("UPDATE user_account SET email_verified_at = created_at WHERE email_verified_at IS NULL")
    op.create_table(
        "email_token",
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    with op.batch_alter_table("email_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_email_token_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("email_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_email_token_user_id"))
    op.drop_table("email_token")
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("email_verified_at")
