"""PostgreSQL keeps each descriptor's weighted tsvector in a side table (issue 11)

Ranking an expression index's hits rebuilt every hit's tsvector from its text (3.85 s for
24,000 hits), and every UPDATE of a descriptor that is not HOT (a batch submit changes the
indexed batch_status) rewrote the expression's GIN entries. `descriptor_search` holds the
vector, GIN-indexed, written by triggers only when a text column changes. SQLite keeps its
FTS5 table (migration 0002).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 07:10:00.000000
"""

from collections.abc import Sequence

from alembic import op

from workflow_app.descriptors.domain.library_index import (
    PG_DOCUMENT_INDEX,
    drop_search_index,
    ensure_search_index,
    pg_document_sql,
)

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {PG_DOCUMENT_INDEX}")
        ensure_search_index(bind)
        op.execute("ANALYZE descriptor_search")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        drop_search_index(bind)
        op.execute(f"CREATE INDEX IF NOT EXISTS {PG_DOCUMENT_INDEX} ON descriptor USING gin (({pg_document_sql()}))")
