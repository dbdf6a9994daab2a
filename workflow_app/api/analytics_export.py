"""`GET /api/admin/analytics/{chart}.csv`: the figures of each chart of /admin/analytics.

404 while analytics is off (the scoring charts also while scoring is off) and for a chart that
does not exist; then csv_download's answers: 401 for nobody signed in, 403 for anyone but a
an admin (the domain's check). Each file is one small grouped query, read when streamed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response

from workflow_app.api.csv_download import csv_download, error
from workflow_app.config import settings
from workflow_app.core.actor import Actor
from workflow_app.core.clock import system_clock
from workflow_app.core.csv_export import csv_text, safe_cells
from workflow_app.core.result import Ok, Result
from workflow_app.descriptors.domain import descriptor_analytics
from workflow_app.ideas.domain import analytics

ROUTE = "/api/admin/analytics/{chart}.csv"
Rows = Callable[[Session, Actor], Result[Sequence[Any]]]

# chart → (its figures, the CSV's header, one record of a figure, a scoring chart)
CHARTS: dict[str, tuple[Rows, tuple[str, ...], Callable[[Any], tuple[object, ...]], bool]] = {
    "ideas-by-category": (
        analytics.ideas_by_category,
        ("category", "label", "ideas"),
        lambda c: (c.category, c.label, c.count),
        False,
    ),
    "submissions-per-day": (
        lambda session, actor: analytics.submissions_per_day(session, actor, clock=system_clock),
        ("day", "submissions"),
        lambda d: (d.day.isoformat(), d.count),
        False,
    ),
    "top-contributors": (analytics.top_contributors, ("contributor", "ideas"), lambda c: (c.name, c.count), False),
    "score-distribution": (analytics.score_distribution, ("score", "ideas"), lambda b: (b.score, b.count), True),
    "average-score-by-category": (
        analytics.average_score_by_category,
        ("category", "label", "average_score", "scored_ideas"),
        lambda a: (a.category, a.label, f"{a.average:.1f}", a.scored),
        True,
    ),
    "top-scored-ideas": (
        analytics.top_scored_ideas,
        ("idea_id", "title", "category", "score", "submitter"),
        lambda s: (s.idea_id, s.title, s.category_label, s.score, s.submitter),
        True,
    ),
    "descriptors-by-skill": (
        descriptor_analytics.skill_figures,
        ("skill", "draft", "pending_review", "approved", "returned", "median_hours_to_decision"),
        lambda s: (s.skill, s.draft, s.pending, s.approved, s.returned, s.median_hours),
        False,
    ),
}


def _no_filters(_params: Mapping[str, str]) -> dict[str, str]:
    return {}


def export_chart_csv(request: Request) -> Response:
    chart = str(request.path_params.get("chart", ""))
    found = CHARTS.get(chart)
    if not settings.analytics_enabled or found is None or (found[3] and not settings.scoring_enabled):
        return error(404, "Not found")
    rows, header, record, _ = found

    def chunks(session: Session, actor: Actor, _filters: dict[str, str]) -> Result[Iterator[str]]:
        refused = analytics.refusal(actor)  # before anything is read
        return refused or Ok(_pieces(session, actor, rows, header, record))

    return csv_download(request, name=f"analytics-{chart}", read=_no_filters, chunks=chunks)


def _pieces(
    session: Session, actor: Actor, rows: Rows, header: tuple[str, ...], record: Callable[[Any], tuple[object, ...]]
) -> Iterator[str]:
    figures = rows(session, actor)
    yield csv_text([header])
    if figures.ok:
        yield csv_text(safe_cells(record(figure)) for figure in figures.value)
