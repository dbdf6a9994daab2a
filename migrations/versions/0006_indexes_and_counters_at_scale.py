"""lists served by index ranges and idea counters instead of counts (issue 11)

The ideas list's PUBLIC/PRIVATE branches (with and without a category), one author's ideas,
the review queue with its id tie-break, the open claims, the purge's soft-deleted drafts and
the audit log's keyset order each get the index their query walks; `idea_count` holds ideas per author and status, filled here
from the ideas and kept in step by the idea workflow from now on. ANALYZE gives the planners
the statistics to choose them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 07:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_IDEA_INDEXES = {
    "ix_idea_soft_deleted": ["soft_deleted_at"],
    "ix_idea_status_created_id": ["status", "created_at", "id"],
    "ix_idea_visibility_created_id": ["visibility", "created_at", "id", "status"],
    "ix_idea_visibility_category_created_id": ["visibility", "category", "created_at", "id", "status"],
    "ix_idea_author_created_id": ["author_id", "created_at", "id", "status", "visibility", "category"],
}
_OPEN = sa.text("decision IS NULL")
_STATUSES = ("DRAFT", "SUBMITTED", "UNDER_REVIEW", "ACCEPTED", "REJECTED")


def upgrade() -> None:
    op.drop_index("ix_idea_status_created", table_name="idea")
    for name, columns in _IDEA_INDEXES.items():
        op.create_index(name, "idea", columns)
    op.create_index(
        "ix_idea_review_open_started",
        "idea_review",
        ["started_at", "idea_id"],
        sqlite_where=_OPEN,
        postgresql_where=_OPEN,
    )
    op.drop_index("ix_audit_log_created", table_name="audit_log")
    op.create_index("ix_audit_log_created_id", "audit_log", ["created_at", "id"])
    op.create_table(
        "idea_count",
        sa.Column("author_id", sa.String(32), sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False),
        sa.Column("status", sa.Enum(*_STATUSES, name="ideastatus", native_enum=False, length=32), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("author_id", "status"),
    )
    op.execute(
        "INSERT INTO idea_count (author_id, status, n) "
        "SELECT author_id, status, count(*) FROM idea WHERE status <> 'DRAFT' GROUP BY author_id, status"
    )
    op.execute("ANALYZE")


def downgrade() -> None:
    op.drop_table("idea_count")
    op.drop_index("ix_audit_log_created_id", table_name="audit_log")
    op.create_index("ix_audit_log_created", "audit_log", ["created_at"])
    op.drop_index("ix_idea_review_open_started", table_name="idea_review")
    for name in _IDEA_INDEXES:
        op.drop_index(name, table_name="idea")
    op.create_index("ix_idea_status_created", "idea", ["status", "created_at"])
