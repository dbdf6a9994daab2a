"""Domain queries at a million rows, against their own SQL, on SQLite and PostgreSQL.

    .venv/bin/python -m bench.db                        # full size, both databases; writes bench/RESULTS-db.md
    .venv/bin/python -m bench.db --size small --no-write
    .venv/bin/python -m bench.db --size 0.1 --db sqlite # a tenth of full size, SQLite only

Each database gets a fresh schema from the project's migrations (alembic upgrade head: the real
indexes, FTS table and triggers), then generated data (bench/db_data.py). Each scenario
(bench/db_scenarios.py) is one domain call; its floor is "raw": the statements it emitted,
replayed on the DBAPI connection (bench/db_sql.py). Medians of --repeat runs after one warm-up;
nothing is asserted about times. See bench/README.md.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import sqlalchemy as sa
from alembic import command
from sqlmodel import Session

from bench import db_data as data
from bench.db_scenarios import Cast, Scenario, audit_scenarios, descriptor_scenarios, idea_scenarios, write_scenarios
from bench.db_sql import COMMIT, Transactions, capturing, plan_summary, replay, timing_transactions
from bench.report import publish
from tests.support.pg import PostgresServer
from workflow_app.cli import alembic_config
from workflow_app.db import make_engine

try:  # the idea counters of migration 0006: filled from the ideas like the migration does
    from workflow_app.ideas.domain.idea_counts import recount
except ImportError:  # a schema without them counts the ideas live
    recount = None

ROOT = Path(__file__).resolve().parent.parent
OUT = io.StringIO()


def say(line: str = "") -> None:
    print(line, flush=True)
    OUT.write(line + "\n")


@dataclass
class Measured:
    name: str
    rows: int
    statements: int
    domain: list[float]
    raw: list[float]
    plan: str
    note: str = ""

    @property
    def ratio(self) -> float:
        return statistics.median(self.domain) / statistics.median(self.raw)


@dataclass
class DatabaseRun:
    label: str
    generation: list[tuple[str, int, float]] = field(default_factory=list)  # (what, rows, seconds)
    results: list[Measured] = field(default_factory=list)


# --- one scenario -------------------------------------------------------------------------------


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def measure(engine: sa.Engine, scenario: Scenario, repeats: int) -> Measured:
    """Warm-up (whose SQL is captured), then `repeats` × (domain, raw), each on fresh data for a write."""
    reset = (lambda: scenario.reset(engine)) if scenario.reset else (lambda: None)
    reset()
    with capturing(engine) as calls:
        rows = scenario.run(engine)
    reset()
    replay(engine, calls)
    domain, raw, chunks, raw_chunks = [], [], Transactions(), Transactions()
    for _ in range(repeats):
        reset()
        with timing_transactions(engine) as found:
            domain.append(_timed(lambda: scenario.run(engine)))
        chunks.durations += found.durations
        reset()
        raw.append(_timed(lambda: replay(engine, calls, raw_chunks)))
    statements = [c for c in calls if c is not COMMIT]
    note = ""
    if scenario.chunked and chunks.durations and raw_chunks.durations:
        note = (
            f"{len(calls) - len(statements)} chunks (transactions); longest chunk "
            f"{max(chunks.durations) * 1000:.1f} ms domain, {max(raw_chunks.durations) * 1000:.1f} ms raw"
        )
    return Measured(scenario.name, rows, len(statements), domain, raw, plan_summary(engine, calls), note)


def export_memory(engine: sa.Engine, scenario: Scenario) -> str:
    """Peak memory the streamed export allocates (tracemalloc), beside its own timing runs."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        rows = scenario.run(engine)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    return f"{rows:,} rows streamed; peak memory +{peak / 2**20:.1f} MB (tracemalloc)"


# --- one database -------------------------------------------------------------------------------


def migrate(url: str) -> None:
    command.upgrade(alembic_config(url), "head")


@contextmanager
def step(run: DatabaseRun, what: str) -> Iterator[list[int]]:
    """Times one generation step; the caller appends how many rows it wrote."""
    started, rows = time.perf_counter(), [0]
    yield rows
    run.generation.append((what, sum(rows), time.perf_counter() - started))
    say(f"  {what}: {sum(rows):,} rows in {run.generation[-1][2]:.1f} s")


def generate(engine: sa.Engine, sizes: data.Sizes, run: DatabaseRun) -> data.People:
    sqlite = engine.dialect.name == "sqlite"
    with step(run, "users, sections, skills") as rows, data.Loader(engine) as load:
        people = data.make_people(load, sizes)
        rows.append(people.count)
    with step(run, "ideas + reviews") as rows, data.Loader(engine) as load:
        rows.append(data.make_ideas(load, sizes, people))
    with step(run, "audit rows") as rows, data.Loader(engine) as load:
        rows.append(data.make_audit(load, sizes, people))
    with step(run, "descriptors" + (" (FTS5 backfilled after)" if sqlite else " (GIN index kept by COPY)")) as rows:
        with data.search_index_rebuilt(engine), data.Loader(engine) as load:
            rows.append(data.make_descriptors(load, sizes, people))
    if recount is not None:
        with step(run, "idea counters (idea_counts.recount)") as rows, Session(engine) as session:
            rows.append(sum(recount(session).values()))
            session.commit()
    # What migration 0006 does at upgrade, and autovacuum after such a load on PostgreSQL.
    with step(run, "ANALYZE" if sqlite else "VACUUM ANALYZE"):
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE" if sqlite else "VACUUM ANALYZE")
    return people


