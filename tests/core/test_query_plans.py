"""The pages' queries are index ranges (issue 11): each statement a domain call sends is
EXPLAINed on SQLite and PostgreSQL, and no big table is scanned whole or sorted afterwards.

On SQLite, `SCAN idea` without an index and `USE TEMP B-TREE FOR ORDER BY` are what a million
rows make slow. PostgreSQL picks a sequential scan for a table this small whatever the indexes,
so its plans are read with `enable_seqscan` and `enable_sort` off: a Seq Scan or a Sort left in
the plan then means no index can serve the query.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from tests.factories import make_actor
from tests.ideas.draft_helpers import make_draft
from tests.ideas.review_helpers import make_idea
from workflow_app.core import audit_log
from workflow_app.core.audit import record
from workflow_app.ideas.domain import dashboard, draft_expiry, idea_queries
from workflow_app.models import AuditAction, IdeaStatus, IdeaVisibility, Role

BIG_TABLES = ("idea", "audit_log", "idea_review")


@contextmanager
def statements_sent(engine: sa.Engine) -> Iterator[list[tuple[str, Any]]]:
    sent: list[tuple[str, Any]] = []

    def remember(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            sent.append((statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", remember)
    try:
        yield sent
    finally:
        sa.event.remove(engine, "before_cursor_execute", remember)


def plan_problems(engine: sa.Engine, statement: str, parameters: Any) -> tuple[list[str], str]:
    """What in the plan would read a big table whole, and the plan as text."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
            details = [row[3] for row in cursor.fetchall()]
            problems = [d for d in details if _sqlite_full_scan(d) or "TEMP B-TREE" in d]
            return problems, "\n".join(details)
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_sort = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
        plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        nodes = list(_nodes(plan[0]["Plan"]))
        problems = [
            f"{n['Node Type']} {n.get('Relation Name', '')}".strip()
            for n in nodes
            if (n["Node Type"] == "Seq Scan" and n.get("Relation Name") in BIG_TABLES) or n["Node Type"] == "Sort"
        ]
        return problems, json.dumps(plan, indent=1)
    finally:
        raw.rollback()
        raw.close()


def _sqlite_full_scan(detail: str) -> bool:
    words = detail.split()
    return len(words) >= 2 and words[0] == "SCAN" and words[1] in BIG_TABLES and "INDEX" not in detail


def _nodes(node: dict) -> Iterator[dict]:
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


def assert_served_by_indexes(engine: sa.Engine, call: Callable[[], Any]) -> None:
    with statements_sent(engine) as sent:
        result = call()
    assert getattr(result, "ok", True), result
    assert sent, "the call sent no query"
    for statement, parameters in sent:
        problems, plan = plan_problems(engine, statement, parameters)
        assert problems == [], f"{statement}\n--- plan ---\n{plan}"


@pytest.fixture
def world(session, clock):
    author = make_actor(session, role=Role.SUBMITTER)
    admin = make_actor(session, role=Role.ADMIN)
    for i, status in enumerate([IdeaStatus.SUBMITTED, IdeaStatus.UNDER_REVIEW, IdeaStatus.ACCEPTED] * 3):
        visibility = IdeaVisibility.PRIVATE if i % 2 else IdeaVisibility.PUBLIC
        idea = make_idea(session, author, status=status, visibility=visibility, reviewer=admin)
        record(session, admin, action=AuditAction.IDEA_REVIEWED, target_type="idea", target_id=idea.id, clock=clock)
    session.commit()
    return author, admin


@pytest.mark.parametrize("category", ["", "cost-reduction"])
@pytest.mark.parametrize("role", ["submitter", "admin"])
@pytest.mark.parametrize("page", [1, 50])
def test_the_ideas_list_reads_index_ranges(engine, session, world, role, category, page):
    actor = world[0] if role == "submitter" else world[1]

    assert_served_by_indexes(engine, lambda: idea_queries.list_ideas(session, actor, page=page, category=category))


@pytest.mark.parametrize("status", [None, IdeaStatus.ACCEPTED])
def test_my_ideas_read_one_authors_range(engine, session, world, status):
    assert_served_by_indexes(engine, lambda: idea_queries.my_submitted_ideas(session, world[0], status=status))


@pytest.mark.parametrize("page", [1, 500])
def test_the_review_queue_reads_the_submitted_range(engine, session, world, page):
    assert_served_by_indexes(engine, lambda: dashboard.pending_review_queue(session, world[1], page=page))


def test_status_cards_and_the_in_review_list_read_no_idea_table_whole(engine, session, world):
    assert_served_by_indexes(engine, lambda: dashboard.status_cards(session, world[1]))
    assert_served_by_indexes(engine, lambda: dashboard.in_review_list(session, world[1]))


@pytest.mark.parametrize("action", ["", "IDEA_REVIEWED"])
def test_the_audit_log_page_reads_newest_first_by_index(engine, session, world, action):
    assert_served_by_indexes(engine, lambda: audit_log.search_audit_log(session, world[1], action=action))


@pytest.mark.parametrize("action", ["", "IDEA_REVIEWED"])
def test_the_audit_actor_search_reads_the_matching_names_by_index(engine, session, world, action):
    """The names by skip-scan, then their entries (at most the count's cap of them, sorted for the
    page): the log is never read whole, neither to find the names nor to count their entries."""
    with statements_sent(engine) as sent:
        result = audit_log.search_audit_log(session, world[1], actor_query="son", action=action)
    assert result.ok and sent
    for statement, parameters in sent:
        problems, plan = plan_problems(engine, statement, parameters)
        assert [p for p in problems if "audit_log" in p] == [], f"{statement}\n--- plan ---\n{plan}"
        assert "ix_audit_log_actor_name" in plan


def test_each_audit_export_chunk_starts_where_the_last_ended_by_index(engine, session, world, monkeypatch):
    monkeypatch.setattr(audit_log, "CSV_CHUNK", 2)
    result = audit_log.audit_csv_chunks(session, world[1], filters=audit_log.AuditFilters())

    with statements_sent(engine) as sent:
        pieces = list(result.value)
    assert len(pieces) > 2 and len(sent) > 2
    for statement, parameters in sent:
        problems, plan = plan_problems(engine, statement, parameters)
        assert problems == [], f"{statement}\n--- plan ---\n{plan}"


def test_the_purge_writes_find_their_rows_by_primary_key(engine, session, clock, world):
    """Each chunk's UPDATE / DELETE names its ids; the re-checked conditions must not steer the
    planner onto the due range (which made the purge quadratic)."""
    author = world[0]
    for i in range(3):
        make_draft(session, author, clock=clock, title=f"Old {i}", expires_at=clock.now() - timedelta(days=40))
    writes: list[tuple[str, Any]] = []

    def remember(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if statement.lstrip().upper().startswith(("UPDATE", "DELETE")):
            writes.append((statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", remember)
    try:
        draft_expiry.expire_drafts(engine, clock=clock, chunk_size=2)
        clock.advance(days=31)
        draft_expiry.expire_drafts(engine, clock=clock, chunk_size=2)
    finally:
        sa.event.remove(engine, "before_cursor_execute", remember)
    assert {w[0].split()[0].upper() for w in writes} == {"UPDATE", "DELETE"}
    for statement, parameters in writes:
        assert _uses_primary_key(engine, statement, parameters), statement


def _uses_primary_key(engine: sa.Engine, statement: str, parameters: Any) -> bool:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
            return any("sqlite_autoindex_idea_1" in row[3] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
        plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return any(n.get("Index Name") == "idea_pkey" for n in _nodes(plan[0]["Plan"]))
    finally:
        raw.rollback()
        raw.close()
