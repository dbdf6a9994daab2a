"""Writing audit entries, always inside the caller's transaction (the caller commits)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from workflow_app.core.actor import Actor
from workflow_app.core.clock import Clock
from workflow_app.models import AuditAction, AuditLog


def record(
    session: Session,
    actor: Actor | None,
    *,
    action: AuditAction,
    target_type: str,
    target_id: str | None,
    target_title: str = "",
    details: dict[str, Any] | None = None,
    clock: Clock,
) -> None:
    # A plain INSERT on the session's connection: the first autosave of every editing session
    # writes one, and building a model object and flushing it cost five times the INSERT.
    session.connection().execute(
        _INSERT,
        {
            "actor_id": actor.user_id if actor else None,
            "actor_name": actor.display_name if actor else "system",
            "action": action,
            "target_type": target_type,
            "target_id": target_id,
            "target_title": (target_title or "")[:200],
            "details": details or {},
            "created_at": clock.now(),
        },
    )


# SQLModel sets __table__ on the class; its type stubs do not say so.
_AUDIT_TABLE: sa.Table = AuditLog.__table__  # type: ignore[attr-defined]
_INSERT = _AUDIT_TABLE.insert()
