"""One batch id per submission; a resubmitted descriptor remembers the batch it came back from (issue 13)

A revised descriptor kept the batch id it was returned with, so one "Submit for Review" carried
several ids and a resubmission-only submit opened none. Every submit now gives all its
descriptors one new id; `previous_batch_id` holds the id a resubmitted one had before. The
descriptors already revised (a DESCRIPTOR_REVISED entry in the audit log, as the SA's queue
recognised them until now) get their current id there, so they still read as resubmitted.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 14:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("descriptor", sa.Column("previous_batch_id", sa.String(length=36), nullable=True))
    op.execute(
        "UPDATE descriptor SET previous_batch_id = batch_id WHERE batch_id IS NOT NULL AND id IN "
        "(SELECT target_id FROM audit_log WHERE action = 'DESCRIPTOR_REVISED' AND target_type = 'descriptor')"
    )


def downgrade() -> None:
    op.drop_column("descriptor", "previous_batch_id")
