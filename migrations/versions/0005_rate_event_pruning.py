"""rate events are pruned by age: an index on their time

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 03:40:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_rate_event_at", "rate_event", ["at"])


def downgrade() -> None:
    op.drop_index("ix_rate_event_at", table_name="rate_event")
