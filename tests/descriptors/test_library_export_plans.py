"""The library's CSV reads each chunk as a range of an index, never the library whole (issue 11).

Every statement an export sends is EXPLAINed (as test_library_plans does for the page; on
PostgreSQL with `enable_seqscan` and `enable_sort` off, since it plans a table this small as a
sequential scan and a sort whatever the indexes).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa

from tests.core.test_query_plans import statements_sent
from tests.descriptors.library_helpers import make_descriptor, make_section
from tests.descriptors.test_library_plans import explained, full_scans
from tests.factories import make_actor
from workflow_app.descriptors.domain import library_entries, library_export, library_index
from workflow_app.models import Role

CHUNK = 5  # 12 descriptors: three chunks, the later two after a bound


@pytest.fixture(autouse=True)
def search_index(engine):
    library_index.ensure_search_index(engine)


@pytest.fixture
def library_of_twelve(session, monkeypatch):
    monkeypatch.setattr(library_export, "CSV_CHUNK", CHUNK)
    admin = make_actor(session, role=Role.ADMIN)
    section = make_section(session, admin)
    for n in range(12):
        make_descriptor(
            session,
            criterion_name=f"Torque setting {n:02d}",
            categories=["Safety"],
            skill_names=["Fitting"],
            section=section,
        )
    return section


def exported_plans(engine, session, actor, **filters) -> list[tuple[str, list[str], Any]]:
    """(statement, plan steps, parameters) of each statement the whole export sent."""
    with statements_sent(engine) as sent:
        lines = "".join(library_export.library_csv_chunks(session, actor, **filters).value).splitlines()
    assert len(lines) == 1 + 12
    session.commit()  # no lock of the reads left for `match_only`'s DROP INDEX to wait on
    return [(statement, explained(engine, statement, parameters), parameters) for statement, parameters in sent]


def ranges_and_rows(plans: list[tuple[str, list[str], Any]]) -> tuple[list[Any], list[Any]]:
    """Each chunk is a range of the entries, then its descriptors by id."""
    ranges, rows = plans[0::2], plans[1::2]
    assert len(ranges) == len(rows) == 3
    assert all(" FROM descriptor " in " ".join(statement.split()) + " " for statement, *_ in rows)
    return ranges, rows


def pg_index_conditions(engine: sa.Engine, statement: str, parameters: Any) -> list[str]:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_sort = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
        plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        found, nodes = [], [plan[0]["Plan"]]
        while nodes:
            node = nodes.pop()
            found.append(str(node.get("Index Cond", "")))
            nodes.extend(node.get("Plans", []))
        return found
    finally:
        raw.rollback()
        raw.close()


def is_sort(step: str) -> bool:
    return "TEMP B-TREE FOR ORDER BY" in step or step.startswith(("Sort", "Incremental Sort"))


@pytest.mark.parametrize(
    "filters", [{}, {"category": "Safety"}, {"skill": "Fitting", "quality": "GOOD"}, {"section_id": "section"}]
)
def test_an_export_without_a_query_reads_each_chunk_off_the_entries_name_index(
    engine, session, library_of_twelve, filters
):
    filters = {k: library_of_twelve.id if v == "section" else v for k, v in filters.items()}
    scm = make_actor(session, role=Role.SCM)
    plans = exported_plans(engine, session, scm, **filters)
    ranges, rows = ranges_and_rows(plans)

    for _, steps, _ in ranges:
        assert any(library_entries.ENTRY_NAME_INDEX in step for step in steps), steps
        assert not any(is_sort(step) for step in steps), steps
    for statement, steps, parameters in ranges[1:]:  # the bound is where the index range starts
        if engine.dialect.name == "sqlite":
            assert any("(criterion_name,descriptor_id)>(?,?)" in step for step in steps), steps
        else:
            conditions = pg_index_conditions(engine, statement, parameters)
            assert any("ROW(criterion_name" in c for c in conditions), conditions
    for _, steps, _ in rows:
        assert any("sqlite_autoindex_descriptor_1 (id=?)" in s or "descriptor_pkey" in s for s in steps), steps
    assert all(not full_scans(steps) for _, steps, _ in plans), plans


def test_an_export_with_a_query_starts_each_chunk_from_the_match(engine, session, library_of_twelve):
    scm = make_actor(session, role=Role.SCM)
    plans = exported_plans(engine, session, scm, query="torque", category="Safety")
    ranges, rows = ranges_and_rows(plans)

    for statement, steps, parameters in ranges:
        assert "MATCH" in statement or "@@" in statement
        if engine.dialect.name == "sqlite":
            assert "VIRTUAL TABLE" in steps[0] and library_index.FTS_TABLE in steps[0], steps  # the match first
            assert any(library_entries.ENTRY_TABLE["sqlite"] in s and "INTEGER PRIMARY KEY" in s for s in steps), steps
        else:
            # A table of twelve rows may be read whole through any index in name order; without
            # the others, the match's own (bitmap) index answers the statement.
            steps = explained(engine, statement, parameters, match_only=True)
            assert any(library_index.PG_SEARCH_INDEX in step for step in steps), steps
        assert not any(" descriptor " in f" {step} " for step in steps), steps  # the entries only
    assert all(not full_scans(steps) for _, steps, _ in plans), plans
