"""the SA queue and My Descriptors read their rows in index order (issue 11)

The SA queue sorted every pending descriptor of the SA's SCMs for each page, My Descriptors
each section of an SCM's descriptors. The queue's index now carries its whole order (status,
submitted, created, id); My Descriptors gets one index whose order is the time that fits each
status (updated for drafts, submitted for pending, reviewed otherwise), newest first. The indexes these two begin with
(batch_status; created_by_id; created_by_id + batch_status) go: a batch submit rewrote each.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 14:20:00.000000
"""

from collections.abc import Sequence

from alembic import op

from workflow_app.models.descriptors import MY_SECTION_ORDER_SQL

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_PREFIXES = {
    "ix_descriptor_batch_status": ["batch_status"],
    "ix_descriptor_created_by_id": ["created_by_id"],
    "ix_descriptor_creator_batch_status": ["created_by_id", "batch_status"],
}


def upgrade() -> None:
    op.drop_index("ix_descriptor_batch_status_submitted", table_name="descriptor")
    for name in _PREFIXES:
        op.drop_index(name, table_name="descriptor")
    op.create_index("ix_descriptor_status_queue", "descriptor", ["batch_status", "submitted_at", "created_at", "id"])
    op.execute(
        "CREATE INDEX ix_descriptor_creator_section_order ON descriptor "
        f"(created_by_id, batch_status, ({MY_SECTION_ORDER_SQL}) DESC, created_at DESC, id)"
    )
    op.execute("ANALYZE descriptor")


def downgrade() -> None:
    op.drop_index("ix_descriptor_creator_section_order", table_name="descriptor")
    op.drop_index("ix_descriptor_status_queue", table_name="descriptor")
    op.create_index("ix_descriptor_batch_status_submitted", "descriptor", ["batch_status", "submitted_at"])
    for name, columns in _PREFIXES.items():
        op.create_index(name, "descriptor", columns)
