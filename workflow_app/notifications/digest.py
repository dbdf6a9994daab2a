"""The daily review digest (issue 13): one e-mail (and inbox row) to each reviewer with
something waiting: admins hear of the ideas past their review due time and, when NEW_IDEA_MAIL
is "digest", of the ideas submitted in the last day; each SA of their descriptors past due.

jobs.py runs it once a day (its own claim, so the daily job and the CLI never both send);
nothing here decides who may review: the digest only tells people what their queues show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from workflow_app.config import settings
from workflow_app.core.clock import Clock
from workflow_app.descriptors.domain import reminders as descriptor_reminders
from workflow_app.ideas.domain import reminders as idea_reminders
from workflow_app.models import Role, User
from workflow_app.notifications import messages
from workflow_app.notifications.events import _deliver, _Delivery

ADMIN_QUEUE_PATH = "/admin"


@dataclass(frozen=True)
class DigestReport:
    admins: int  # digests sent to admins
    advisors: int  # digests sent to SAs

    def as_dict(self) -> dict[str, int]:
        return {"admins": self.admins, "advisors": self.advisors}


def _active(session: Session, *conditions: ColumnElement[bool]) -> list[User]:
    return list(
        session.exec(select(User).where(col(User.deactivated_at).is_(None), *conditions).order_by(col(User.id)))
    )


def send_review_digests(engine: Engine, *, clock: Clock) -> DigestReport:
    now, due_days = clock.now(), settings.review_due_working_days
    with Session(engine) as session:
        overdue = idea_reminders.overdue_ideas(session, now=now, working_days=due_days)
        fresh = idea_reminders.Waiting(0, ())
        if settings.new_idea_mail == "digest":
            fresh = idea_reminders.new_ideas(session, since=now - timedelta(days=1), until=now)
        deliveries = []
        if overdue.count or fresh.count:
            letter = messages.review_digest(
                overdue=overdue.count,
                overdue_items=overdue.titles,
                new_ideas=fresh.count,
                new_items=fresh.titles,
                path=ADMIN_QUEUE_PATH,
                what="idea",
            )
            admins = _active(session, col(User.role).in_([Role.ADMIN, Role.SUPERADMIN]))
            deliveries += [_Delivery(a.id, a.email, letter) for a in admins]
        admin_count = len(deliveries)
        by_advisor = descriptor_reminders.overdue_by_advisor(session, now=now, working_days=due_days)
        if by_advisor:
            for advisor in _active(session, col(User.id).in_(list(by_advisor)), col(User.role) == Role.SA):
                waiting = by_advisor[advisor.id]
                letter = messages.review_digest(
                    overdue=waiting.count,
                    overdue_items=waiting.lines,
                    new_ideas=0,
                    new_items=(),
                    path=messages.SA_QUEUE_PATH,
                    what="descriptor",
                )
                deliveries.append(_Delivery(advisor.id, advisor.email, letter))
        _deliver(session, deliveries, clock)
    return DigestReport(admin_count, len(deliveries) - admin_count)
