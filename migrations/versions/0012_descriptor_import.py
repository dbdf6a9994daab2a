"""Descriptors imported from marking-scheme workbooks (issue 13)

`import_key` holds an imported descriptor's (skill, code) as it came in, unique: the same row
imported twice, or by two imports at once, is added once. Codes get an index: an import asks,
per batch of 100, which of its codes a skill already has.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 14:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("descriptor", sa.Column("import_key", sa.String(length=240), nullable=True))
    op.create_index("ux_descriptor_import_key", "descriptor", ["import_key"], unique=True)
    op.create_index("ix_descriptor_code", "descriptor", ["code"])


def downgrade() -> None:
    op.drop_index("ix_descriptor_code", table_name="descriptor")
    op.drop_index("ux_descriptor_import_key", table_name="descriptor")
    op.drop_column("descriptor", "import_key")
