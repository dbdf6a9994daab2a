"""The one audit log of both workflows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from workflow_app.models.base import created_field, enum_column
from workflow_app.models.enums import AuditAction


class AuditLog(SQLModel, table=True):
    __tablename__ = "audit_log"
    __table_args__ = (
        sa.Index("ix_audit_log_created_id", "created_at", "id"),
        # The actor-name search: the distinct names by skip-scan, each name's entries newest first.
        sa.Index("ix_audit_log_actor_name", "actor_name", "created_at", "id"),
        sa.Index("ix_audit_log_target", "target_type", "target_id"),
        sa.Index("ix_audit_log_action_created", "action", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # No foreign keys: an entry outlives the user or the idea it talks about.
    actor_id: str | None = Field(default=None, max_length=32)
    actor_name: str = Field(default="", max_length=100, nullable=False)
    action: AuditAction = Field(sa_column=enum_column(AuditAction))
    target_type: str = Field(max_length=32, nullable=False)
    target_id: str | None = Field(default=None, max_length=32)
    # Snapshot of the target's title so the entry still reads well after deletion.
    target_title: str = Field(default="", max_length=200, nullable=False)
    details: dict[str, Any] = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    created_at: datetime = created_field()
