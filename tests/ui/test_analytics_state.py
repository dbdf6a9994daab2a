"""/admin/analytics's state: one gateway call on load; the zero state fills every chart, the
feature off is not found, a refusal is shown."""

from __future__ import annotations

from datetime import date, timedelta

from tests.ui.helpers import run, state_of
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Ok, err
from workflow_app.ideas.domain import analytics
from workflow_app.ideas.domain.idea_rules import CATEGORIES
from workflow_app.ui.pages import analytics_state
from workflow_app.ui.pages.analytics_state import AnalyticsState, Figures

URL = "http://localhost:3000/admin/analytics"
FIRST = date(2026, 1, 1)
ZERO = analytics.IdeaAnalytics(
    by_category=[analytics.CategoryCount(slug, label, 0) for slug, label in CATEGORIES.items()],
    per_day=[analytics.DayCount(FIRST + timedelta(days=i), 0) for i in range(analytics.DAYS)],
    contributors=[],
    scoring=analytics.Scoring(averages=[], distribution=[analytics.ScoreBucket(n, 0) for n in range(1, 6)], top=[]),
)


def test_with_nothing_to_count_every_chart_still_has_its_rows_and_summary(work):
    work.value = Ok(Figures(ZERO, []))
    state = state_of(AnalyticsState, URL)

    run(state.load())

    assert [w for w, _ in work.calls] == [analytics_state._figures]
    assert (state.loaded, state.found, state.error, state.scoring_on) == (True, True, "", True)
    assert [(b.label, b.count) for b in state.by_category] == [(label, 0) for label in CATEGORIES.values()]
    assert (len(state.per_day), state.per_day[0].day, state.per_day[0].date) == (30, "1 Jan", "1 Jan 2026")
    assert [b.label for b in state.distribution] == ["1", "2", "3", "4", "5"]
    assert state.per_day_summary == "0 submissions over the last 30 days."
    assert state.category_summary.startswith("Ideas by category: Process Improvement 0; New Product/Service 0;")


def test_analytics_off_is_not_found_and_another_role_is_told_no(work):
    work.value = err(ErrorCode.FEATURE_DISABLED)
    state = state_of(AnalyticsState, URL)
    run(state.load())
    assert state.found is False

    work.value = err(ErrorCode.FORBIDDEN_ROLE)
    run(state.load())
    assert (state.found, state.error) == (True, "You don't have permission to perform this action.")
