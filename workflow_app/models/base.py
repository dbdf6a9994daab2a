"""Shared column helpers for the tables."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field


def new_id() -> str:
    return uuid.uuid4().hex


def utcnow() -> datetime:
    """Aware UTC; SQLModel's datetime columns store and return UTC on both databases."""
    return datetime.now(UTC)


def enum_column(enum_cls: type[Enum], *, nullable: bool = False, index: bool = False) -> sa.Column[Any]:
    """A VARCHAR column holding the enum's value (portable across SQLite and PostgreSQL)."""
    return sa.Column(
        sa.Enum(
            enum_cls,
            native_enum=False,
            length=32,
            values_callable=lambda e: [m.value for m in e],
            validate_strings=True,
            create_constraint=False,
        ),
        nullable=nullable,
        index=index,
    )


def id_field() -> str:
    field: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    return field


def created_field() -> datetime:
    field: datetime = Field(default_factory=utcnow, nullable=False)
    return field
