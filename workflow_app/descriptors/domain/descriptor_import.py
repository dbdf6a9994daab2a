"""Importing marking-scheme workbooks into the library (ORIGINS Part 2 C7).

A workbook's rows (import_workbook) go in batches of 100, each batch one transaction with its
audit row: a batch that fails is rolled back alone and the import goes on (or, asked for all
or nothing, everything is rolled back). A row whose (skill, code) a live descriptor of that
skill already has, or that an earlier row or import brought in, is skipped and counted as a
duplicate. Imported descriptors are source Import, NEEDS_REVIEW, version 1, no tags, no batch
status: the library shows them to SAs and admins until someone curates their quality.

``preview`` answers the same questions without writing (the dry run).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from workflow_app.core import errors as e
from workflow_app.core.actor import Actor
from workflow_app.core.audit import record
from workflow_app.core.clock import Clock
from workflow_app.core.csv_export import csv_text, safe_cells
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Ok, Result, err
from workflow_app.descriptors.domain.import_workbook import LEVELS, ImportRow, ParsedWorkbook
from workflow_app.models import AuditAction, Descriptor, DescriptorSource, QualityIndicator
from workflow_app.models.base import new_id

BATCH_SIZE = 100
# What happened to a row, as the report says it.
IMPORTED, DUPLICATE, FAILED = "imported", "duplicate", "failed"
DUPLICATE_MESSAGE = "A descriptor with this code already exists for this skill"  # ORIGINS C3

_TABLE: sa.Table = Descriptor.__table__  # type: ignore[attr-defined]


def import_key(skill_name: str, code: str) -> str:
    """The (skill, code) an imported descriptor came in as: the skill's case does not count."""
    return f"{skill_name.casefold()}\x1f{code}"


@dataclass(frozen=True)
class RowOutcome:
    file_name: str
    row_number: int
    code: str
    criterion_name: str
    outcome: str  # imported | duplicate | failed (or, in a preview, "new")
    message: str = ""
    warnings: tuple[str, ...] = ()


@dataclass
class ImportReport:
    """ORIGINS C7's counts (processed, success, failed, duplicates) and each batch's time."""

    files: int = 0
    processed: int = 0
    imported: int = 0
    duplicates: int = 0
    failed: int = 0
    warnings: int = 0
    batch_ms: list[float] = field(default_factory=list)
    rows: list[RowOutcome] = field(default_factory=list)
    file_problems: dict[str, str] = field(default_factory=dict)

    def add(self, outcomes: Iterable[RowOutcome]) -> None:
        for outcome in outcomes:
            self.rows.append(outcome)
            self.processed += 1
            self.warnings += bool(outcome.warnings)
            if outcome.outcome == IMPORTED:
                self.imported += 1
            elif outcome.outcome == DUPLICATE:
                self.duplicates += 1
            else:
                self.failed += 1

    def as_dict(self) -> dict[str, Any]:
        counts = asdict(self)
        counts.pop("rows")
        return counts


REPORT_HEADER = ("file", "row", "code", "criterion", "outcome", "message", "warnings")


def report_csv(rows: Iterable[RowOutcome]) -> str:
    """The per-row report: one line a row, its outcome and why, cells a spreadsheet will not run."""
    return csv_text(
        [
            REPORT_HEADER,
            *(
                safe_cells(
                    (r.file_name, r.row_number, r.code, r.criterion_name, r.outcome, r.message, list(r.warnings))
                )
                for r in rows
            ),
        ]
    )


def may_import(actor: Actor | None) -> bool:
    """Admins, or the operator at the command line (None); the page asks before it stages files."""
    return actor is None or actor.is_admin


