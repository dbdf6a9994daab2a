"""Marking-scheme descriptors with the batch workflow of seeds 000/001, sections and skills."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from workflow_app.models.base import created_field, enum_column, id_field, utcnow
from workflow_app.models.enums import DescriptorBatchStatus, QualityIndicator

# When a descriptor of My Descriptors' section last moved: the index and the query spell it alike.
# Autogenerate cannot compare an expression index (PostgreSQL gives its text back rewritten), so
# the schema comparisons leave these out; migration 0009 creates them as spelt here.
EXPRESSION_INDEXES = frozenset({"ix_descriptor_creator_section_order"})
MY_SECTION_ORDER_SQL = (
    "CASE batch_status WHEN 'DRAFT' THEN updated_at WHEN 'PENDING_REVIEW' THEN submitted_at ELSE reviewed_at END"
)


def _user_fk(*, ondelete: str | None, nullable: bool = True, index: bool = False) -> sa.Column[Any]:
    return sa.Column(
        sa.String(32),
        sa.ForeignKey("user_account.id", ondelete=ondelete),
        nullable=nullable,
        index=index,
    )


class WsosSection(SQLModel, table=True):
    __tablename__ = "wsos_section"

    id: str = id_field()
    name: str = Field(max_length=200, sa_column_kwargs={"unique": True}, nullable=False)
    description: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    created_by_id: str = Field(sa_column=_user_fk(ondelete="RESTRICT", nullable=False))
    created_at: datetime = created_field()
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)


class Skill(SQLModel, table=True):
    """Routes an SCM's batches to the SA who advises the skill."""

    __tablename__ = "skill"

    id: str = id_field()
    code: str | None = Field(default=None, max_length=16)
    name: str = Field(max_length=200, sa_column_kwargs={"unique": True}, nullable=False)
    sector: str | None = Field(default=None, max_length=100)
    notes: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    sa_id: str = Field(sa_column=_user_fk(ondelete="RESTRICT", nullable=False, index=True))
    scm_id: str | None = Field(default=None, sa_column=_user_fk(ondelete="SET NULL", index=True))
    created_at: datetime = created_field()


class Descriptor(SQLModel, table=True):
    __tablename__ = "descriptor"
    # Every write of a status rewrites each index holding it (a batch submit: 10,000 rows), so
    # none is a prefix of another: the two below also serve created_by_id, (created_by_id,
    # batch_status) and batch_status lookups.
    __table_args__ = (
        # The SA queue: one status's descriptors oldest submission first, in index order.
        sa.Index("ix_descriptor_status_queue", "batch_status", "submitted_at", "created_at", "id"),
        # My Descriptors: an SCM's section newest first by the time that fits its status.
        sa.Index(
            "ix_descriptor_creator_section_order",
            "created_by_id",
            "batch_status",
            sa.text(f"({MY_SECTION_ORDER_SQL}) DESC"),
            sa.text("created_at DESC"),
            "id",
        ),
        # An imported descriptor's (skill, code) as it came in: importing the same row twice, or
        # two imports at once, adds it once (ON CONFLICT DO NOTHING).
        sa.Index("ux_descriptor_import_key", "import_key", unique=True),
    )

    id: str = id_field()
    code: str = Field(max_length=32, nullable=False, index=True)
    criterion_name: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    score3: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    score2: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    score1: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    score0: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    source: str = Field(max_length=32, nullable=False, index=True)
    skill_names: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    sector: str | None = Field(default=None, max_length=100, index=True)
    categories: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    tags: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    schema_version: int = Field(default=1, nullable=False, index=True)
    quality_indicator: QualityIndicator = Field(
        default=QualityIndicator.NEEDS_REVIEW, sa_column=enum_column(QualityIndicator, index=True)
    )
    deleted_at: datetime | None = Field(default=None)
    deleted_by: str | None = Field(default=None, max_length=32)
    wsos_section_id: str | None = Field(
        default=None,
        sa_column=sa.Column(
            sa.String(32), sa.ForeignKey("wsos_section.id", ondelete="SET NULL"), nullable=True, index=True
        ),
    )
    batch_status: DescriptorBatchStatus | None = Field(
        default=None, sa_column=enum_column(DescriptorBatchStatus, nullable=True)
    )
    batch_id: str | None = Field(default=None, max_length=36, index=True)  # this submission's, one per submit
    previous_batch_id: str | None = Field(default=None, max_length=36)  # set: resubmitted after a return
    created_by_id: str | None = Field(default=None, sa_column=_user_fk(ondelete="SET NULL"))
    submitted_at: datetime | None = Field(default=None)
    reviewer_id: str | None = Field(default=None, sa_column=_user_fk(ondelete="SET NULL"))
    reviewed_at: datetime | None = Field(default=None)
    review_comment: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    was_modified_during_approval: bool = Field(default=False, nullable=False)
    import_key: str | None = Field(default=None, max_length=240)  # descriptor_import.import_key
    # Bumped by every write: autosave and SA decisions detect stale copies with it.
    row_version: int = Field(default=1, nullable=False)
    created_at: datetime = created_field()
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)


class DescriptorRevision(SQLModel, table=True):
    """A descriptor's text as it was when a decision was taken on it (descriptors/domain/revisions.py)."""

    __tablename__ = "descriptor_revision"
    __table_args__ = (sa.Index("ix_descriptor_revision_latest", "descriptor_id", "event", "created_at"),)

    id: str = id_field()
    descriptor_id: str = Field(
        sa_column=sa.Column(sa.String(32), sa.ForeignKey("descriptor.id", ondelete="CASCADE"), nullable=False)
    )
    event: str = Field(max_length=16, nullable=False)  # RETURNED | APPROVED
    actor_id: str | None = Field(default=None, sa_column=_user_fk(ondelete="SET NULL"))
    batch_id: str | None = Field(default=None, max_length=36)
    code: str = Field(max_length=32, nullable=False)
    criterion_name: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    score3: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    score2: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    score1: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    score0: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    tags: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    comment: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))  # the SA's, on RETURNED
    created_at: datetime = created_field()


class DescriptorFavorite(SQLModel, table=True):
    __tablename__ = "descriptor_favorite"

    user_id: str = Field(
        sa_column=sa.Column(
            sa.String(32), sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True
        )
    )
    descriptor_id: str = Field(
        sa_column=sa.Column(
            sa.String(32), sa.ForeignKey("descriptor.id", ondelete="CASCADE"), primary_key=True, index=True
        )
    )
    created_at: datetime = created_field()
