"""Ideas per author and status, kept in step with every change instead of counted (issue 11).

Counting a million ideas for the admin's status cards, the queue's total or a person's home
tiles scans hundreds of thousands of rows; these counters are read instead. The idea workflow's
executor adjusts them in the transaction that creates or moves an idea (`tally`, given to
`Workflow`), and deleting an idea takes its count off (`adjust`), so they are exact whenever a
transaction commits, races included. One row per author and status keeps concurrent changes of
different people off one hot row; a total is a sum over at most authors × 4 rows. Drafts are
not counted: a person holds at most ten, read directly. `recount` rebuilds everything from the
ideas (the migration, the demo seed, a repair).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, delete, func, select

from workflow_app.core.workflow import Subject
from workflow_app.models import Idea, IdeaCount, IdeaStatus

COUNTED = tuple(s for s in IdeaStatus if s != IdeaStatus.DRAFT)
# SQLModel sets __table__ on the class; its type stubs do not say so.
_TABLE: sa.Table = IdeaCount.__table__  # type: ignore[attr-defined]


def adjust(session: Session, author_id: str, status: Enum | None, delta: int) -> None:
    """Adds `delta` to the author's count in `status` (nothing for drafts or no status)."""
    if status is None or status == IdeaStatus.DRAFT or delta == 0:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(_TABLE).values(author_id=author_id, status=IdeaStatus(status), n=delta)
    session.execute(
        statement.on_conflict_do_update(index_elements=["author_id", "status"], set_={"n": _TABLE.c.n + delta})
    )


def tally(session: Session, subject: Subject, source: Enum | None, target: Enum, moved: int) -> None:
    """The executor's hook: `moved` ideas of the subject's author went from `source` to `target`."""
    if subject.owner_id is None:
        raise ValueError("an idea's move needs its author to be counted")
    adjust(session, subject.owner_id, source, -moved)
    adjust(session, subject.owner_id, target, moved)


def _totals_statement(*, of_author: bool) -> sa.Select[Any]:
    """One pass over the counters, a sum per status (no grouping, so nothing is sorted)."""
    status, n = _TABLE.c.status, _TABLE.c.n
    statement = sa.select(*(func.coalesce(func.sum(sa.case((status == s, n), else_=0)), 0) for s in COUNTED))
    return statement.where(_TABLE.c.author_id == sa.bindparam("author_id")) if of_author else statement


# Built once: the dashboard and home tiles read them on every load, and building (and keying)
# the statement cost more than running it.
_TOTALS = _totals_statement(of_author=False)
_TOTALS_OF_AUTHOR = _totals_statement(of_author=True)


def status_totals(session: Session, *, author_id: str | None = None) -> dict[str, int]:
    """Ideas per counted status, everyone's or one author's; every status present, 0 if none."""
    if author_id is None:
        totals = session.execute(_TOTALS).one()
    else:
        totals = session.execute(_TOTALS_OF_AUTHOR, {"author_id": author_id}).one()
    return {status.value: int(n) for status, n in zip(COUNTED, totals, strict=True)}


def total_of(status: IdeaStatus) -> sa.ScalarSelect[Any]:
    """Everyone's ideas in one status, as a scalar subquery (for a statement that reads it along
    with its rows)."""
    return sa.select(func.coalesce(func.sum(_TABLE.c.n), 0)).where(_TABLE.c.status == status).scalar_subquery()


def recount(session: Session) -> Mapping[str, int]:
    """Rebuilds every counter from the ideas (caller commits); returns the new totals."""
    session.exec(delete(IdeaCount))
    grouped = (
        select(Idea.author_id, Idea.status, func.count())
        .where(col(Idea.status) != IdeaStatus.DRAFT)
        .group_by(Idea.author_id, Idea.status)
    )
    session.execute(_TABLE.insert().from_select(["author_id", "status", "n"], grouped))
    return status_totals(session)
