"""The library search's statements read indexes, never the descriptors whole, and My Descriptors
and the SA queue read their rows in index order (issue 11).

Each statement a search sends is EXPLAINed. PostgreSQL plans a table this small as a
sequential scan (and sorts it) whatever the indexes, so its plans are read with `enable_seqscan`
and `enable_sort` off.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from tests.core.test_query_plans import statements_sent
from tests.descriptors.descriptor_helpers import make_descriptor as make_in_status
from tests.descriptors.descriptor_helpers import make_skill
from tests.descriptors.library_helpers import make_descriptor, make_section
from tests.factories import make_actor
from workflow_app.descriptors.domain import descriptor_queries, library, library_entries, library_index
from workflow_app.models import DescriptorBatchStatus as B
from workflow_app.models import Role


@pytest.fixture(autouse=True)
def search_index(engine):
    library_index.ensure_search_index(engine)


def _nodes(node: dict) -> Iterator[dict]:
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


def explained(engine: sa.Engine, statement: str, parameters: Any, *, match_only: bool = False) -> list[str]:
    """The plan's steps: SQLite's details; PostgreSQL's node types with relation and index
    (`match_only`: the entries' other indexes dropped inside the rolled-back transaction, so the plan shows whether
    the match's own index can answer the statement; which index a table of twelve rows is read
    through is otherwise a matter of the statistics earlier tests left)."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
            return [row[3] for row in cursor.fetchall()]
        cursor.execute("SET LOCAL lock_timeout = '10s'")
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_sort = off")  # a Sort left in the plan: no index gives the order
        if match_only:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexname NOT IN (%s, %s)",
                (library_entries.ENTRY_TABLE["postgresql"], library_index.PG_SEARCH_INDEX, "descriptor_search_pkey"),
            )
            for (index,) in cursor.fetchall():
                cursor.execute(f'DROP INDEX "{index}"')
        cursor.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
        plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return [
            " ".join(str(n.get(k, "")) for k in ("Node Type", "Relation Name", "Index Name")).strip()
            for n in _nodes(plan[0]["Plan"])
        ]
    finally:
        raw.rollback()
        raw.close()


def plans_of(engine, session, actor, *, match_only: bool = False, **search) -> list[tuple[str, list[str]]]:
    with statements_sent(engine) as sent:
        assert library.search_descriptors(session, actor, **search).value.items
    session.commit()  # no lock of the reads left for `match_only`'s DROP INDEX to wait on
    return [
        (statement, explained(engine, statement, parameters, match_only=match_only)) for statement, parameters in sent
    ]


def full_scans(steps: list[str]) -> list[str]:
    """Whole-table reads of the descriptors or their entries."""
    tables = ("descriptor", *library_entries.ENTRY_TABLE.values())
    return [
        s
        for s in steps
        if (s.startswith("SCAN ") and s.split()[1] in tables and "INDEX" not in s)
        or (s.startswith("Seq Scan") and s.split()[2] in tables)
    ]


@pytest.fixture
def library_of_twelve(session):
    admin = make_actor(session, role=Role.ADMIN)
    section = make_section(session, admin)
    for n in range(12):
        make_descriptor(
            session,
            criterion_name=f"Torque setting {n}",
            categories=["Safety"],
            skill_names=["Fitting"],
            section=section,
        )
    return section


@pytest.mark.parametrize("filters", [{}, {"category": "Safety"}, {"skill": "Fitting", "quality": "GOOD"}])
def test_the_library_without_a_query_reads_the_entries_index_and_the_facet_counts(
    engine, session, library_of_twelve, filters
):
    scm = make_actor(session, role=Role.SCM)
    plans = plans_of(engine, session, scm, **filters)
    page, counts = plans[0][1], plans[1][1]

    assert any(library_entries.ENTRY_NAME_INDEX in step for step in page), page
    assert not any("TEMP B-TREE FOR ORDER BY" in step or step.startswith("Sort") for step in page), page
    by_key = (f"SEARCH {library_entries.FACET_TABLE} USING INDEX", f"{library_entries.FACET_TABLE}_pkey")
    assert any(any(k in step for k in by_key) for step in counts), counts  # the skill's range of the counts
    assert all(not full_scans(steps) for _, steps in plans), plans


def test_a_text_search_matches_once_and_never_reads_the_descriptors_whole(engine, session, library_of_twelve):
    scm = make_actor(session, role=Role.SCM)
    plans = plans_of(engine, session, scm, query="torque", category="Safety")
    matching = [steps for statement, steps in plans if "MATCH" in statement or "@@" in statement]

    assert len(matching) == 1  # one statement holds the match: page, total and facets
    steps = matching[0]
    if engine.dialect.name == "sqlite":
        assert any("VIRTUAL TABLE" in s and library_index.FTS_TABLE in s for s in steps), steps
        assert any(library_entries.ENTRY_TABLE["sqlite"] in s and "INTEGER PRIMARY KEY" in s for s in steps), steps
    else:
        # Twelve rows may be read whole through any index in name order; without the others,
        # the match's own (bitmap) index answers the statement.
        again = plans_of(engine, session, scm, match_only=True, query="torque", category="Safety")
        steps = next(steps for statement, steps in again if "@@" in statement)
        assert any(library_index.PG_SEARCH_INDEX in s for s in steps), steps
    assert not any(" descriptor " in f" {s} " for s in steps), steps  # the entries only
    assert all(not full_scans(steps) for _, steps in plans), plans


# --- the SCM's and the SA's lists ---------------------------------------------------------------


def ordered_by_index(engine, steps: list[str], index: str) -> bool:
    return any(index in s for s in steps) and not any("TEMP B-TREE FOR ORDER BY" in s or s == "Sort" for s in steps)


def test_my_descriptors_and_the_sa_queue_read_their_rows_in_index_order(engine, session):
    scm, other = make_actor(session, role=Role.SCM), make_actor(session, role=Role.SCM)
    sa_person = make_actor(session, role=Role.SA)
    make_skill(session, sa=sa_person, scm=scm)
    make_skill(session, sa=sa_person, scm=other)
    for person in (scm, other):
        for status in B:
            make_in_status(session, person, status=status)
            make_in_status(session, person, status=status)

    with statements_sent(engine) as mine:
        sections = descriptor_queries.my_descriptors(session, scm).value
    with statements_sent(engine) as queue:
        page = descriptor_queries.sa_queue(session, sa_person).value

    assert all(len(section.rows) == 2 for section in sections.values()) and len(page.items) == 4
    rows = [explained(engine, s, p) for s, p in mine if "descriptor.code" in s]
    assert len(rows) == 4 and all(ordered_by_index(engine, r, "ix_descriptor_creator_section_order") for r in rows)
    pending = [explained(engine, s, p) for s, p in queue if "descriptor.code" in s]
    assert len(pending) == 1 and ordered_by_index(engine, pending[0], "ix_descriptor_status_queue"), pending
