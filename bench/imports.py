"""Importing 58 marking-scheme workbooks of ~100 rows (ORIGINS C7's corpus), against its floor.

Two parts, each a median of --repeat runs after one warm-up, each with its floor measured in
the same run:

- **read**: `import_workbook.read_workbook` of every file (merged-cell pass, header, columns,
  normalisation, warnings) vs openpyxl's read-only `iter_rows(values_only=True)` of the same
  files doing nothing with the values.
- **import**: `descriptor_import.import_workbooks` (duplicate lookups, ON CONFLICT insert,
  audit row, one transaction per batch of 100, the library's triggers) into a freshly migrated
  database vs the same rows as one multi-row INSERT per batch, one transaction each, into a
  database migrated the same way.

`.venv/bin/python -m bench.imports [--db sqlite,postgres] [--repeat 5] [--no-write]` writes
bench/RESULTS-import.md.
"""

from __future__ import annotations

import argparse
import io
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from openpyxl import Workbook, load_workbook
from sqlmodel import Session

from bench.report import machine_lines, publish
from tests.support.pg import PostgresServer
from workflow_app.cli import alembic_config
from workflow_app.core.clock import FixedClock
from workflow_app.db import make_engine
from workflow_app.descriptors.domain import descriptor_import, import_workbook
from workflow_app.descriptors.domain.library_index import ensure_search_index

ROOT = Path(__file__).resolve().parent.parent
FILES, ROWS = 58, 100
CLOCK = FixedClock(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
HEADER = ["Aspect", "Sub-Aspect Description", "Excellent", "Good", "Pass", "Below Pass", "Module"]


def say(line: str = "") -> None:
    print(line, flush=True)


def workbook(number: int) -> bytes:
    """A scheme as the WSC files are laid out: title rows, a header, modules merged down."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Marking Scheme"
    sheet.append([f"WorldSkills 2024 — skill {number}"])
    sheet.append([])
    sheet.append(HEADER)
    for i in range(1, ROWS + 1):
        module = f"Module {chr(64 + (i - 1) // 20 + 1)}" if (i - 1) % 20 == 0 else None
        sheet.append(
            [
                f"{chr(64 + (i - 1) // 20 + 1)}{i}",
                f"The competitor \u201cchecks\u201d part {i} of the work for skill {number}",
                f"\u2022 Flawless: every measurement of part {i} within tolerance\u00a0and recorded",
                f"Good: part {i} within tolerance, one record missing",
                f"Pass: part {i} usable after rework",
                f"Below pass: part {i} not usable \u2013 scrapped",
                module,
            ]
        )
    for start in range(4, ROWS + 4, 20):
        sheet.merge_cells(f"G{start}:G{start + 19}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _median(action: Callable[[], object], repeat: int, before: Callable[[], None] | None = None) -> float:
    times = []
    for attempt in range(repeat + 1):
        if before:
            before()
        started = time.perf_counter()
        action()
        if attempt:  # the first is the warm-up
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def _raw_read(files: list[bytes]) -> None:
    for data in files:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        for _ in book["Marking Scheme"].iter_rows(values_only=True):
            pass
        book.close()


def _read(files: list[bytes]) -> list[import_workbook.ParsedWorkbook]:
    return [
        import_workbook.read_workbook(data, f"{n:02d}_Skill_{n}_marking_scheme.xlsx") for n, data in enumerate(files, 1)
    ]


def _fresh(url: str) -> sa.Engine:
    from alembic import command

    engine = make_engine(url)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    command.upgrade(alembic_config(url), "head")
    ensure_search_index(engine)
    return engine


def _raw_insert(engine: sa.Engine, parsed: list[import_workbook.ParsedWorkbook]) -> None:
    table = descriptor_import._TABLE
    plain = table.insert().returning(table.c.id)  # the batch as one statement, as ours goes
    with engine.connect() as connection:
        for workbook in parsed:
            for rows in descriptor_import.batches(workbook):
                values = [descriptor_import._values(workbook, row, CLOCK.now()) for row in rows]
                connection.execute(plain, values).all()
                connection.commit()


def _import(engine: sa.Engine, parsed: list[import_workbook.ParsedWorkbook]) -> int:
    with Session(engine) as session:
        report = descriptor_import.import_workbooks(session, None, parsed, clock=CLOCK).value
    assert report.imported == FILES * ROWS, report.as_dict()
    return report.imported


def run_database(label: str, url_of: Callable[[], str], parsed, repeat: int) -> list[str]:
    engines: list[sa.Engine] = []

    def fresh() -> None:
        for engine in engines:
            engine.dispose()
        engines[:] = [_fresh(url_of())]

    ours = _median(lambda: _import(engines[0], parsed), repeat, fresh)
    floor = _median(lambda: _raw_insert(engines[0], parsed), repeat, fresh)
    for engine in engines:
        engine.dispose()
    return [f"| import, {label} | {ours * 1000:,.0f} ms | {floor * 1000:,.0f} ms | {ours / floor:.2f}× |"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", default=str(ROOT / "bench" / "RESULTS-import.md"))
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    say(f"building {FILES} workbooks × {ROWS} rows")
    files = [workbook(n) for n in range(1, FILES + 1)]
    size_mb = sum(len(f) for f in files) / 1e6
    ours = _median(lambda: _read(files), args.repeat)
    floor = _median(lambda: _raw_read(files), args.repeat)
    lines = [f"| read {FILES} workbooks | {ours * 1000:,.0f} ms | {floor * 1000:,.0f} ms | {ours / floor:.2f}× |"]
    parsed = _read(files)
    pg_version = None
    for kind in args.db.split(","):
        if kind == "sqlite":
            folder = Path(tempfile.mkdtemp(prefix="wf-bench-import-"))
            try:
                lines += run_database(
                    f"SQLite {sqlite3.sqlite_version}",
                    lambda folder=folder: f"sqlite:///{folder / (uuid.uuid4().hex + '.db')}",
                    parsed,
                    args.repeat,
                )
            finally:
                shutil.rmtree(folder, ignore_errors=True)
        elif kind == "postgres":
            server = PostgresServer().start()
            try:
                with make_engine(server.url).connect() as connection:
                    pg_version = connection.exec_driver_sql("SHOW server_version").scalar()
                lines += run_database(f"PostgreSQL {pg_version}", lambda s=server: s.url, parsed, args.repeat)
            finally:
                server.stop()
    report = [
        "# Import benchmark (bench/imports.py)",
        "",
        f"`.venv/bin/python -m bench.imports {' '.join(sys.argv[1:])}`".replace(" `", "`"),
        "",
        *machine_lines().split("\n"),
        f"- SQLite {sqlite3.sqlite_version}"
        + (f", PostgreSQL {pg_version} (throwaway, loopback)" if pg_version else ""),
        f"- {FILES} workbooks × {ROWS} rows ({size_mb:.1f} MB), title rows, modules merged down, smart quotes,"
        " bullets and no-break spaces to normalise",
        f"- medians of {args.repeat} runs after 1 warm-up; each import into a freshly migrated database",
        "",
        "| what | ours | floor | ratio |",
        "|---|---|---|---|",
        *lines,
        "",
        "Floors: openpyxl's read-only iteration of the same sheets doing nothing with the values; the same"
        " rows inserted as one multi-row INSERT per batch of 100 (SQLAlchemy's insertmanyvalues, as ours),"
        " a transaction each, without duplicate lookups, ON CONFLICT or audit rows (the library's triggers"
        " run in both).",
    ]
    publish(report, args.out, write=not args.no_write, say=say)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
