"""Library search on both databases: ranking, websearch syntax, facets, paging, visibility."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlmodel import select

from tests.descriptors.library_helpers import make_descriptor, make_section
from tests.factories import make_actor
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok
from workflow_app.descriptors.domain import library, library_index
from workflow_app.models import Descriptor, DescriptorBatchStatus, QualityIndicator, Role


@pytest.fixture(autouse=True)
def search_index(engine):
    library_index.ensure_search_index(engine)


@pytest.fixture
def sa_viewer(session):
    return make_actor(session, role=Role.SA)


def search(session, actor, **kwargs) -> library.LibraryPage:
    result = library.search_descriptors(session, actor, **kwargs)
    assert isinstance(result, Ok), result
    return result.value


def names(page: library.LibraryPage) -> list[str]:
    return [item.criterion_name for item in page.items]


def counts(facets: list[library.FacetCount]) -> list[tuple[str, int]]:
    return [(facet.name, facet.count) for facet in facets]


def test_a_criterion_name_match_outranks_a_score_text_match(session, sa_viewer):
    make_descriptor(session, criterion_name="Cable routing", score3="Respects every safety rule")
    make_descriptor(session, criterion_name="Safety rules respected", score3="Cables tidy and labelled")

    page = search(session, sa_viewer, query="safety")

    assert names(page) == ["Safety rules respected", "Cable routing"]
    assert page.items[0].rank > page.items[1].rank > 0


def test_words_in_scores_and_tags_are_found_and_other_rows_are_not(session, sa_viewer):
    make_descriptor(session, criterion_name="Joint preparation", score1="Bevel uneven", tags=["grinding"])
    make_descriptor(session, criterion_name="Surface finish", score0="Scratches visible")

    assert names(search(session, sa_viewer, query="bevel")) == ["Joint preparation"]
    assert names(search(session, sa_viewer, query="grinding")) == ["Joint preparation"]
    assert names(search(session, sa_viewer, query="scratches")) == ["Surface finish"]
    assert search(session, sa_viewer, query="hydraulics").total == 0


def test_without_a_query_descriptors_are_listed_alphabetically_without_rank(session, sa_viewer):
    for name in ["Welding speed", "Accuracy of cut", "Material handling"]:
        make_descriptor(session, criterion_name=name)

    page = search(session, sa_viewer, query="   ")

    assert names(page) == ["Accuracy of cut", "Material handling", "Welding speed"]
    assert [item.rank for item in page.items] == [None, None, None]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"weld seam"', ["Weld seam quality"]),
        ("cutting OR harness", ["Cutting speed", "Safety harness use"]),
        ("cutting or harness", ["Cutting speed", "Safety harness use"]),
        ("weld -inspection", ["Weld seam quality"]),
        ('seam -"seam weld"', ["Weld seam quality"]),
        ("-weld", ["Cutting speed", "Safety harness use"]),
        ("weld seam", ["Seam weld inspection", "Weld seam quality"]),
    ],
)
def test_quoted_phrases_or_and_exclusions_follow_websearch_rules(session, sa_viewer, query, expected):
    for name in ["Weld seam quality", "Seam weld inspection", "Cutting speed", "Safety harness use"]:
        make_descriptor(session, criterion_name=name, score3="Meets the standard")

    assert sorted(names(search(session, sa_viewer, query=query))) == expected


@pytest.mark.parametrize(
    "query",
    [
        '"((',
        '"',
        '""',
        "-",
        "--",
        "OR",
        "or or",
        '-"',
        "*",
        "NEAR(a b)",
        "a:b",
        "'",
        "\\",
        "\x00",
        ")(",
        "AND OR NOT",
        '"unterminated phrase',
        "^weld",
        "weld*",
        "{criterion_name}: weld",
        "x" * 1000,
        "日本語 テスト",
        "%_%",
        "weld; DROP TABLE descriptor; --",
    ],
)
def test_any_query_text_is_answered_and_never_raises(session, sa_viewer, query):
    make_descriptor(session, criterion_name="Weld seam quality")

    result = library.search_descriptors(session, sa_viewer, query=query)

    assert isinstance(result, Ok)
    assert session.exec(select(Descriptor)).first() is not None


def test_facets_follow_the_query_and_the_other_filters(session, sa_viewer):
    weld = make_section(session, sa_viewer, name="Welding processes")
    safe = make_section(session, sa_viewer, name="Health and safety")
    make_descriptor(session, criterion_name="Weld bead shape", categories=["Welding", "Quality"], section=weld)
    make_descriptor(
        session, criterion_name="Weld spatter", categories=["Welding"], section=weld, quality=QualityIndicator.EXCELLENT
    )
    make_descriptor(session, criterion_name="Weld area ventilated", categories=["Safety"], section=safe)
    make_descriptor(session, criterion_name="Goggles worn", categories=["Safety"], section=safe)

    everything = search(session, sa_viewer).facets
    welds = search(session, sa_viewer, query="weld").facets
    good_welds = search(session, sa_viewer, query="weld", quality="GOOD").facets

    assert counts(everything.categories) == [("Safety", 2), ("Welding", 2), ("Quality", 1)]
    assert counts(welds.categories) == [("Welding", 2), ("Quality", 1), ("Safety", 1)]
    assert counts(welds.sections) == [("Welding processes", 2), ("Health and safety", 1)]
    assert counts(good_welds.categories) == [("Quality", 1), ("Safety", 1), ("Welding", 1)]
    # A facet leaves out its own filter, so the other qualities stay choosable.
    assert counts(good_welds.qualities) == [("Good", 2), ("Excellent", 1)]
    assert [f.key for f in good_welds.qualities] == ["GOOD", "EXCELLENT"]
    assert {f.key for f in welds.sections} == {weld.id, safe.id}


def test_filters_combine_with_and(session, sa_viewer):
    section = make_section(session, sa_viewer)
    make_descriptor(
        session,
        criterion_name="Target row",
        categories=["Safety"],
        skill_names=["Welding"],
        quality=QualityIndicator.REFERENCE,
        section=section,
    )
    make_descriptor(
        session,
        criterion_name="Other skill",
        categories=["Safety"],
        skill_names=["Plumbing"],
        quality=QualityIndicator.REFERENCE,
        section=section,
    )
    make_descriptor(
        session,
        criterion_name="Other quality",
        categories=["Safety"],
        skill_names=["Welding"],
        quality=QualityIndicator.GOOD,
        section=section,
    )
    make_descriptor(
        session,
        criterion_name="Other category",
        categories=["Quality"],
        skill_names=["Welding"],
        quality=QualityIndicator.REFERENCE,
        section=section,
    )
    make_descriptor(
        session,
        criterion_name="No section",
        categories=["Safety"],
        skill_names=["Welding"],
        quality=QualityIndicator.REFERENCE,
    )

    page = search(session, sa_viewer, category="Safety", quality="reference", skill="Welding", section_id=section.id)

    assert names(page) == ["Target row"]
    assert page.items[0].section_name == section.name


def test_an_unknown_quality_is_a_validation_error(session, sa_viewer):
    result = library.search_descriptors(session, sa_viewer, quality="SUPERB")

    assert isinstance(result, Err) and result.code == ErrorCode.VALIDATION_ERROR


def test_pages_hold_twenty_and_the_page_number_is_clamped_to_twenty(session, sa_viewer):
    for n in range(45):
        make_descriptor(session, criterion_name=f"Criterion {n:02d}")

    first, last = search(session, sa_viewer, page=1), search(session, sa_viewer, page=3)
    beyond, garbage = search(session, sa_viewer, page=25), search(session, sa_viewer, page="x")

    assert (len(first.items), first.total, first.has_more) == (20, 45, True)
    assert first.items[0].criterion_name == "Criterion 00"
    assert (len(last.items), last.has_more, last.items[-1].criterion_name) == (5, False, "Criterion 44")
    assert (beyond.page, beyond.items, beyond.total) == (20, [], 45)
    assert garbage.page == 1
    assert first.total_pages == 3


def test_the_page_count_shown_never_exceeds_twenty(session, sa_viewer):
    for n in range(25):
        make_descriptor(session, criterion_name=f"Criterion {n:02d}")

    page = search(session, sa_viewer, page_size=1)

    assert (page.total, page.total_pages) == (25, 20)


@pytest.mark.parametrize("role", [Role.SA, Role.ADMIN, Role.SUBMITTER])
def test_needs_review_descriptors_are_visible_to_everyone_but_scms(session, role):
    make_descriptor(session, criterion_name="Imported, unreviewed", quality=QualityIndicator.NEEDS_REVIEW)
    make_descriptor(session, criterion_name="Imported, good", quality=QualityIndicator.GOOD)
    scm, other = make_actor(session, role=Role.SCM), make_actor(session, role=role)

    assert names(search(session, scm)) == ["Imported, good"]
    assert names(search(session, scm, query="imported")) == ["Imported, good"]
    assert [f.key for f in search(session, scm).facets.qualities] == ["GOOD"]
    assert names(search(session, other)) == ["Imported, good", "Imported, unreviewed"]


def test_only_imported_admin_and_approved_descriptors_are_in_the_library(session, sa_viewer):
    make_descriptor(session, criterion_name="Status none", batch_status=None)
    for status in DescriptorBatchStatus:
        make_descriptor(session, criterion_name=f"Status {status.value}", batch_status=status)

    assert names(search(session, sa_viewer)) == ["Status APPROVED", "Status none"]
    assert names(search(session, sa_viewer, query="status")) in (
        ["Status APPROVED", "Status none"],
        ["Status none", "Status APPROVED"],
    )


def test_soft_deleted_descriptors_are_hidden(session, sa_viewer):
    make_descriptor(session, criterion_name="Deleted safety rule", categories=["Gone"], deleted=True)
    make_descriptor(session, criterion_name="Living safety rule")

    page = search(session, sa_viewer, query="safety")

    assert names(page) == ["Living safety rule"]
    assert counts(page.facets.categories) == []


def test_edits_and_deletions_reach_the_search_index(session, sa_viewer):
    descriptor = make_descriptor(session, criterion_name="Torque setting", tags=["bolts"])
    descriptor.criterion_name, descriptor.tags = "Clamping pressure", ["vices"]
    session.add(descriptor)
    session.commit()

    assert names(search(session, sa_viewer, query="clamping vices")) == ["Clamping pressure"]
    assert search(session, sa_viewer, query="torque").total == 0
    assert search(session, sa_viewer, query="bolts").total == 0

    session.delete(descriptor)
    session.commit()
    assert search(session, sa_viewer, query="clamping").total == 0


def test_indexing_twice_changes_nothing(engine, session, sa_viewer):
    make_descriptor(session, criterion_name="Surface finish")

    library_index.ensure_search_index(engine)

    assert search(session, sa_viewer, query="surface").total == 1


def test_descriptors_written_before_the_index_existed_are_backfilled(engine, session, sa_viewer):
    library_index.drop_search_index(engine)
    make_descriptor(session, criterion_name="Surface finish")

    library_index.ensure_search_index(engine)

    assert names(search(session, sa_viewer, query="surface")) == ["Surface finish"]


def test_a_status_change_leaves_the_stored_search_vector_alone(engine, session, sa_viewer):
    """A batch submit rewrites thousands of drafts' statuses; on PostgreSQL none of them may
    rewrite a tsvector or a library entry (text edits and library changes only)."""
    if engine.dialect.name != "postgresql":
        pytest.skip("the stored tsvector is PostgreSQL's; SQLite's FTS5 trigger names its columns the same way")
    descriptor = make_descriptor(session, criterion_name="Torque setting", batch_status=DescriptorBatchStatus.DRAFT)
    version = sa.text(f"SELECT xmin::text FROM {library_index.PG_SEARCH_TABLE} WHERE descriptor_id = :id")
    before = session.execute(version, {"id": descriptor.id}).scalar_one()

    session.execute(
        sa.update(Descriptor)
        .where(Descriptor.id == descriptor.id)
        .values(batch_status=DescriptorBatchStatus.PENDING_REVIEW, submitted_at=sa.func.now(), row_version=9)
    )
    session.commit()

    assert session.execute(version, {"id": descriptor.id}).scalar_one() == before  # the same row version
