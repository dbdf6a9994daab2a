"""The state of /admin/analytics (ui/pages/analytics.py): the figures of ideas and descriptors as
the charts read them, filled by one gateway call on load.

The page sits in ui/ because it shows both parts (ideas and descriptors never import each
other); the domain decides who may see it (SUPERADMIN) and that it is not found with the
feature off.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Ok, Result
from workflow_app.descriptors.domain import descriptor_analytics
from workflow_app.descriptors.domain.descriptor_analytics import SkillFigures
from workflow_app.ideas.domain import analytics
from workflow_app.ideas.domain.analytics import IdeaAnalytics
from workflow_app.ui.session import SessionState

ROUTE = "/admin/analytics"
CSV_ROUTE = "/api/admin/analytics"


@dataclass(frozen=True)
class Bar:
    label: str
    count: int


@dataclass(frozen=True)
class Day:
    day: str  # "1 Dec", the axis
    date: str  # "1 Dec 2026", the table
    count: int


@dataclass(frozen=True)
class Average:
    label: str
    average: str  # one decimal, "5.0"
    scored: int


@dataclass(frozen=True)
class Scored:
    idea_id: str
    title: str
    category: str
    score: int
    submitter: str


@dataclass(frozen=True)
class SkillRow:
    skill: str
    draft: int
    pending: int
    approved: int
    returned: int
    median: str  # "12.5 h", or "—" before any decision


@dataclass(frozen=True)
class Figures:
    ideas: IdeaAnalytics
    skills: list[SkillFigures]


def _summary(title: str, rows: list[tuple[str, object]]) -> str:
    """A chart's text alternative: its title and each value, for screen readers."""
    return f"{title}: " + "; ".join(f"{label} {value}" for label, value in rows) + "."


class AnalyticsState(SessionState):
    loaded: bool = False
    found: bool = True
    error: str = ""
    by_category: list[Bar] = []
    per_day: list[Day] = []
    contributors: list[Bar] = []
    scoring_on: bool = False
    averages: list[Average] = []
    distribution: list[Bar] = []
    top_scored: list[Scored] = []
    skills: list[SkillRow] = []

    @rx.var
    def csv_base(self) -> str:
        return self.api_origin + CSV_ROUTE

    @rx.var
    def ideas_total(self) -> int:
        return sum(bar.count for bar in self.by_category)

    @rx.var
    def submissions_total(self) -> int:
        return sum(day.count for day in self.per_day)

    @rx.var
    def scored_total(self) -> int:
        return sum(bar.count for bar in self.distribution)

    @rx.var
    def category_summary(self) -> str:
        return _summary("Ideas by category", [(b.label, b.count) for b in self.by_category])

    @rx.var
    def per_day_summary(self) -> str:
        busy = [(d.date, d.count) for d in self.per_day if d.count]
        days = f"{self.submissions_total} submissions over the last {analytics.DAYS} days"
        return _summary(days, busy) if busy else f"{days}."

    @rx.var
    def distribution_summary(self) -> str:
        return _summary("Score distribution", [(f"score {b.label}", b.count) for b in self.distribution])

    @rx.var
    def average_summary(self) -> str:
        return _summary("Average score by category", [(a.label, a.average) for a in self.averages])

    @rx.event
    async def load(self):
        call = await self._call(_figures)
        if call.signed_out:
            return
        result = call.value
        self.loaded, self.error = True, ""
        if result is None:
            return
        self.found = result.ok or result.code != ErrorCode.FEATURE_DISABLED
        if not result.ok:
            self.error = result.message
            return
        self._show(result.value)

    def _show(self, figures: Figures) -> None:
        ideas = figures.ideas
        self.by_category = [Bar(c.label, c.count) for c in ideas.by_category]
        self.per_day = [Day(f"{d.day.day} {d.day:%b}", f"{d.day.day} {d.day:%b %Y}", d.count) for d in ideas.per_day]
        self.contributors = [Bar(c.name, c.count) for c in ideas.contributors]
        self.scoring_on = ideas.scoring is not None
        scoring = ideas.scoring
        self.averages = [Average(a.label, f"{a.average:.1f}", a.scored) for a in scoring.averages] if scoring else []
        self.distribution = [Bar(str(b.score), b.count) for b in scoring.distribution] if scoring else []
        self.top_scored = (
            [Scored(s.idea_id, s.title, s.category_label, s.score, s.submitter) for s in scoring.top] if scoring else []
        )
        self.skills = [
            SkillRow(
                s.skill,
                s.draft,
                s.pending,
                s.approved,
                s.returned,
                "—" if s.median_hours is None else f"{s.median_hours} h",
            )
            for s in figures.skills
        ]


def _figures(session, actor) -> Result[Figures]:
    ideas = analytics.idea_analytics(session, actor, clock=system_clock)
    if not ideas.ok:
        return ideas
    skills = descriptor_analytics.skill_figures(session, actor)
    if not skills.ok:
        return skills
    return Ok(Figures(ideas.value, skills.value))