def run_database(label: str, url: str, sizes: data.Sizes, *, repeats: int = 5) -> DatabaseRun:
    """Migrates `url`, fills it and measures every scenario there."""
    run = DatabaseRun(label)
    started = time.perf_counter()
    migrate(url)
    run.generation.append(("schema (alembic upgrade head)", 0, time.perf_counter() - started))
    engine = make_engine(url)
    try:
        people = generate(engine, sizes, run)
        cast = Cast.of(engine, people)
        with data.Loader(engine) as load:
            drafts, expired = data.batch_drafts(load, sizes, people), data.purge_drafts(load, sizes, people)
        reads = idea_scenarios(cast, sizes) + audit_scenarios(cast, sizes) + descriptor_scenarios(cast)
        for scenario in reads + write_scenarios(cast, sizes, drafts, expired):
            run.results.append(measure(engine, scenario, repeats))
            if scenario.name.startswith("audit CSV export"):
                run.results[-1].note = export_memory(engine, scenario)
            say(f"  {_line(run.results[-1])}")
    finally:
        engine.dispose()
    return run


# --- the report ---------------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}" if seconds < 1 else f"{seconds * 1000:,.0f}"


def _line(m: Measured) -> str:
    domain, raw = statistics.median(m.domain), statistics.median(m.raw)
    return f"| {m.name} | {_ms(domain)} | {_ms(raw)} | {m.ratio:.2f}× | {m.rows:,} | {m.statements} | {m.plan} |"


def table(run: DatabaseRun) -> list[str]:
    lines = [
        f"### {run.label}",
        "",
        "| what | rows | seconds |",
        "|---|---:|---:|",
        *(f"| {what} | {rows:,} | {seconds:.1f} |" for what, rows, seconds in run.generation),
        f"| **total** | | {sum(s for _, _, s in run.generation):.1f} |",
        "",
        "| scenario | domain ms | raw ms | ratio | rows | statements | plan (index used / full scan / sort) |",
        "|---|---:|---:|---:|---:|---:|---|",
        *(_line(m) for m in run.results),
        "",
    ]
    return lines + [f"- {m.name}: {m.note}" for m in run.results if m.note] + [""]


def machine(pg_version: str | None) -> list[str]:
    model = next((line.split(":", 1)[1].strip() for line in _cpuinfo() if line.startswith("model name")), "?")
    return [
        f"- machine: {os.cpu_count()} cores ({model}), {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, SQLAlchemy {sa.__version__}, psycopg {psycopg.__version__}, "
        f"SQLite {sqlite3.sqlite_version}" + (f", PostgreSQL {pg_version}" if pg_version else ""),
    ]


def _cpuinfo() -> list[str]:
    try:
        return Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return []


def _pg_version(url: str) -> str:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return str(conn.exec_driver_sql("SHOW server_version").scalar())
    finally:
        engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="full", help="full, small, or a scale factor of full (0.1)")
    parser.add_argument("--db", default="sqlite,postgres", help="sqlite, postgres or both (comma-separated)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per scenario after one warm-up")
    parser.add_argument("--out", default=str(ROOT / "bench" / "RESULTS-db.md"))
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS-db.md alone")
    args = parser.parse_args()
    sizes = data.parse_size(args.size)
    say(f"sizes: {sizes.describe()}")
    runs, pg_version = [], None
    for kind in args.db.split(","):
        if kind == "sqlite":
            folder = Path(tempfile.mkdtemp(prefix="wf-bench-db-"))
            say(f"SQLite {sqlite3.sqlite_version} (a file in {folder})")
            try:
                runs.append(
                    run_database(
                        f"SQLite {sqlite3.sqlite_version}",
                        f"sqlite:///{folder / 'bench.db'}",
                        sizes,
                        repeats=args.repeat,
                    )
                )
            finally:
                shutil.rmtree(folder, ignore_errors=True)
        elif kind == "postgres":
            server = PostgresServer().start()
            try:
                pg_version = _pg_version(server.url)
                say(f"PostgreSQL {pg_version} (throwaway, loopback, fsync=off)")
                runs.append(run_database(f"PostgreSQL {pg_version}", server.url, sizes, repeats=args.repeat))
            finally:
                server.stop()
        else:
            parser.error(f"unknown database {kind!r}")
    report = [
        "# Database benchmark (bench/db.py)",
        "",
        f"`.venv/bin/python -m bench.db {' '.join(sys.argv[1:])}`".replace(" `", "`"),
        "",
        *machine(pg_version),
        f"- sizes: {sizes.describe()}",
        f"- medians of {args.repeat} runs after 1 warm-up; raw = the domain call's own statements replayed "
        "on the DBAPI connection (bench/README.md)",
        "",
    ]
    for run in runs:
        report += table(run)
    publish(report, args.out, write=not args.no_write, say=say)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
