"""The library reads entries and facet counts kept beside its search index (issue 11)

Each search counted its total and three facets over the descriptors' wide rows, re-running the
text match for each (six statements, 0.5–1.5 s at 200,000 descriptors). The entry of each
descriptor (listed, quality, section, categories, skill names, name) now sits in the row the
match reaches (SQLite's FTS5 map, PostgreSQL's stored tsvector), and `library_facet_count`
holds the listed descriptors per (skill, category, quality, section); triggers keep both
exact. See workflow_app/descriptors/domain/library_entries.py.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 14:40:00.000000
"""

from collections.abc import Sequence

from alembic import op

from workflow_app.descriptors.domain.library_entries import ENTRY_NAME_INDEX, ENTRY_TABLE, drop_entries
from workflow_app.descriptors.domain.library_index import ensure_search_index

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name in ENTRY_TABLE:
        ensure_search_index(bind)  # adds the entry columns, fills them, the triggers, the counts
        op.execute(f"ANALYZE {ENTRY_TABLE[bind.dialect.name]}")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name in ENTRY_TABLE:
        drop_entries(bind)
        op.execute(f"DROP INDEX IF EXISTS {ENTRY_NAME_INDEX}")
