"""the audit log's actor-name search reads an index (issue 11)

Searching the log by a part of the actor's name read the whole log newest first, testing each
entry's name, and counted the matches the same way: 0.6–0.9 s at a million entries for a name
that matches one in a hundred. The names now come from an index on (actor_name, created_at, id):
the distinct names by skip-scan, then the entries of the names that match. The (actor_id,
created_at) index goes: no query reads it, and every entry written updated it.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 21:10:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_audit_log_actor_created", table_name="audit_log")
    op.create_index("ix_audit_log_actor_name", "audit_log", ["actor_name", "created_at", "id"])
    op.execute("ANALYZE audit_log")


def downgrade() -> None:
    op.drop_index("ix_audit_log_actor_name", table_name="audit_log")
    op.create_index("ix_audit_log_actor_created", "audit_log", ["actor_id", "created_at"])
