"""Ideas, their drafts (seed 002 §1.3) and the single review of each idea."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from workflow_app.models.base import created_field, enum_column, id_field, utcnow
from workflow_app.models.enums import IdeaStatus, IdeaVisibility, ReviewDecision


class Idea(SQLModel, table=True):
    __tablename__ = "idea"
    # Each list is one index range read newest (or oldest) first, so a page costs its size and
    # offset, not the table (issue 11): the list's PUBLIC and PRIVATE branches, with and without a
    # category, one author's ideas (My Ideas, the list's own-private branch), the review queue.
    # The trailing columns cover the conditions checked along the range (not a draft, PRIVATE),
    # so the entries a page skips are never looked up in the table. The expiry job reads the due
    # drafts and the purge the soft-deleted ones as ranges too.
    __table_args__ = (
        sa.Index("ix_idea_author_status", "author_id", "status", "created_at", "id"),
        sa.Index("ix_idea_expired_draft", "is_expired_draft", "draft_expires_at"),
        sa.Index("ix_idea_soft_deleted", "soft_deleted_at"),
        sa.Index("ix_idea_status_created_id", "status", "created_at", "id"),
        sa.Index("ix_idea_visibility_created_id", "visibility", "created_at", "id", "status"),
        sa.Index("ix_idea_visibility_category_created_id", "visibility", "category", "created_at", "id", "status"),
        sa.Index("ix_idea_author_created_id", "author_id", "created_at", "id", "status", "visibility", "category"),
    )

    id: str = id_field()
    title: str | None = Field(default=None, max_length=150)
    description: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    category: str | None = Field(default=None, max_length=64)
    status: IdeaStatus = Field(default=IdeaStatus.SUBMITTED, sa_column=enum_column(IdeaStatus))
    visibility: IdeaVisibility = Field(default=IdeaVisibility.PUBLIC, sa_column=enum_column(IdeaVisibility))
    dynamic_fields: dict[str, Any] | None = Field(default=None, sa_column=sa.Column(sa.JSON, nullable=True))
    # The smart form's version the dynamic fields were written with (their labels); NULL before.
    form_template_id: str | None = Field(
        default=None,
        sa_column=sa.Column(sa.String(32), sa.ForeignKey("idea_form_template.id", ondelete="SET NULL"), nullable=True),
    )
    is_anonymous: bool = Field(default=False, nullable=False)
    draft_expires_at: datetime | None = Field(default=None)
    is_expired_draft: bool = Field(default=False, nullable=False)
    soft_deleted_at: datetime | None = Field(default=None)
    # Bumped by every write; a save carrying an older version is a conflict (two tabs).
    version: int = Field(default=1, nullable=False)
    author_id: str = Field(
        sa_column=sa.Column(sa.String(32), sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False)
    )
    created_at: datetime = created_field()
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)


class IdeaReview(SQLModel, table=True):
    """Created at Start Review without a decision; its unique idea_id is the claim."""

    __tablename__ = "idea_review"
    # The open claims, oldest first (the dashboard's "in review" list), without the decided ones.
    __table_args__ = (
        sa.Index(
            "ix_idea_review_open_started",
            "started_at",
            "idea_id",
            sqlite_where=sa.text("decision IS NULL"),
            postgresql_where=sa.text("decision IS NULL"),
        ),
    )

    id: str = id_field()
    idea_id: str = Field(
        sa_column=sa.Column(sa.String(32), sa.ForeignKey("idea.id", ondelete="CASCADE"), nullable=False, unique=True)
    )
    reviewer_id: str = Field(
        sa_column=sa.Column(sa.String(32), sa.ForeignKey("user_account.id"), nullable=False, index=True)
    )
    decision: ReviewDecision | None = Field(default=None, sa_column=enum_column(ReviewDecision, nullable=True))
    comment: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    started_at: datetime = Field(default_factory=utcnow, nullable=False)
    decided_at: datetime | None = Field(default=None)
    created_at: datetime = created_field()


class IdeaCount(SQLModel, table=True):
    """How many of an author's ideas are in a status (drafts not counted); kept in step by the
    idea workflow's executor in the transaction of each change (ideas/domain/idea_counts.py)."""

    __tablename__ = "idea_count"

    author_id: str = Field(
        sa_column=sa.Column(
            sa.String(32), sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, nullable=False
        )
    )
    status: IdeaStatus = Field(sa_column=sa.Column(enum_column(IdeaStatus).type, primary_key=True, nullable=False))
    n: int = Field(default=0, nullable=False)


class IdeaAttachment(SQLModel, table=True):
    """A file attached to an idea (ORIGINS C14 V2). Its bytes live in the attachment store under
    `blob_key` (random, never shown); a draft's files are its staged ones and stay with it until
    it is submitted, deleted or purged (the rows go with the idea; the daily job removes the
    bytes no row names any more)."""

    __tablename__ = "idea_attachment"
    __table_args__ = (sa.Index("ix_idea_attachment_idea_created", "idea_id", "created_at"),)

    id: str = id_field()
    idea_id: str = Field(
        sa_column=sa.Column(sa.String(32), sa.ForeignKey("idea.id", ondelete="CASCADE"), nullable=False)
    )
    blob_key: str = Field(sa_column=sa.Column(sa.String(64), nullable=False, unique=True))
    file_name: str = Field(max_length=255)
    file_size: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    mime_type: str = Field(max_length=128)
    uploaded_by_id: str | None = Field(
        default=None,
        sa_column=sa.Column(sa.String(32), sa.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True),
    )
    created_at: datetime = created_field()
