"""People, their server-side sessions and the counters behind the rate limits."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from workflow_app.models.base import created_field, enum_column, id_field, utcnow
from workflow_app.models.enums import Role


class User(SQLModel, table=True):
    __tablename__ = "user_account"

    id: str = id_field()
    email: str = Field(max_length=255, sa_column_kwargs={"unique": True}, nullable=False)
    display_name: str = Field(max_length=100, nullable=False)
    password_hash: str = Field(max_length=100, nullable=False)
    role: Role = Field(default=Role.SUBMITTER, sa_column=enum_column(Role))
    # Set when a SUPERADMIN deactivates the account: no sign-in, no session works.
    deactivated_at: datetime | None = Field(default=None)
    # Set when the person opened the link mailed at registration (or proved the address by a
    # password reset); accounts made without verification get it at creation.
    email_verified_at: datetime | None = Field(default=None)
    created_at: datetime = created_field()
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)


class AuthSession(SQLModel, table=True):
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is stored."""

    __tablename__ = "auth_session"

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: str = Field(
        sa_column=sa.Column(
            sa.String(32), sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    created_at: datetime = created_field()
    expires_at: datetime = Field(nullable=False)
    revoked_at: datetime | None = Field(default=None)


class LoginTicket(SQLModel, table=True):
    """A single-use, short-lived hand-off from a successful sign-in to the cookie route."""

    __tablename__ = "login_ticket"

    ticket_hash: str = Field(primary_key=True, max_length=64)
    user_id: str = Field(
        sa_column=sa.Column(sa.String(32), sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False)
    )
    expires_at: datetime = Field(nullable=False)
    used_at: datetime | None = Field(default=None)


class RateEvent(SQLModel, table=True):
    """One counted attempt for a sliding-window limit (login per email, draft saves per user)."""

    __tablename__ = "rate_event"
    __table_args__ = (sa.Index("ix_rate_event_key_at", "key", "at"), sa.Index("ix_rate_event_at", "at"))

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=300, nullable=False)
    at: datetime = Field(nullable=False)


class EmailToken(SQLModel, table=True):
    """A single-use link mailed to a person (verify the address, reset the password).
    The link carries a random token; only its SHA-256 is stored."""

    __tablename__ = "email_token"

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: str = Field(
        sa_column=sa.Column(
            sa.String(32), sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    purpose: str = Field(max_length=16, nullable=False)
    created_at: datetime = created_field()
    expires_at: datetime = Field(nullable=False)
    used_at: datetime | None = Field(default=None)
