"""What the daily review digest says about ideas: the ones waiting past their review due time
(SUBMITTED since before the working-day cutoff, core/due.py) and the ones submitted since the
last digest. Read through ix_idea_status_created_id: a range of one status in time order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, func, select

from workflow_app.core.due import overdue_cutoff
from workflow_app.models import Idea, IdeaStatus

LISTED = 10  # ideas named in a digest; the count says the rest


@dataclass(frozen=True)
class Waiting:
    count: int
    titles: tuple[str, ...]  # the oldest LISTED


def _submitted(session: Session, *conditions: ColumnElement[bool]) -> Waiting:
    where = (col(Idea.status) == IdeaStatus.SUBMITTED, *conditions)
    count = session.exec(select(func.count()).select_from(Idea).where(*where)).one()
    titles = session.exec(
        select(Idea.title).where(*where).order_by(col(Idea.created_at), col(Idea.id)).limit(LISTED)
    ).all()
    return Waiting(int(count), tuple(t or "Untitled" for t in titles))


def overdue_ideas(session: Session, *, now: datetime, working_days: int) -> Waiting:
    return _submitted(session, col(Idea.created_at) <= overdue_cutoff(now, working_days))


def new_ideas(session: Session, *, since: datetime, until: datetime) -> Waiting:
    """Submitted in [since, until) and still waiting for a reviewer."""
    return _submitted(session, col(Idea.created_at) >= since, col(Idea.created_at) < until)
