"""`GET /api/admin/analytics/{chart}.csv`: each chart's figures of /admin/analytics, for the
admins only (SPEC §2)."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest

from tests.api.test_audit_export import ADMIN, SUBMITTER, _client, _signed_in
from workflow_app.api import analytics_export
from workflow_app.ideas.domain.idea_rules import CATEGORIES

SUPERADMIN = "superadmin@example.com"
CHARTS = sorted(analytics_export.CHARTS)


def _url(chart: str) -> str:
    return f"/api/admin/analytics/{chart}.csv"


@pytest.fixture(scope="module")
def clients(app_database):
    return {
        "anonymous": _client(),
        "submitter": _signed_in(SUBMITTER),
        "admin": _signed_in(ADMIN),
        "superadmin": _signed_in(SUPERADMIN),
    }


@pytest.mark.parametrize("chart", CHARTS)
def test_each_chart_downloads_for_admins_only(clients, chart):
    answers = {who: client.get(_url(chart)) for who, client in clients.items()}

    assert {who: a.status_code for who, a in answers.items()} == {
        "anonymous": 401,
        "submitter": 403,
        "admin": 200,
        "superadmin": 200,
    }
    assert answers["submitter"].json() == {"error": "Forbidden"}
    done = answers["superadmin"]
    assert done.headers["content-type"].startswith("text/csv")
    assert done.headers["content-disposition"].startswith(f'attachment; filename="analytics-{chart}-')
    rows = list(csv.reader(io.StringIO(done.text)))
    assert tuple(rows[0]) == analytics_export.CHARTS[chart][1]


def test_the_category_file_has_all_five_categories_and_the_days_file_thirty_days(clients):
    categories = list(csv.DictReader(io.StringIO(clients["superadmin"].get(_url("ideas-by-category")).text)))
    days = list(csv.DictReader(io.StringIO(clients["superadmin"].get(_url("submissions-per-day")).text)))

    assert [row["category"] for row in categories] == list(CATEGORIES)
    assert all(row["ideas"].isdigit() for row in categories)
    assert len(days) == 30 and days == sorted(days, key=lambda row: row["day"])


def test_an_unknown_chart_and_analytics_off_are_not_found(clients, monkeypatch):
    assert clients["superadmin"].get(_url("secrets")).status_code == 404

    settings = analytics_export.settings
    monkeypatch.setattr(analytics_export, "settings", replace(settings, scoring_enabled=False))
    assert clients["superadmin"].get(_url("score-distribution")).status_code == 404
    assert clients["superadmin"].get(_url("ideas-by-category")).status_code == 200

    monkeypatch.setattr(analytics_export, "settings", replace(settings, analytics_enabled=False))
    assert clients["anonymous"].get(_url("ideas-by-category")).json() == {"error": "Not found"}
