"""/admin/analytics — the admins' charts of ideas and descriptors (ORIGINS C13, issue 15).

Each chart has a text alternative (its summary as the chart's label, and its figures as a
visually hidden table), its figures as a CSV download, and a zero state that still draws
(five categories, thirty days and five score buckets at 0).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from workflow_app.config import settings
from workflow_app.ideas.domain import analytics
from workflow_app.ui.components.forms import form_error
from workflow_app.ui.components.layout import ADMIN_ROLES, page
from workflow_app.ui.components.listing import loading_skeleton
from workflow_app.ui.pages.analytics_state import ROUTE
from workflow_app.ui.pages.analytics_state import AnalyticsState as S
from workflow_app.ui.pages.not_found import not_found_view
from workflow_app.ui.session import SessionState

ACCENT = "var(--accent-9)"
CHART_HEIGHT = 260
AXIS_TICK = {"fontSize": 12}


def _rows(figures: rx.Var) -> rx.Var:
    """A list of figures as the chart's rows (records of its fields)."""
    return figures.to(list[dict[str, Any]])


def _download(chart: str) -> rx.Component:
    return rx.link(
        rx.hstack(rx.icon("download", size=16), "Download CSV", align="center", spacing="2"),
        href=S.csv_base + f"/{chart}.csv",
        download=True,
        reload_document=True,
        size="2",
        aria_label=f"Download CSV of {chart.replace('-', ' ')}",
    )


def _card(title: str, chart: str, *body: rx.Component) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(title, size="4", as_="h2"),
                rx.spacer(),
                _download(chart),
                align="center",
                width="100%",
                wrap="wrap",
            ),
            *body,
            spacing="3",
            width="100%",
        ),
        width="100%",
        min_width="0",
    )


def _drawn(summary: rx.Var, chart: rx.Component) -> rx.Component:
    """The chart as one image to a screen reader, named by its summary."""
    return rx.box(chart, role="img", aria_label=summary, width="100%", height=f"{CHART_HEIGHT}px")


def _table(headers: tuple[str, ...], rows: rx.Var, cells: Callable[[Any], list[Any]], **props: Any) -> rx.Component:
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
        rx.table.body(
            rx.foreach(
                rows,
                lambda row: rx.table.row(
                    rx.table.row_header_cell(cells(row)[0]), *[rx.table.cell(c) for c in cells(row)[1:]]
                ),
            )
        ),
        size="1",
        width="100%",
        **props,
    )


def _hidden_table(headers: tuple[str, ...], rows: rx.Var, cells: Callable[[Any], list[Any]]) -> rx.Component:
    """The chart's figures for screen readers (and the CSV's columns), not shown."""
    return rx.box(_table(headers, rows, cells), class_name="visually-hidden")


def _by_category() -> rx.Component:
    chart = rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", horizontal=False),
        rx.recharts.x_axis(type_="number", allow_decimals=False, tick=AXIS_TICK),
        rx.recharts.y_axis(data_key="label", type_="category", width=120, tick=AXIS_TICK, interval=0),
        rx.recharts.bar(data_key="count", name="Ideas", fill=ACCENT, is_animation_active=False),
        rx.recharts.graphing_tooltip(),
        data=_rows(S.by_category),
        layout="vertical",
        margin={"left": 0, "right": 16, "top": 4, "bottom": 4},
        width="100%",
        height=CHART_HEIGHT,
    )
    return _card(
        "Ideas by Category",
        "ideas-by-category",
        rx.text(S.ideas_total.to_string() + " ideas, drafts not counted", size="2", color_scheme="gray"),
        _drawn(S.category_summary, chart),
        _hidden_table(("Category", "Ideas"), S.by_category, lambda b: [b.label, b.count]),
    )


def _per_day() -> rx.Component:
    chart = rx.recharts.line_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
        rx.recharts.x_axis(data_key="day", tick=AXIS_TICK, interval="preserveStartEnd", min_tick_gap=16),
        rx.recharts.y_axis(allow_decimals=False, tick=AXIS_TICK, width=32),
        rx.recharts.line(
            data_key="count", name="Submissions", stroke=ACCENT, stroke_width=2, dot=False, is_animation_active=False
        ),
        rx.recharts.graphing_tooltip(),
        data=_rows(S.per_day),
        margin={"left": 0, "right": 16, "top": 4, "bottom": 4},
        width="100%",
        height=CHART_HEIGHT,
    )
    return _card(
        "Submissions per Day",
        "submissions-per-day",
        rx.text(
            S.submissions_total.to_string() + f" in the last {analytics.DAYS} days (UTC)", size="2", color_scheme="gray"
        ),
        _drawn(S.per_day_summary, chart),
        _hidden_table(("Day", "Submissions"), S.per_day, lambda d: [d.date, d.count]),
    )


