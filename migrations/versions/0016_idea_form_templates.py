"""Smart forms (issue 14, ORIGINS C15): the categories' versioned field templates

`idea_form_template` holds each version of a category's extra fields (an edit adds the next
version); `idea.form_template_id` names the version an idea was written with. Version 1 of the
five categories' templates is inserted here, so a fresh database has them.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 10:00:00.000000
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _field(key: str, label: str, kind: str, required: bool = False, options: tuple[str, ...] = ()) -> dict:
    return {"id": key, "label": label, "type": kind, "required": required, "options": list(options)}


# ORIGINS B, "Seed content" (workflow_app/ideas/domain/smart_forms.py DEFAULT_FIELDS says the same).
TEMPLATES = {
    "process-improvement": [
        _field("current_process", "Describe the current process", "textarea", True),
        _field("time_saved_hours_per_week", "Estimated time saved (hours/week)", "number"),
    ],
    "new-product-service": [
        _field("target_market", "Target market or audience", "text", True),
        _field("competitive_advantage", "Key differentiator vs. alternatives", "textarea"),
    ],
    "cost-reduction": [
        _field("current_annual_cost_usd", "Current estimated annual cost (USD)", "number", True),
        _field("estimated_savings_pct", "Estimated savings (%)", "number", True),
    ],
    "employee-experience": [
        _field("affected_group", "Which employee group is affected?", "text", True),
        _field("pain_level", "Current pain level", "select", True, ("Low", "Medium", "High", "Critical")),
    ],
    "technical-innovation": [
        _field("problem_being_solved", "Technical problem being solved", "textarea", True),
        _field("proposed_solution_summary", "High-level technical approach", "textarea"),
    ],
}


def upgrade() -> None:
    table = op.create_table(
        "idea_form_template",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["user_account.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("category", "version", name="uq_idea_form_template_category_version"),
    )
    with op.batch_alter_table("idea") as batch:
        batch.add_column(sa.Column("form_template_id", sa.String(length=32), nullable=True))
        batch.create_foreign_key(
            "fk_idea_form_template_id", "idea_form_template", ["form_template_id"], ["id"], ondelete="SET NULL"
        )
    now = datetime.now(UTC)
    rows = [
        {"id": uuid.uuid4().hex, "category": c, "version": 1, "fields": f, "created_at": now}
        for c, f in TEMPLATES.items()
    ]
    op.bulk_insert(table, rows)


def downgrade() -> None:
    with op.batch_alter_table("idea") as batch:
        batch.drop_constraint("fk_idea_form_template_id", type_="foreignkey")
        batch.drop_column("form_template_id")
    op.drop_table("idea_form_template")
