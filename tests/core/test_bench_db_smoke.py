"""bench/db.py at its small size: every scenario runs, gives rows and a plan, and its raw replay
runs too. Times are printed by the bench, never asserted here (bench/README.md)."""

from __future__ import annotations

import pytest

from bench import db
from bench.db_data import SMALL


@pytest.fixture(params=["sqlite", "postgres"])
def empty_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'bench.db'}"
    return request.getfixturevalue("fresh_postgres_url")


def test_every_database_bench_scenario_runs_with_rows_and_a_plan(empty_url):
    run = db.run_database("smoke", empty_url, SMALL, repeats=1)

    assert len(run.results) >= 19
    assert len({m.name for m in run.results}) == len(run.results)
    for measured in run.results:
        assert measured.rows > 0, measured.name
        assert measured.statements > 0, measured.name
        assert measured.plan, measured.name
        assert len(measured.domain) == len(measured.raw) == 1, measured.name
    notes = {m.name.split(" (")[0]: m.note for m in run.results if m.note}
    assert "peak memory" in notes["audit CSV export"]
    assert "longest chunk" in notes["draft purge"]
    assert [what for what, _, _ in run.generation][:2] == ["schema (alembic upgrade head)", "users, sections, skills"]
