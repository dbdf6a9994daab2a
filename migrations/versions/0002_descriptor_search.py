"""descriptor search: FTS5 on SQLite; tsvector and trigram GIN indexes on PostgreSQL

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 12:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

from workflow_app.descriptors.domain.library_index import (
    PG_DOCUMENT_INDEX,
    PG_TRIGRAM_INDEXES,
    drop_search_index,
    ensure_search_index,
    pg_document_sql,
)

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        ensure_search_index(bind)
    elif bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(f"CREATE INDEX IF NOT EXISTS {PG_DOCUMENT_INDEX} ON descriptor USING gin (({pg_document_sql()}))")
        for name, (table, column) in PG_TRIGRAM_INDEXES.items():
            op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        drop_search_index(bind)
    elif bind.dialect.name == "postgresql":
        # pg_trgm stays: the similar-name checks need it whatever the schema version.
        for name in (PG_DOCUMENT_INDEX, *PG_TRIGRAM_INDEXES):
            op.execute(f"DROP INDEX IF EXISTS {name}")