def _contributors() -> rx.Component:
    return _card(
        f"Top {analytics.TOP_CONTRIBUTORS} Contributors",
        "top-contributors",
        rx.cond(
            S.contributors.length() > 0,
            rx.el.ol(
                rx.foreach(
                    S.contributors,
                    lambda c: rx.el.li(
                        rx.hstack(
                            rx.text(c.label, weight="medium", class_name="break-anywhere"),
                            rx.spacer(),
                            rx.badge(c.count.to_string() + rx.cond(c.count == 1, " idea", " ideas"), variant="soft"),
                            align="center",
                            width="100%",
                        ),
                        class_name="contributor",
                    ),
                ),
                class_name="contributors",
            ),
            rx.text("No ideas yet.", color_scheme="gray"),
        ),
    )


def _distribution() -> rx.Component:
    chart = rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
        rx.recharts.x_axis(data_key="label", tick=AXIS_TICK),
        rx.recharts.y_axis(allow_decimals=False, tick=AXIS_TICK, width=32),
        rx.recharts.bar(data_key="count", name="Ideas", fill=ACCENT, is_animation_active=False),
        rx.recharts.graphing_tooltip(),
        data=_rows(S.distribution),
        margin={"left": 0, "right": 16, "top": 4, "bottom": 4},
        width="100%",
        height=CHART_HEIGHT,
    )
    return _card(
        "Score Distribution",
        "score-distribution",
        rx.cond(S.scored_total == 0, rx.text(analytics.NO_SCORES_YET, color_scheme="gray")),
        _drawn(S.distribution_summary, chart),
        _hidden_table(("Score", "Ideas"), S.distribution, lambda b: [b.label, b.count]),
    )


def _averages() -> rx.Component:
    return _card(
        "Average Score by Category",
        "average-score-by-category",
        rx.cond(
            S.averages.length() > 0,
            _table(
                ("Category", "Average score", "Scored ideas"),
                S.averages,
                lambda a: [a.label, a.average, a.scored],
                aria_label=S.average_summary,
            ),
            rx.text(analytics.NO_SCORES_YET, color_scheme="gray"),
        ),
    )


def _top_scored() -> rx.Component:
    return _card(
        "Top Scored Ideas",
        "top-scored-ideas",
        rx.cond(
            S.top_scored.length() > 0,
            rx.box(
                _table(
                    ("Title", "Category", "Score", "Submitter"),
                    S.top_scored,
                    lambda s: [
                        rx.link(s.title, href="/ideas/" + s.idea_id, class_name="break-anywhere"),
                        s.category,
                        s.score.to_string() + " / 5",
                        s.submitter,
                    ],
                ),
                overflow_x="auto",
                width="100%",
            ),
            rx.text(analytics.NO_SCORED_IDEAS, color_scheme="gray"),
        ),
    )


def _skills() -> rx.Component:
    return _card(
        "Descriptors by Skill",
        "descriptors-by-skill",
        rx.cond(
            S.skills.length() > 0,
            rx.box(
                _table(
                    ("Skill", "Draft", "Pending review", "Approved", "Returned", "Median time to decision"),
                    S.skills,
                    lambda s: [s.skill, s.draft, s.pending, s.approved, s.returned, s.median],
                ),
                overflow_x="auto",
                width="100%",
            ),
            rx.text("No skills yet.", color_scheme="gray"),
        ),
    )


def _figures() -> rx.Component:
    grid = {"columns": rx.breakpoints(initial="1", md="2"), "spacing": "4", "width": "100%"}
    return rx.vstack(
        rx.grid(_by_category(), _per_day(), _contributors(), **grid),
        rx.cond(
            S.scoring_on,
            rx.vstack(
                rx.heading("Scores", size="6", as_="h2"),
                rx.grid(_distribution(), _averages(), **grid),
                _top_scored(),
                spacing="4",
                width="100%",
            ),
        ),
        rx.heading("Descriptors", size="6", as_="h2"),
        _skills(),
        spacing="5",
        width="100%",
    )


def _content() -> rx.Component:
    return rx.vstack(
        rx.heading("Analytics", size="8"),
        rx.cond(S.loaded, rx.cond(S.error != "", form_error(S.error), _figures()), loading_skeleton()),
        spacing="4",
        width="100%",
    )


@rx.page(route=ROUTE, title="Analytics · Workflow", on_load=[SessionState.require_signed_in, S.load])
def analytics_page() -> rx.Component:
    if not settings.analytics_enabled:  # not found for everyone, admins included
        return page(not_found_view())
    return page(rx.cond(S.found, _content(), not_found_view()), roles=ADMIN_ROLES)
