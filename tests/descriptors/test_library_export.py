"""The library's CSV (issue 11): what the page would list with its filters, every row, A→Z."""

from __future__ import annotations

import csv
import io

import pytest

from tests.core.test_query_plans import statements_sent
from tests.descriptors.library_helpers import make_descriptor, make_section
from tests.factories import make_actor
from workflow_app.core import csv_export
from workflow_app.core.arguments import UNSTORABLE
from workflow_app.core.errors import ErrorCode
from workflow_app.descriptors.domain import library, library_export, library_index
from workflow_app.models import DescriptorBatchStatus, QualityIndicator, Role


@pytest.fixture(autouse=True)
def search_index(engine):
    library_index.ensure_search_index(engine)


@pytest.fixture
def reader(session):
    return make_actor(session, role=Role.SA)


def exported(session, actor, **filters) -> list[list[str]]:
    result = library_export.library_csv_chunks(session, actor, **filters)
    assert result.ok, result
    return list(csv.reader(io.StringIO("".join(result.value))))


def names(rows: list[list[str]]) -> list[str]:
    return [row[1] for row in rows[1:]]


def test_a_descriptor_is_one_line_with_its_section_lists_and_quality_label(session, reader):
    section = make_section(session, reader, name="Joinery basics")
    make_descriptor(
        session,
        code="B2.1",
        criterion_name="Accuracy of joints",
        score3="Gaps under 0.5 mm",
        score2="Gaps under 1 mm",
        score1=None,
        score0="Joints loose",
        categories=["Measurement", "Quality"],
        skill_names=["Joinery", "Cabinetmaking"],
        tags=["tolerance", "fit"],
        quality=QualityIndicator.EXCELLENT,
        section=section,
        source="WSC2024",
    )

    header, line = exported(session, reader)

    assert header == list(library_export.CSV_HEADER)
    assert line == [
        "B2.1",
        "Accuracy of joints",
        "Gaps under 0.5 mm",
        "Gaps under 1 mm",
        "",
        "Joints loose",
        "Excellent",
        "Joinery basics",
        "Measurement; Quality",
        "Joinery; Cabinetmaking",
        "tolerance; fit",
        "WSC2024",
    ]


def test_every_library_descriptor_is_exported_a_to_z_across_chunks(session, reader, monkeypatch):
    monkeypatch.setattr(library_export, "CSV_CHUNK", 2)
    made = [
        make_descriptor(session, criterion_name=name, code=f"C{i}")
        for i, name in enumerate(["Delta", "Alpha", "Charlie", "Bravo", "Alpha", "Echo", "Bravo"])
    ]

    result = library_export.library_csv_chunks(session, reader)
    pieces = list(result.value)

    assert len(pieces) == 1 + 4  # the header, then 2 + 2 + 2 + 1
    expected = sorted(made, key=lambda d: (d.criterion_name, d.id))
    assert [row[0] for row in list(csv.reader(io.StringIO("".join(pieces))))[1:]] == [d.code for d in expected]


def test_drafts_batches_under_review_and_deleted_descriptors_stay_out(session, reader):
    make_descriptor(session, criterion_name="Imported")
    make_descriptor(session, criterion_name="Approved", batch_status=DescriptorBatchStatus.APPROVED)
    for status in (DescriptorBatchStatus.DRAFT, DescriptorBatchStatus.PENDING_REVIEW, DescriptorBatchStatus.RETURNED):
        make_descriptor(session, criterion_name=f"Hidden {status.value}", batch_status=status)
    make_descriptor(session, criterion_name="Hidden deleted", deleted=True)

    assert names(exported(session, reader)) == ["Approved", "Imported"]


@pytest.mark.parametrize("role", [Role.SUBMITTER, Role.SA, Role.ADMIN, Role.SUPERADMIN])
def test_an_scm_never_sees_needs_review_descriptors_in_the_export_as_on_the_page(session, role):
    make_descriptor(session, criterion_name="Unreviewed", quality=QualityIndicator.NEEDS_REVIEW)
    make_descriptor(session, criterion_name="Reviewed", quality=QualityIndicator.GOOD)
    scm, other = make_actor(session, role=Role.SCM), make_actor(session, role=role)

    assert names(exported(session, scm)) == ["Reviewed"]
    assert names(exported(session, scm, quality="NEEDS_REVIEW")) == []
    assert names(exported(session, other)) == ["Reviewed", "Unreviewed"]