def existing_codes(session: Session, skill_name: str, codes: Iterable[str]) -> set[str]:
    """Which of these codes a live descriptor of this skill has, or an earlier import brought in
    as this skill (deleted or not: a re-import does not bring back what was deleted)."""
    wanted = sorted(set(codes))
    if not wanted:
        return set()
    skill = skill_name.casefold()
    # Descriptors written here (curation, SCMs) with these codes; imported ones answer below by
    # their key, so the codes every workbook shares (A1, A2, …) do not bring back all the others.
    found = {
        code
        for code, skills in session.exec(
            select(Descriptor.code, Descriptor.skill_names).where(
                col(Descriptor.code).in_(wanted),
                col(Descriptor.deleted_at).is_(None),
                col(Descriptor.import_key).is_(None),
            )
        )
        if any(s.casefold() == skill for s in skills or [])
    }
    keys = {import_key(skill_name, c): c for c in wanted}
    imported = session.exec(select(Descriptor.import_key).where(col(Descriptor.import_key).in_(list(keys))))
    found |= {keys[k] for k in imported if k is not None}
    return found


def _outcome(parsed: ParsedWorkbook, row: ImportRow, outcome: str, message: str = "") -> RowOutcome:
    return RowOutcome(parsed.file_name, row.row_number, row.code, row.criterion_name, outcome, message, row.warnings)


def batches(parsed: ParsedWorkbook, size: int = BATCH_SIZE) -> list[list[ImportRow]]:
    return [parsed.rows[i : i + size] for i in range(0, len(parsed.rows), size)]


def preview(session: Session, actor: Actor | None, parsed: ParsedWorkbook) -> Result[list[RowOutcome]]:
    """The dry run: each row as the import would take it ("new", duplicate or failed)."""
    if not may_import(actor):
        return err(ErrorCode.FORBIDDEN_ROLE, e.ADMIN_ONLY)
    outcomes: list[RowOutcome] = []
    seen: set[str] = set()
    for batch in batches(parsed):
        existing = existing_codes(session, parsed.skill_name, (r.code for r in batch if not r.problem))
        for row in batch:
            if row.problem:
                outcomes.append(_outcome(parsed, row, FAILED, row.problem))
            elif row.code in existing or row.code in seen:
                outcomes.append(_outcome(parsed, row, DUPLICATE, DUPLICATE_MESSAGE))
            else:
                seen.add(row.code)
                outcomes.append(_outcome(parsed, row, "new"))
    return Ok(outcomes)


def _values(parsed: ParsedWorkbook, row: ImportRow, now: datetime) -> dict[str, Any]:
    return {
        "id": new_id(),
        "code": row.code,
        "criterion_name": row.criterion_name,
        **{name: level for name, level in zip(LEVELS, row.levels(), strict=True)},
        "source": DescriptorSource.IMPORT.value,
        "skill_names": [parsed.skill_name],
        "categories": [row.category] if row.category else [],
        "tags": [],
        "schema_version": 1,
        "quality_indicator": QualityIndicator.NEEDS_REVIEW,
        "was_modified_during_approval": False,
        "row_version": 1,
        "import_key": import_key(parsed.skill_name, row.code),
        "created_at": now,
        "updated_at": now,
    }


_INSERTS = {
    name: dialect.insert(_TABLE).on_conflict_do_nothing(index_elements=["import_key"]).returning(_TABLE.c.import_key)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}


def _insert(session: Session, values: list[dict[str, Any]]) -> set[str]:
    """INSERT … ON CONFLICT (import_key) DO NOTHING; the keys that went in."""
    if not values:
        return set()
    statement = _INSERTS["postgresql" if session.get_bind().dialect.name == "postgresql" else "sqlite"]
    # executemany with RETURNING: SQLAlchemy's "insertmanyvalues" sends the batch as one
    # statement it compiled once (a .values(list) statement is compiled anew every time).
    return set(session.connection().execute(statement, values).scalars())


