"""Smart forms (ORIGINS B CategoryFieldTemplate, C15): the extra fields each category asks for."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from workflow_app.models.base import created_field, id_field


class IdeaFormTemplate(SQLModel, table=True):
    """One version of a category's fields, never changed once written: an edit adds the next
    version, and an idea names the version it was written with, so it keeps its labels.

    `fields` is a list of `{id, label, type: text|textarea|number|select, required, options}`
    (ORIGINS' FieldDefinition); the category's current template is its highest version."""

    __tablename__ = "idea_form_template"
    __table_args__ = (sa.UniqueConstraint("category", "version", name="uq_idea_form_template_category_version"),)

    id: str = id_field()
    category: str = Field(max_length=64)
    version: int = Field(default=1, nullable=False)
    fields: list[dict[str, Any]] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    created_by_id: str | None = Field(
        default=None,
        sa_column=sa.Column(sa.String(32), sa.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True),
    )
    created_at: datetime = created_field()