@pytest.fixture
def shelf(session, reader):
    """Descriptors differing in section, quality, category, skill and words."""
    wood, metal = make_section(session, reader, name="Wood"), make_section(session, reader, name="Metal")
    make_descriptor(
        session,
        criterion_name="Saw cut accuracy",
        section=wood,
        categories=["Measurement"],
        skill_names=["Joinery"],
        quality=QualityIndicator.EXCELLENT,
    )
    make_descriptor(
        session,
        criterion_name="Weld seam quality",
        section=metal,
        categories=["Finish"],
        skill_names=["Welding"],
        score3="Even bead, no porosity",
    )
    make_descriptor(
        session,
        criterion_name="Safety harness use",
        categories=["Safety", "Measurement"],
        skill_names=["Welding", "Joinery"],
        quality=QualityIndicator.REFERENCE,
    )
    return {"wood": wood.id, "metal": metal.id}


@pytest.mark.parametrize(
    "filters",
    [
        {"section_id": "wood"},
        {"quality": "excellent"},
        {"quality": "REFERENCE"},
        {"category": "Measurement"},
        {"skill": "Welding"},
        {"category": "Measurement", "skill": "Welding"},
        {"query": "porosity"},
        {"query": "safety OR seam"},
        {"query": "-weld", "skill": "Joinery"},
        {"query": "nothing-like-this"},
    ],
)
def test_the_export_holds_exactly_what_the_page_finds_with_the_same_filters(session, reader, shelf, filters):
    filters = {k: shelf.get(v, v) for k, v in filters.items()}

    page = library.search_descriptors(session, reader, **filters).value

    assert sorted(names(exported(session, reader, **filters))) == sorted(item.criterion_name for item in page.items)
    assert page.total < library.PAGE_SIZE  # the page above is every match, not just its first page


def test_the_export_holds_more_than_the_pages_do(session, reader, monkeypatch):
    monkeypatch.setattr(library_export, "CSV_CHUNK", 7)
    for i in range(25):
        make_descriptor(session, criterion_name=f"Criterion {i:02d}")

    assert names(exported(session, reader)) == [f"Criterion {i:02d}" for i in range(25)]


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"quality": "SUPERB"}, library.UNKNOWN_QUALITY),
        ({"category": "Safety\x00"}, UNSTORABLE),
        ({"skill": "\ud800"}, UNSTORABLE),
        ({"section_id": "\x00"}, UNSTORABLE),
    ],
)
def test_filters_the_page_would_refuse_are_refused(session, reader, filters, message):
    result = library_export.library_csv_chunks(session, reader, **filters)

    assert not result.ok and (result.code, result.message) == (ErrorCode.VALIDATION_ERROR, message)


def test_a_search_text_with_a_nul_is_searched_for_as_the_page_does(session, reader):
    make_descriptor(session, criterion_name="Weld seam quality")

    assert names(exported(session, reader, query="weld\x00seam")) == ["Weld seam quality"]


@pytest.mark.parametrize("dangerous", ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\tcmd"])
def test_text_a_spreadsheet_would_run_is_defused(session, reader, dangerous):
    section = make_section(session, reader, name=f"{dangerous} section")
    make_descriptor(
        session,
        code=dangerous[:30],
        criterion_name=dangerous,
        score0=dangerous,
        tags=[dangerous],
        categories=[dangerous, "Safe"],
        section=section,
        source=dangerous[:30],
    )

    [_, line] = exported(session, reader)

    assert line[1] == line[5] == line[10] == "'" + dangerous
    assert line[8] == f"'{dangerous}; Safe"
    assert not any(cell.startswith(csv_export.FORMULA_STARTS) for cell in line)


def test_the_export_reads_one_chunk_per_piece_and_nothing_ahead(engine, session, reader, monkeypatch):
    monkeypatch.setattr(library_export, "CSV_CHUNK", 2)
    for i in range(5):
        make_descriptor(session, criterion_name=f"Criterion {i}")
    pieces = library_export.library_csv_chunks(session, reader, query="criterion").value

    with statements_sent(engine) as sent:
        next(pieces)  # the header: nothing read yet
        read = [len(sent)]
        for _ in pieces:
            read.append(len(sent))

    assert read == [0, 2, 4, 6]  # two statements a chunk: a range of at most CSV_CHUNK ids, then their rows
    ranges, rows = sent[0::2], sent[1::2]
    assert all(" LIMIT " in statement.upper() for statement, _ in ranges)
    assert all(" IN (" in statement.upper() and " LIMIT " not in statement.upper() for statement, _ in rows)
