"""The in-app notification list: written in the caller's transaction, read and marked by its owner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select, update

from workflow_app.core.actor import Actor
from workflow_app.core.clock import Clock
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Ok, Result, err
from workflow_app.models import Notification

LIST_LIMIT = 20
NOTIFICATION_NOT_FOUND = "Notification not found"


@dataclass(frozen=True)
class NotificationItem:
    id: str
    kind: str
    title: str
    body: str
    link: str
    created_at: datetime
    is_read: bool


def notify(
    session: Session, *, user_id: str, kind: str, title: str, body: str = "", link: str = "", clock: Clock
) -> Notification:
    """Adds the row to the caller's transaction; the caller commits."""
    notice = Notification(
        user_id=user_id,
        kind=kind[:40],
        title=" ".join((title or "").split())[:200],
        body=body or "",
        link=(link or "")[:300],
        created_at=clock.now(),
    )
    session.add(notice)
    return notice


def unread_count(session: Session, actor: Actor) -> int:
    return session.exec(
        select(func.count())
        .select_from(Notification)
        .where(col(Notification.user_id) == actor.user_id, col(Notification.read_at).is_(None))
    ).one()


def list_notifications(session: Session, actor: Actor, *, limit: int = LIST_LIMIT) -> list[NotificationItem]:
    """The actor's own notifications, newest first."""
    rows = session.exec(
        select(Notification)
        .where(col(Notification.user_id) == actor.user_id)
        .order_by(col(Notification.created_at).desc(), col(Notification.id).desc())
        .limit(max(1, min(limit, 100)))
    )
    return [
        NotificationItem(
            id=n.id,
            kind=n.kind,
            title=n.title,
            body=n.body,
            link=n.link,
            created_at=n.created_at,
            is_read=n.read_at is not None,
        )
        for n in rows
    ]


def mark_all_read(session: Session, actor: Actor, *, clock: Clock) -> Result[int]:
    """Marks every unread notification of the actor read; the value is how many changed."""
    changed = session.exec(
        update(Notification)
        .where(col(Notification.user_id) == actor.user_id, col(Notification.read_at).is_(None))
        .values(read_at=clock.now())
    )
    session.commit()
    return Ok(changed.rowcount)


def mark_read(session: Session, actor: Actor, *, notification_id: str, clock: Clock) -> Result[bool]:
    """One of the actor's own notifications; someone else's is as unknown as a missing one."""
    notice = session.get(Notification, notification_id or "")
    if notice is None or notice.user_id != actor.user_id:
        return err(ErrorCode.NOT_FOUND, NOTIFICATION_NOT_FOUND)
    if notice.read_at is None:
        notice.read_at = clock.now()
        session.add(notice)
        session.commit()
    return Ok(True)
