"""The admins' analytics of ideas (ORIGINS C13, issue 15): ideas by category, submissions
per day over the last 30 days, the top contributors, and the scoring widgets.

Every figure is one GROUP BY the database does; Python only fills in the zeros (five categories,
thirty days, five score buckets). Drafts are never counted. Contributors are read from the
maintained counters (idea_counts.py: one row per author and status) rather than by counting the
ideas; submissions per day are a range of ix_idea_status_created_id for each counted status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session, SQLModel, func

from workflow_app.config import settings
from workflow_app.core.actor import Actor
from workflow_app.core.clock import Clock
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok, Result, err
from workflow_app.ideas.domain import blind_review
from workflow_app.ideas.domain.idea_counts import COUNTED
from workflow_app.ideas.domain.idea_rules import CATEGORIES, category_label
from workflow_app.models import Idea, IdeaCount, IdeaScore, IdeaStatus, User

DAYS = 30
TOP_CONTRIBUTORS = 5
TOP_SCORED = 5
SCORES = (1, 2, 3, 4, 5)
# ORIGINS C13's empty texts: the top-scored list's, and the score charts'.
NO_SCORED_IDEAS = "No scored ideas yet."
NO_SCORES_YET = "No scored ideas yet. Scores will appear after decisions are finalized."


@dataclass(frozen=True)
class CategoryCount:
    category: str
    label: str
    count: int


@dataclass(frozen=True)
class DayCount:
    day: date
    count: int


@dataclass(frozen=True)
class Contributor:
    name: str
    count: int


@dataclass(frozen=True)
class CategoryAverage:
    category: str
    label: str
    average: float  # one decimal, half up
    scored: int


@dataclass(frozen=True)
class ScoreBucket:
    score: int
    count: int


@dataclass(frozen=True)
class ScoredIdea:
    idea_id: str
    title: str
    category_label: str
    score: int
    submitter: str


@dataclass(frozen=True)
class Scoring:
    averages: list[CategoryAverage]
    distribution: list[ScoreBucket]
    top: list[ScoredIdea]


@dataclass(frozen=True)
class IdeaAnalytics:
    by_category: list[CategoryCount]
    per_day: list[DayCount]
    contributors: list[Contributor]
    scoring: Scoring | None  # None while scoring is off


def refusal(actor: Actor, *, scoring: bool = False) -> Err | None:
    """Why this actor gets no analytics: the feature off (not found), or not an admin (SPEC §2
    gives analytics to ADMIN and SUPERADMIN, over ORIGINS' SUPERADMIN only); a scoring figure also
    needs scoring on."""
    if not settings.analytics_enabled or (scoring and not settings.scoring_enabled):
        return err(ErrorCode.FEATURE_DISABLED)
    if not actor.is_admin:
        return err(ErrorCode.FORBIDDEN_ROLE)
    return None


def idea_analytics(session: Session, actor: Actor, *, clock: Clock) -> Result[IdeaAnalytics]:
    """Everything /admin/analytics shows of ideas, in one call."""
    refused = refusal(actor)
    if refused:
        return refused
    scoring = None
    if settings.scoring_enabled:
        scoring = Scoring(_averages(session), _distribution(session), _top_scored(session, actor))
    return Ok(IdeaAnalytics(_by_category(session), _per_day(session, clock), _contributors(session), scoring))


def ideas_by_category(session: Session, actor: Actor) -> Result[list[CategoryCount]]:
    return refusal(actor) or Ok(_by_category(session))


def submissions_per_day(session: Session, actor: Actor, *, clock: Clock) -> Result[list[DayCount]]:
    return refusal(actor) or Ok(_per_day(session, clock))


def top_contributors(session: Session, actor: Actor) -> Result[list[Contributor]]:
    return refusal(actor) or Ok(_contributors(session))


def average_score_by_category(session: Session, actor: Actor) -> Result[list[CategoryAverage]]:
    return refusal(actor, scoring=True) or Ok(_averages(session))


def score_distribution(session: Session, actor: Actor) -> Result[list[ScoreBucket]]:
    return refusal(actor, scoring=True) or Ok(_distribution(session))


def top_scored_ideas(session: Session, actor: Actor) -> Result[list[ScoredIdea]]:
    return refusal(actor, scoring=True) or Ok(_top_scored(session, actor))


def _table(model: type[SQLModel]) -> sa.Table:
    table: sa.Table = model.__table__  # type: ignore[attr-defined]
    return table


_IDEA, _USER, _COUNT, _SCORE = _table(Idea), _table(User), _table(IdeaCount), _table(IdeaScore)
# "status IN (the four)" rather than "<> DRAFT": an index led by status is then read as four
# ranges instead of whole.
_NOT_DRAFT = _IDEA.c.status.in_(COUNTED)


def _by_category(session: Session) -> list[CategoryCount]:
    statement = sa.select(_IDEA.c.category, func.count()).where(_NOT_DRAFT).group_by(_IDEA.c.category)
    counts = {category: int(n) for category, n in session.execute(statement)}
    return [CategoryCount(slug, label, counts.get(slug, 0)) for slug, label in CATEGORIES.items()]


class _UTCDay(FunctionElement[Any]):
    """A stored time's calendar day in UTC, as 'YYYY-MM-DD' (SQLite) or a date (PostgreSQL)."""

    inherit_cache = True


@compiles(_UTCDay)
def _utc_day_pg(element: _UTCDay, compiler: Any, **kw: Any) -> str:
    return f"date(timezone('UTC', {compiler.process(element.clauses, **kw)}))"


@compiles(_UTCDay, "sqlite")
def _utc_day_sqlite(element: _UTCDay, compiler: Any, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"  # stored as UTC text already


def _per_day(session: Session, clock: Clock) -> list[DayCount]:
    """Every one of the last 30 days up to today (UTC), zeros included."""
    today = clock.now().astimezone(UTC).date()
    first = today - timedelta(days=DAYS - 1)
    start = datetime.combine(first, time(0), UTC)
    day = _UTCDay(_IDEA.c.created_at)
    statement = (
        sa.select(day, func.count())
        .where(_NOT_DRAFT, _IDEA.c.created_at >= start, _IDEA.c.created_at < start + timedelta(days=DAYS))
        .group_by(day)
    )
    counts = {date.fromisoformat(str(d)[:10]): int(n) for d, n in session.execute(statement)}
    return [DayCount(first + timedelta(days=i), counts.get(first + timedelta(days=i), 0)) for i in range(DAYS)]


def _contributors(session: Session) -> list[Contributor]:
    """The five authors with the most ideas (drafts are not counted), most first, then by name."""
    total = func.sum(_COUNT.c.n)
    statement = (
        sa.select(_USER.c.display_name, total.label("total"))
        .select_from(_COUNT.join(_USER, _USER.c.id == _COUNT.c.author_id))
        .group_by(_USER.c.id, _USER.c.display_name)
        .having(total > 0)
        .order_by(total.desc(), _USER.c.display_name, _USER.c.id)
        .limit(TOP_CONTRIBUTORS)
    )
    return [Contributor(name or blind_review.UNKNOWN, int(n)) for name, n in session.execute(statement)]


def _one_decimal(total: int, count: int) -> float:
    return float((Decimal(total) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _averages(session: Session) -> list[CategoryAverage]:
    """Categories with at least one scored idea, in the categories' order."""
    statement = (
        sa.select(_IDEA.c.category, func.sum(_SCORE.c.score), func.count())
        .select_from(_SCORE.join(_IDEA, _IDEA.c.id == _SCORE.c.idea_id))
        .group_by(_IDEA.c.category)
    )
    found = {category or "": (int(total), int(n)) for category, total, n in session.execute(statement)}
    order = [*CATEGORIES, *sorted(c for c in found if c not in CATEGORIES)]
    return [
        CategoryAverage(c, category_label(c), _one_decimal(*found[c]), found[c][1])
        for c in order
        if c in found and found[c][1] > 0
    ]


def _distribution(session: Session) -> list[ScoreBucket]:
    statement = sa.select(_SCORE.c.score, func.count()).group_by(_SCORE.c.score)
    counts = {int(score): int(n) for score, n in session.execute(statement)}
    return [ScoreBucket(score, counts.get(score, 0)) for score in SCORES]


def _top_scored(session: Session, actor: Actor) -> list[ScoredIdea]:
    """At most five ACCEPTED ideas, highest score first (ties: the latest decision first), the
    submitter's name as blind review lets this reader see it."""
    statement = (
        sa.select(
            _IDEA.c.id,
            _IDEA.c.title,
            _IDEA.c.category,
            _IDEA.c.status,
            _IDEA.c.author_id,
            _USER.c.display_name,
            _SCORE.c.score,
        )
        .select_from(_SCORE.join(_IDEA, _IDEA.c.id == _SCORE.c.idea_id).join(_USER, _USER.c.id == _IDEA.c.author_id))
        .where(_IDEA.c.status == IdeaStatus.ACCEPTED)
        .order_by(_SCORE.c.score.desc(), _SCORE.c.recorded_at.desc(), _IDEA.c.id)
        .limit(TOP_SCORED)
    )
    rows = session.execute(statement).all()
    blind = blind_review.blind_categories(session) if rows else frozenset()
    return [
        ScoredIdea(
            idea_id,
            title or "Untitled",
            category_label(category),
            int(score),
            blind_review.author_name(actor, status=status, author_id=author_id, name=name, blind=category in blind),
        )
        for idea_id, title, category, status, author_id, name, score in rows
    ]
