"""In-app notifications (the e-mails of ORIGINS C8 have an in-app twin)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from workflow_app.models.base import created_field, id_field


class Notification(SQLModel, table=True):
    __tablename__ = "notification"
    __table_args__ = (sa.Index("ix_notification_user_read", "user_id", "read_at"),)

    id: str = id_field()
    user_id: str = Field(
        sa_column=sa.Column(sa.String(32), sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False)
    )
    kind: str = Field(max_length=40, nullable=False)
    title: str = Field(max_length=200, nullable=False)
    body: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False))
    link: str = Field(default="", max_length=300, nullable=False)
    read_at: datetime | None = Field(default=None)
    created_at: datetime = created_field()
