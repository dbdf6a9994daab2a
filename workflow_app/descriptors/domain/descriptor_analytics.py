"""Descriptor figures for the admins' analytics (issue 15): per skill, how many of its SCM's
descriptors are draft, pending review, approved and returned, and the median time from
submission to decision.

A skill's descriptors are those of its SCM (the skill routes them to its SA, SPEC §4), not
deleted. The time to decision is read from the descriptors decided now (APPROVED or RETURNED:
`submitted_at` is the batch's submission, `reviewed_at` the SA's decision); a returned one that
its SCM has edited since is a draft again and its review fields are cleared, so it waits for its
next decision. Both figures are one statement each, grouped by the database; the median is the
middle row (or the mean of the two middle rows) of each skill's durations, found with window
functions so that it is the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session, SQLModel, func

from workflow_app.config import settings
from workflow_app.core.actor import Actor
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Ok, Result, err
from workflow_app.models import Descriptor, DescriptorBatchStatus, Skill

STATUSES = (
    DescriptorBatchStatus.DRAFT,
    DescriptorBatchStatus.PENDING_REVIEW,
    DescriptorBatchStatus.APPROVED,
    DescriptorBatchStatus.RETURNED,
)
DECIDED = (DescriptorBatchStatus.APPROVED, DescriptorBatchStatus.RETURNED)


@dataclass(frozen=True)
class SkillFigures:
    skill: str
    draft: int
    pending: int
    approved: int
    returned: int
    median_hours: float | None  # None: nothing of this skill decided yet


def skill_figures(session: Session, actor: Actor) -> Result[list[SkillFigures]]:
    """Every skill, by name, zeros included; admins only (SPEC §2), not found while analytics is off."""
    if not settings.analytics_enabled:
        return err(ErrorCode.FEATURE_DISABLED)
    if not actor.is_admin:
        return err(ErrorCode.FORBIDDEN_ROLE)
    medians = {skill_id: seconds for skill_id, seconds in session.execute(_MEDIANS)}
    return Ok(
        [
            SkillFigures(
                name,
                int(draft),
                int(pending),
                int(approved),
                int(returned),
                None if medians.get(skill_id) is None else round(float(medians[skill_id]) / 3600, 1),
            )
            for skill_id, name, draft, pending, approved, returned in session.execute(_COUNTS)
        ]
    )


def _table(model: type[SQLModel]) -> sa.Table:
    table: sa.Table = model.__table__  # type: ignore[attr-defined]
    return table


_SKILL, _DESCRIPTOR = _table(Skill), _table(Descriptor)
# A skill's descriptors: its SCM's, in the workflow (imported ones have no batch status), live.
_OF_SKILL = _SKILL.join(
    _DESCRIPTOR,
    sa.and_(
        _DESCRIPTOR.c.created_by_id == _SKILL.c.scm_id,
        _DESCRIPTOR.c.batch_status.in_(STATUSES),
        _DESCRIPTOR.c.deleted_at.is_(None),
    ),
    isouter=True,
)


def _counts() -> sa.Select[Any]:
    status = _DESCRIPTOR.c.batch_status
    counted = [func.count(sa.case((status == s, 1))) for s in STATUSES]
    return (
        sa.select(_SKILL.c.id, _SKILL.c.name, *counted)
        .select_from(_OF_SKILL)
        .group_by(_SKILL.c.id, _SKILL.c.name)
        .order_by(_SKILL.c.name)
    )


class _Seconds(FunctionElement[Any]):
    """Seconds from the first time to the second."""

    inherit_cache = True


@compiles(_Seconds)
def _seconds_pg(element: _Seconds, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"EXTRACT(EPOCH FROM ({end} - {start}))"


@compiles(_Seconds, "sqlite")
def _seconds_sqlite(element: _Seconds, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"((julianday({end}) - julianday({start})) * 86400.0)"


def _medians() -> sa.Select[Any]:
    seconds = _Seconds(_DESCRIPTOR.c.submitted_at, _DESCRIPTOR.c.reviewed_at)
    ranked = (
        sa.select(
            _SKILL.c.id.label("skill_id"),
            seconds.label("seconds"),
            func.row_number().over(partition_by=_SKILL.c.id, order_by=seconds).label("place"),
            func.count().over(partition_by=_SKILL.c.id).label("n"),
        )
        .select_from(
            _SKILL.join(
                _DESCRIPTOR,
                sa.and_(
                    _DESCRIPTOR.c.created_by_id == _SKILL.c.scm_id,
                    _DESCRIPTOR.c.batch_status.in_(DECIDED),
                    _DESCRIPTOR.c.deleted_at.is_(None),
                    _DESCRIPTOR.c.submitted_at.is_not(None),
                    _DESCRIPTOR.c.reviewed_at.is_not(None),
                ),
            )
        )
        .subquery("ranked")
    )
    # The middle place of n rows, or the two middle ones when n is even ((n+1)/2 and (n+2)/2 in
    # whole numbers).
    middle = sa.or_(ranked.c.place == (ranked.c.n + 1) // 2, ranked.c.place == (ranked.c.n + 2) // 2)
    return sa.select(ranked.c.skill_id, func.avg(ranked.c.seconds)).where(middle).group_by(ranked.c.skill_id)


_COUNTS = _counts()
_MEDIANS = _medians()
