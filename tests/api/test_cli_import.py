"""`python -m workflow_app.cli import-descriptors FILES…`: marking-scheme workbooks into the
library from the command line, with a dry run and a per-row report (ORIGINS C7)."""

from __future__ import annotations

import csv
import json
import uuid

from sqlmodel import col, select

from tests.descriptors.workbooks import scheme_rows, workbook_bytes
from workflow_app import cli
from workflow_app.db import open_session
from workflow_app.models import Descriptor


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out.strip(), err.strip()


def _count(skill: str) -> int:
    with open_session() as session:
        rows = session.exec(
            select(Descriptor.skill_names).where(col(Descriptor.import_key).like(f"{skill.casefold()}%"))
        )
        return sum(1 for skills in rows if skills == [skill])


def test_workbooks_are_checked_then_imported_then_skipped_as_duplicates(app_database, capsys, tmp_path):
    tag = uuid.uuid4().hex[:6]
    first, second = tmp_path / f"01_Robotics_{tag}_marking_scheme.xlsx", tmp_path / f"02_Joinery_{tag}.xlsx"
    first.write_bytes(workbook_bytes(rows=scheme_rows(120)))
    second.write_bytes(workbook_bytes(rows=[*scheme_rows(3), ["B1", "X", "level", None, None, None, None]]))
    files = [str(first), str(second)]

    status, out, err = run(capsys, "import-descriptors", "--dry-run", *files)
    assert json.loads(out) == {"dry_run": True, "files": 2, "new": 123, "duplicate": 0, "failed": 1}
    assert f"Robotics {tag}: 120 rows from sheet 'Marking Scheme', header on row 1" in err
    assert status == 1 and _count(f"Robotics {tag}") == 0

    report_path = tmp_path / "report.csv"
    status, out, _ = run(capsys, "import-descriptors", *files, "--report", str(report_path))
    counts = json.loads(out)
    assert (counts["processed"], counts["imported"], counts["failed"], counts["duplicates"]) == (124, 123, 1, 0)
    assert len(counts["batch_ms"]) == 3  # 100 + 20 of the first file, 4 of the second
    assert status == 1  # a row failed
    assert (_count(f"Robotics {tag}"), _count(f"Joinery {tag}")) == (120, 3)
    with report_path.open(newline="", encoding="utf-8") as report:
        lines = list(csv.DictReader(report))
    assert len(lines) == 124
    assert lines[-1] == {
        "file": second.name,
        "row": "5",
        "code": "B1",
        "criterion": "X",
        "outcome": "failed",
        "message": "Criterion name must be at least 2 characters",
        "warnings": "",
    }

    status, out, _ = run(capsys, "import-descriptors", str(first))
    assert (status, json.loads(out)["duplicates"], json.loads(out)["imported"]) == (0, 120, 0)


def test_a_skill_given_for_every_file_and_a_file_that_is_no_workbook(app_database, capsys, tmp_path):
    skill = f"Skill {uuid.uuid4().hex[:6]}"
    good, bad = tmp_path / "2024.xlsx", tmp_path / "notes.xlsx"
    good.write_bytes(workbook_bytes(rows=scheme_rows(2)))
    bad.write_bytes(b"plain text")

    status, out, err = run(capsys, "import-descriptors", "--skill", skill, str(good), str(bad))

    assert status == 1 and json.loads(out)["file_problems"]["notes.xlsx"].startswith("Not a readable .xlsx workbook")
    assert _count(skill) == 2
