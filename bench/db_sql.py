"""What the database benchmark does with a domain call's SQL: capture it, replay it raw, explain it.

"Raw" is exactly the statements (and parameters) the domain emitted in one run, caught by
SQLAlchemy's `before_cursor_execute`, replayed on the DBAPI connection with every row fetched;
commits happen where the domain committed. The ratio domain / raw is then what the domain adds
over its own SQL (ORM, sessions, result objects), and the raw time says how good the plan is.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

BIG_TABLES = frozenset({"idea", "idea_review", "audit_log", "descriptor", "descriptor_fts_ids"})


@dataclass(frozen=True)
class Call:
    statement: str
    parameters: Any
    many: bool

    @property
    def explainable(self) -> bool:  # reads, and the writes that must find their rows
        return self.statement.lstrip().upper().startswith(("SELECT", "WITH", "UPDATE", "DELETE"))


COMMIT = Call("COMMIT", None, False)


@dataclass
class Transactions:
    """How long each transaction took, begin to commit (the purge's chunks)."""

    durations: list[float] = field(default_factory=list)
    _started: float | None = None

    def begin(self, *_: Any) -> None:
        self._started = time.perf_counter()

    def commit(self, *_: Any) -> None:
        if self._started is not None:
            self.durations.append(time.perf_counter() - self._started)
            self._started = None


@contextmanager
def listening(engine: sa.Engine, listeners: dict[str, Callable[..., None]]) -> Iterator[None]:
    for name, listener in listeners.items():
        sa.event.listen(engine, name, listener)
    try:
        yield
    finally:
        for name, listener in listeners.items():
            sa.event.remove(engine, name, listener)


@contextmanager
def capturing(engine: sa.Engine) -> Iterator[list[Call]]:
    """Every statement the engine sends while inside, with COMMIT where a transaction committed."""
    calls: list[Call] = []

    def before(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, many: bool) -> None:
        calls.append(Call(statement, parameters, many))

    with listening(engine, {"before_cursor_execute": before, "commit": lambda _conn: calls.append(COMMIT)}):
        yield calls


@contextmanager
def timing_transactions(engine: sa.Engine) -> Iterator[Transactions]:
    found = Transactions()
    with listening(engine, {"begin": found.begin, "commit": found.commit}):
        yield found


def replay(engine: sa.Engine, calls: list[Call], transactions: Transactions | None = None) -> int:
    """The calls on one raw DBAPI connection, fetching everything; returns the rows read."""
    conn = engine.raw_connection()
    rows = 0
    try:
        cursor = conn.driver_connection.cursor()
        started = time.perf_counter()
        for call in calls:
            if call is COMMIT:
                conn.commit()
                if transactions is not None:
                    transactions.durations.append(time.perf_counter() - started)
                started = time.perf_counter()
                continue
            (cursor.executemany if call.many else cursor.execute)(call.statement, call.parameters)
            if cursor.description is not None:
                rows += len(cursor.fetchall())
        conn.rollback()
    finally:
        conn.close()
    return rows


# --- plans --------------------------------------------------------------------------------------

_SQLITE_STEP = re.compile(r"^(SCAN|SEARCH) (\S+)(?: AS \S+)?(.*)$")


def _sqlite_step(detail: str) -> str | None:
    if detail.startswith("USE TEMP B-TREE"):
        return "temp sort" if "ORDER BY" in detail else "temp b-tree (" + detail.rsplit("FOR ", 1)[-1].lower() + ")"
    found = _SQLITE_STEP.match(detail)
    if found is None:
        return None
    verb, table, rest = found.groups()
    if table.startswith("anon_"):
        return None  # a subquery's own rows; its tables appear as their own steps
    table = re.sub(r"_\d+$", "", table)  # an alias (aliased(User) → user_account_1)
    if index := re.search(r"USING (?:COVERING )?INDEX (\S+)", rest):
        name = index.group(1)
        return f"pk {table}" if name.startswith("sqlite_autoindex") else name
    if "PRIMARY KEY" in rest:
        return f"pk {table}"
    if "VIRTUAL TABLE" in rest:
        return table  # descriptor_fts (MATCH), json_each
    return f"SCAN {table}" if verb == "SCAN" else f"search {table}"


def _pg_steps(node: dict[str, Any]) -> Iterator[str]:
    kind = node.get("Node Type", "")
    if kind == "Seq Scan":
        yield f"Seq Scan {node.get('Relation Name')}"
    elif "Index" in kind and node.get("Index Name"):
        yield str(node["Index Name"])
    elif kind in ("Sort", "Incremental Sort"):
        yield kind.lower()
    elif kind == "Function Scan":
        yield str(node.get("Function Name"))
    for child in node.get("Plans", []):
        yield from _pg_steps(child)


def explain(engine: sa.Engine, call: Call) -> list[str]:
    """The plan's steps in short: index names, full scans (SCAN t / Seq Scan t), sorts."""
    conn = engine.raw_connection()
    try:
        cursor = conn.driver_connection.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + call.statement, call.parameters)
            steps = [_sqlite_step(row[3]) for row in cursor.fetchall()]
        else:
            cursor.execute("EXPLAIN (FORMAT JSON) " + call.statement, call.parameters)
            steps = list(_pg_steps(cursor.fetchone()[0][0]["Plan"]))
        conn.rollback()
    finally:
        conn.close()
    return [step for step in steps if step]


def plan_summary(engine: sa.Engine, calls: list[Call]) -> str:
    """Every distinct read (or UPDATE/DELETE) statement's steps, once each, in order; full scans of big tables first."""
    seen: dict[str, None] = {}
    for call in {c.statement: c for c in calls if c.explainable}.values():
        seen.update(dict.fromkeys(explain(engine, call)))
    steps = list(seen)
    full = [s for s in steps if s.split(" ")[-1] in BIG_TABLES and s.startswith(("SCAN", "Seq Scan"))]
    return ", ".join([f"**{s}**" for s in full] + [s for s in steps if s not in full])
