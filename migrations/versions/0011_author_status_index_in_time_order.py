"""My Ideas of one status reads its rows in time order from an index (issue 12)

A count on Home ("Accepted 3") links to the list it counts: the author's ideas of that status,
newest first. (author_id, status) found them but left them to be sorted; with created_at and id
after it the index gives them in order, as ix_idea_author_created_id does for all of them.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 07:50:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_idea_author_status", table_name="idea")
    op.create_index("ix_idea_author_status", "idea", ["author_id", "status", "created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_idea_author_status", table_name="idea")
    op.create_index("ix_idea_author_status", "idea", ["author_id", "status"])