def import_batch(
    session: Session,
    actor: Actor | None,
    parsed: ParsedWorkbook,
    rows: list[ImportRow],
    *,
    batch_number: int,
    clock: Clock,
    commit: bool = True,
) -> Result[list[RowOutcome]]:
    """One batch, in one transaction with its audit row; the transaction is rolled back if
    anything in it fails, and every row of it is then reported failed."""
    if not may_import(actor):
        return err(ErrorCode.FORBIDDEN_ROLE, e.ADMIN_ONLY)
    now = clock.now()
    outcomes: dict[int, RowOutcome] = {}
    try:
        existing = existing_codes(session, parsed.skill_name, (r.code for r in rows if not r.problem))
        wanted: dict[str, ImportRow] = {}
        for row in rows:
            if row.problem:
                outcomes[row.row_number] = _outcome(parsed, row, FAILED, row.problem)
            elif row.code in existing or import_key(parsed.skill_name, row.code) in wanted:
                outcomes[row.row_number] = _outcome(parsed, row, DUPLICATE, DUPLICATE_MESSAGE)
            else:
                wanted[import_key(parsed.skill_name, row.code)] = row
        inserted = _insert(session, [_values(parsed, row, now) for row in wanted.values()])
        for key, row in wanted.items():
            kept = key in inserted  # not in: a concurrent import got there first
            outcomes[row.row_number] = _outcome(
                parsed, row, IMPORTED if kept else DUPLICATE, "" if kept else DUPLICATE_MESSAGE
            )
        record(
            session,
            actor,
            action=AuditAction.DESCRIPTORS_IMPORTED,
            target_type="workbook",
            target_id=None,
            target_title=parsed.file_name,
            details={
                "skill": parsed.skill_name,
                "sheet": parsed.sheet,
                "batch": batch_number,
                "imported": len(inserted),
                "duplicates": sum(1 for o in outcomes.values() if o.outcome == DUPLICATE),
                "failed": sum(1 for o in outcomes.values() if o.outcome == FAILED),
            },
            clock=clock,
        )
        if commit:
            session.commit()
        else:
            session.flush()
    except sa.exc.SQLAlchemyError as exc:
        session.rollback()
        message = f"Batch {batch_number} failed: {exc.__class__.__name__}"
        return Ok([_outcome(parsed, row, FAILED, message) for row in rows])
    return Ok([outcomes[row.row_number] for row in rows])


def import_workbooks(
    session: Session,
    actor: Actor | None,
    workbooks: list[ParsedWorkbook],
    *,
    clock: Clock,
    all_or_nothing: bool = False,
    on_batch: Callable[[int, int], None] | None = None,
) -> Result[ImportReport]:
    """Every workbook's rows, batch by batch; ``on_batch(rows done, rows in all)`` after each.
    All or nothing (IMPORT-07): one transaction, committed only if no row failed."""
    if not may_import(actor):
        return err(ErrorCode.FORBIDDEN_ROLE, e.ADMIN_ONLY)
    report = ImportReport(files=len(workbooks))
    total, done = sum(len(w.rows) for w in workbooks if not w.problem), 0
    for parsed in workbooks:
        if parsed.problem:
            report.file_problems[parsed.file_name] = parsed.problem
            continue
        for number, rows in enumerate(batches(parsed), start=1):
            started = time.perf_counter()
            result = import_batch(
                session, actor, parsed, rows, batch_number=number, clock=clock, commit=not all_or_nothing
            )
            report.batch_ms.append((time.perf_counter() - started) * 1000)
            outcomes = result.value if result.ok else []
            report.add(outcomes)
            done += len(rows)
            if on_batch:
                on_batch(done, total)
            failure = next((o for o in outcomes if o.outcome == FAILED), None)
            if all_or_nothing and failure is not None:
                session.rollback()
                return Ok(
                    _all_rolled_back(
                        report, workbooks, f"{failure.file_name} row {failure.row_number}: {failure.message}"
                    )
                )
    if all_or_nothing:
        session.commit()
    return Ok(report)


def _all_rolled_back(report: ImportReport, workbooks: list[ParsedWorkbook], cause: str) -> ImportReport:
    """A row failed in an all-or-nothing import: nothing went in."""
    rolled = ImportReport(files=report.files, file_problems=report.file_problems, batch_ms=report.batch_ms)
    message = f"Nothing imported: {cause}"
    for parsed in workbooks:
        if not parsed.problem:
            rolled.add(_outcome(parsed, row, FAILED, message) for row in parsed.rows)
    return rolled
