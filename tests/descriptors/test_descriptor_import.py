"""Importing workbooks into the library (ORIGINS Part 2 C7, F 26–27): batches of 100, each
atomic with its audit row; duplicates on (skill, code) skipped and counted; source Import and
NEEDS_REVIEW; the dry run writes nothing; all or nothing on request; admins only."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from sqlmodel import Session, func, select

from tests.descriptors.descriptor_helpers import audit_for, make_descriptor
from tests.descriptors.workbooks import scheme_rows, workbook_bytes
from tests.factories import make_actor
from workflow_app.core.errors import ErrorCode
from workflow_app.descriptors.domain import descriptor_import as di
from workflow_app.descriptors.domain import library, library_index
from workflow_app.descriptors.domain.import_workbook import read_workbook
from workflow_app.models import AuditAction, Descriptor, DescriptorSource, QualityIndicator, Role

FILE = "01_Industrial_Mechanics_marking_scheme (f).xlsx"
SKILL = "Industrial Mechanics"


@pytest.fixture(autouse=True)
def search_index(engine):
    library_index.ensure_search_index(engine)  # the triggers that keep the library's entries


@pytest.fixture
def admin(session):
    return make_actor(session, role=Role.ADMIN, display_name="Ada Admin")


def parsed(rows, name=FILE, **kw):
    return read_workbook(workbook_bytes(rows=rows), name, **kw)


def run(session, actor, *workbooks, clock, **kw):
    result = di.import_workbooks(session, actor, list(workbooks), clock=clock, **kw)
    assert result.ok, result
    return result.value


def stored(session) -> list[Descriptor]:
    return list(session.exec(select(Descriptor).order_by(Descriptor.code)))


def test_a_workbook_becomes_library_descriptors_of_its_skill(session, clock, admin):
    report = run(session, admin, parsed(scheme_rows(3)), clock=clock)

    assert (report.processed, report.imported, report.duplicates, report.failed) == (3, 3, 0, 0)
    first, *_ = rows = stored(session)
    assert [d.code for d in rows] == ["A1", "A2", "A3"]
    assert first.criterion_name == "Criterion number 1 of the scheme"
    assert (first.score3, first.score2, first.score1, first.score0) == (
        "Excellent work 1",
        "Good work 1",
        "Pass work 1",
        "Below pass 1",
    )
    assert {(d.source, d.quality_indicator, d.schema_version, d.batch_status) for d in rows} == {
        (DescriptorSource.IMPORT.value, QualityIndicator.NEEDS_REVIEW, 1, None)
    }
    assert all(d.skill_names == [SKILL] and d.categories == ["Safety"] and d.tags == [] for d in rows)
    sa_viewer = make_actor(session, role=Role.SA)
    found = library.search_descriptors(session, sa_viewer, skill=SKILL).value
    assert found.total == 3


def test_an_scm_does_not_see_imported_descriptors_until_curated(session, clock, admin):
    run(session, admin, parsed(scheme_rows(2)), clock=clock)
    scm = make_actor(session, role=Role.SCM)
    assert library.search_descriptors(session, scm, skill=SKILL).value.total == 0


def test_rows_go_in_batches_of_100_each_with_its_audit_row(session, clock, admin):
    report = run(session, admin, parsed(scheme_rows(250)), clock=clock)

    assert report.imported == 250 and len(report.batch_ms) == 3
    entries = audit_for(session, AuditAction.DESCRIPTORS_IMPORTED)
    assert [(e.details["batch"], e.details["imported"]) for e in entries] == [(1, 100), (2, 100), (3, 50)]
    assert {(e.actor_id, e.target_title, e.details["skill"], e.details["sheet"]) for e in entries} == {
        (admin.user_id, FILE, SKILL, "Marking Scheme")
    }


def test_a_duplicate_skill_and_code_is_skipped_and_counted(session, clock, admin):
    run(session, admin, parsed(scheme_rows(2)), clock=clock)
    again = run(session, admin, parsed(scheme_rows(3)), clock=clock)

    assert (again.imported, again.duplicates) == (1, 2)
    assert [(o.code, o.outcome) for o in again.rows] == [("A1", "duplicate"), ("A2", "duplicate"), ("A3", "imported")]
    assert again.rows[0].message == di.DUPLICATE_MESSAGE
    assert len(stored(session)) == 3


def test_a_code_repeated_in_one_file_goes_in_once(session, clock, admin):
    rows = [*scheme_rows(2), ["A1", "The same code written twice", "x", None, None, None, None]]
    report = run(session, admin, parsed(rows), clock=clock)
    assert (report.imported, report.duplicates) == (2, 1)


def test_the_same_code_of_another_skill_is_not_a_duplicate(session, clock, admin):
    run(session, admin, parsed(scheme_rows(2)), clock=clock)
    report = run(session, admin, parsed(scheme_rows(2), "02_Welding.xlsx"), clock=clock)
    assert report.imported == 2


def test_a_live_descriptor_of_the_skill_with_the_code_makes_a_duplicate(session, clock, admin):
    manual = make_descriptor(session, None, status=None, code="A2")
    manual.skill_names = ["industrial mechanics"]
    session.add(manual)
    session.commit()
    report = run(session, admin, parsed(scheme_rows(2)), clock=clock)
    assert [(o.code, o.outcome) for o in report.rows] == [("A1", "imported"), ("A2", "duplicate")]


def test_a_deleted_import_is_not_brought_back_by_importing_again(session, clock, admin):
    run(session, admin, parsed(scheme_rows(1)), clock=clock)
    session.exec(sa.update(Descriptor).values(deleted_at=clock.now()))
    session.commit()
    report = run(session, admin, parsed(scheme_rows(1)), clock=clock)
    assert report.duplicates == 1


def test_a_row_without_a_code_is_imported_as_r_and_its_row(session, clock, admin):
    run(session, admin, parsed([[None, "Keeps the area clean", "a", None, None, None, None]]), clock=clock)
    assert [d.code for d in stored(session)] == ["R2"]


def test_an_invalid_row_fails_alone_and_the_others_go_in(session, clock, admin):
    rows = [*scheme_rows(2), ["A9", "X", "level", None, None, None, None]]
    report = run(session, admin, parsed(rows), clock=clock)
    assert (report.imported, report.failed) == (2, 1)
    assert report.rows[-1].message == "Criterion name must be at least 2 characters"


def test_a_failing_batch_is_rolled_back_alone_and_the_import_goes_on(session, clock, admin, monkeypatch):
    real = di._insert
    calls = []

    def insert(session, values):
        calls.append(len(values))
        if len(calls) == 2:
            raise sa.exc.OperationalError("INSERT", {}, Exception("disk full"))
        return real(session, values)

    monkeypatch.setattr(di, "_insert", insert)
    report = run(session, admin, parsed(scheme_rows(250)), clock=clock)

    assert (report.imported, report.failed) == (150, 100)
    assert {o.message for o in report.rows if o.outcome == "failed"} == {"Batch 2 failed: OperationalError"}
    assert len(stored(session)) == 150
    assert [e.details["batch"] for e in audit_for(session, AuditAction.DESCRIPTORS_IMPORTED)] == [1, 3]


def test_all_or_nothing_imports_nothing_when_a_row_fails(session, clock, admin):
    rows = [*scheme_rows(150), ["A999", "X", "level", None, None, None, None]]
    report = run(session, admin, parsed(rows), clock=clock, all_or_nothing=True)
    assert (report.imported, report.failed) == (0, 151)
    assert report.rows[0].message.startswith("Nothing imported: ")
    assert stored(session) == [] and audit_for(session, AuditAction.DESCRIPTORS_IMPORTED) == []


def test_all_or_nothing_commits_everything_when_nothing_fails(session, clock, admin):
    report = run(
        session,
        admin,
        parsed(scheme_rows(150)),
        parsed(scheme_rows(5), "02_Welding.xlsx"),
        clock=clock,
        all_or_nothing=True,
    )
    assert report.imported == 155 and len(stored(session)) == 155


def test_an_unreadable_workbook_is_reported_and_the_others_go_in(session, clock, admin):
    broken = read_workbook(b"not a workbook", "03_Cooking.xlsx")
    report = run(session, admin, broken, parsed(scheme_rows(2)), clock=clock)
    assert report.imported == 2 and list(report.file_problems) == ["03_Cooking.xlsx"]


def test_progress_is_told_after_each_batch(session, clock, admin):
    seen = []
    run(
        session,
        admin,
        parsed(scheme_rows(150)),
        parsed(scheme_rows(60), "02_Welding.xlsx"),
        clock=clock,
        on_batch=lambda d, t: seen.append((d, t)),
    )
    assert seen == [(100, 210), (150, 210), (210, 210)]


def test_the_dry_run_says_what_would_happen_and_writes_nothing(session, clock, admin):
    run(session, admin, parsed(scheme_rows(1)), clock=clock)
    rows = [
        *scheme_rows(2),
        ["A3", "X", "level", None, None, None, None],
        ["A2", "Again the same code", "x", None, None, None, None],
    ]
    before = session.exec(select(func.count()).select_from(Descriptor)).one()

    outcomes = di.preview(session, admin, parsed(rows)).value

    assert [(o.code, o.outcome) for o in outcomes] == [
        ("A1", "duplicate"),
        ("A2", "new"),
        ("A3", "failed"),
        ("A2", "duplicate"),
    ]
    assert session.exec(select(func.count()).select_from(Descriptor)).one() == before


@pytest.mark.parametrize("role", [Role.SUBMITTER, Role.SCM, Role.SA])
def test_only_admins_import(session, clock, role):
    actor = make_actor(session, role=role)
    for result in (
        di.import_workbooks(session, actor, [parsed(scheme_rows(1))], clock=clock),
        di.preview(session, actor, parsed(scheme_rows(1))),
    ):
        assert result.code == ErrorCode.FORBIDDEN_ROLE
    assert stored(session) == []


def test_the_operator_imports_from_the_command_line_as_the_system(session, clock):
    run(session, None, parsed(scheme_rows(1)), clock=clock)
    [entry] = audit_for(session, AuditAction.DESCRIPTORS_IMPORTED)
    assert (entry.actor_id, entry.actor_name) == (None, "system")


def test_two_imports_of_one_workbook_at_once_add_each_row_once(engine, clock):
    with Session(engine) as session:
        admin = make_actor(session, role=Role.ADMIN)
    workbook = parsed(scheme_rows(120))
    reports, start = [], threading.Barrier(2)

    def importer():
        with Session(engine) as session:
            start.wait()
            reports.append(run(session, admin, workbook, clock=clock))

    threads = [threading.Thread(target=importer) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert len(reports) == 2
    assert sum(r.imported for r in reports) == 120 and sum(r.duplicates for r in reports) == 120
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Descriptor)).one() == 120
