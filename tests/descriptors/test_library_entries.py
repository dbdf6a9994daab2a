"""The library's entries and facet counts (library_entries) stay exact through every kind of
change, and the search's totals and facets equal a count of the visible descriptors."""

from __future__ import annotations

import itertools
import random
import threading
from collections import Counter
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from tests.descriptors.library_helpers import make_descriptor, make_section
from tests.factories import make_actor
from workflow_app.descriptors.domain import library, library_entries, library_index
from workflow_app.models import Descriptor, DescriptorBatchStatus, QualityIndicator, Role, WsosSection

Q = QualityIndicator


@pytest.fixture(autouse=True)
def search_index(engine):
    library_index.ensure_search_index(engine)


def facet_rows(session: Session) -> set[tuple[str, str, str, str, int]]:
    rows = session.execute(
        sa.text(f"SELECT skill, category, quality, section_id, n FROM {library_entries.FACET_TABLE} WHERE n <> 0")
    )
    return {tuple(row) for row in rows}  # type: ignore[misc]


def assert_counts_exact(session: Session) -> None:
    """The counts the triggers kept equal the counts rebuilt from the descriptors."""
    session.commit()
    kept = facet_rows(session)
    library_entries.recount_facets(session.connection())
    assert kept == facet_rows(session)
    session.rollback()


def entries(session: Session) -> dict[str, tuple]:
    table = library_entries.entry_table(session.get_bind().dialect.name)
    columns = [table.c.descriptor_id, table.c.listed, table.c.quality, table.c.section_id, table.c.criterion_name]
    return {row[0]: tuple(row[1:]) for row in session.execute(sa.select(*columns))}


def test_every_kind_of_change_keeps_entries_and_counts_exact(session):
    admin = make_actor(session, role=Role.ADMIN)
    welding, fitting = make_section(session, admin, name="Welding"), make_section(session, admin, name="Fitting")
    a = make_descriptor(session, categories=["Safety", "Quality"], skill_names=["Welding"], section=welding)
    b = make_descriptor(session, categories=["Safety", "Safety", ""], skill_names=[], quality=Q.EXCELLENT)
    c = make_descriptor(session, batch_status=DescriptorBatchStatus.DRAFT, categories=["Planning"])
    d = make_descriptor(session, section=fitting, categories=[], skill_names=["Welding", "Fitting"])
    assert_counts_exact(session)

    changes = [
        {"quality_indicator": Q.REFERENCE},
        {"categories": ["Finishing"]},
        {"skill_names": ["Fitting"]},
        {"wsos_section_id": fitting.id},
        {"criterion_name": "Bead profile even"},
        {"deleted_at": datetime(2026, 2, 1, tzinfo=UTC)},
        {"deleted_at": None},
        {"batch_status": DescriptorBatchStatus.PENDING_REVIEW},
        {"batch_status": DescriptorBatchStatus.RETURNED},
        {"batch_status": DescriptorBatchStatus.APPROVED},
    ]
    for target, change in itertools.product((a, c), changes):
        session.execute(sa.update(Descriptor).where(Descriptor.id == target.id).values(**change))
        assert_counts_exact(session)
    # Several rows in one statement (a bulk decision), a section deleted (SET NULL), rows deleted.
    session.execute(
        sa.update(Descriptor).where(Descriptor.id.in_([b.id, d.id])).values(batch_status=DescriptorBatchStatus.APPROVED)
    )
    assert_counts_exact(session)
    session.delete(session.get(WsosSection, fitting.id))
    assert_counts_exact(session)
    session.execute(sa.delete(Descriptor).where(Descriptor.id.in_([a.id, b.id])))
    assert_counts_exact(session)

    session.commit()
    left = entries(session)
    assert set(left) == {c.id, d.id}
    listed, quality, section_id, name = left[c.id]
    assert (bool(listed), quality, section_id, name) == (True, "REFERENCE", None, "Bead profile even")
    assert left[d.id][2] is None  # its section was deleted


def test_a_batch_submit_changes_no_entry_and_no_count(session):
    drafts = [make_descriptor(session, batch_status=DescriptorBatchStatus.DRAFT) for _ in range(3)]
    make_descriptor(session, categories=["Safety"])
    before_counts, before_entries = facet_rows(session), entries(session)

    session.execute(
        sa.update(Descriptor)
        .where(Descriptor.id.in_([d.id for d in drafts]))
        .values(batch_status=DescriptorBatchStatus.PENDING_REVIEW, batch_id="b1")
    )
    session.commit()

    assert facet_rows(session) == before_counts
    assert entries(session) == before_entries


# --- the search's counts against the descriptors themselves ----------------------------------


def visible(session: Session, role: Role) -> list[Descriptor]:
    found = session.exec(select(Descriptor)).all()
    return [
        d
        for d in found
        if d.deleted_at is None
        and d.batch_status in (None, DescriptorBatchStatus.APPROVED)
        and not (role == Role.SCM and d.quality_indicator == Q.NEEDS_REVIEW)
    ]


def expected(rows: list[Descriptor], *, section_id: str, quality: str, category: str, skill: str):
    def keep(d: Descriptor, without: str) -> bool:
        return (
            (without == "section" or not section_id or d.wsos_section_id == section_id)
            and (without == "quality" or not quality or d.quality_indicator.value == quality)
            and (without == "category" or not category or category in d.categories)
            and (not skill or skill in d.skill_names)
        )

    total = sum(keep(d, "") for d in rows)
    qualities = Counter(d.quality_indicator.value for d in rows if keep(d, "quality"))
    sections = Counter(d.wsos_section_id for d in rows if keep(d, "section") and d.wsos_section_id)
    categories = Counter(c for d in rows if keep(d, "category") for c in set(d.categories) if c)
    return total, dict(qualities), dict(sections), dict(categories)


@pytest.mark.parametrize("role", [Role.SA, Role.SCM])
@pytest.mark.parametrize("query", ["", "torque", "torque -spanner", "-spanner"])
def test_totals_and_facets_equal_a_count_of_the_visible_descriptors(session, role, query):
    admin = make_actor(session, role=Role.ADMIN)
    sections = [make_section(session, admin, name=f"Section {n}") for n in range(3)]
    pick = random.Random(7).choice  # every attribute independent of the others
    for n in range(120):
        make_descriptor(
            session,
            criterion_name=f"{pick(['Torque', 'Spanner torque', 'Bead', 'Spanner'])} setting {n}",
            categories=pick([["Safety"], ["Safety", "Quality"], [], ["Planning"], ["Quality", "Planning"]]),
            skill_names=pick([["Welding"], ["Fitting"], ["Welding", "Fitting"], []]),
            quality=pick(list(Q)),
            batch_status=pick([None, None, DescriptorBatchStatus.APPROVED, DescriptorBatchStatus.DRAFT]),
            section=pick([*sections, None]),
            deleted=pick([False] * 9 + [True]),
        )
    viewer = make_actor(session, role=role)
    matches = {
        "": lambda d: True,
        "torque": lambda d: "torque" in d.criterion_name.lower(),
        "torque -spanner": lambda d: "torque" in d.criterion_name.lower() and "spanner" not in d.criterion_name.lower(),
        "-spanner": lambda d: "spanner" not in d.criterion_name.lower(),
    }[query]
    rows = [d for d in visible(session, role) if matches(d)]

    for section_id, quality, category, skill in itertools.product(
        ["", sections[1].id], ["", "GOOD"], ["", "Safety"], ["", "Fitting"]
    ):
        filters = {"section_id": section_id, "quality": quality, "category": category, "skill": skill}
        page = library.search_descriptors(session, viewer, query=query, page_size=50, **filters).value
        total, qualities, by_section, categories = expected(rows, **filters)

        assert page.total == total and len(page.items) == min(total, 50), filters
        assert {f.key: f.count for f in page.facets.qualities} == qualities, filters
        assert {f.key: f.count for f in page.facets.sections} == by_section, filters
        assert {f.key: f.count for f in page.facets.categories} == categories, filters


def test_concurrent_bulk_approvals_keep_the_counts_exact(engine, session):
    """Two SAs approve descriptors at once, each in one statement, listing them in opposite
    orders of the counter rows they touch; twenty rounds. The counts stay exact and neither
    statement fails (on PostgreSQL each applies its counts in key order)."""
    admin = make_actor(session, role=Role.ADMIN)
    sections = [make_section(session, admin, name=f"Section {n}") for n in range(2)]
    failures: list[BaseException] = []

    def approve(ids: list[str], start: threading.Barrier) -> None:
        try:
            with Session(engine) as own:
                start.wait(timeout=10)
                own.execute(
                    sa.update(Descriptor)
                    .where(Descriptor.id.in_(ids))
                    .values(batch_status=DescriptorBatchStatus.APPROVED)
                )
                own.commit()
        except BaseException as failure:  # noqa: BLE001 - reported by the assertion below
            failures.append(failure)

    for _ in range(20):
        pending = [
            make_descriptor(
                session,
                batch_status=DescriptorBatchStatus.PENDING_REVIEW,
                quality=quality,
                section=section,
                categories=["Safety"],
                skill_names=["Welding"],
            )
            for quality, section in itertools.product((Q.GOOD, Q.EXCELLENT), sections)
        ]
        first, second = [d.id for d in pending[:2]], [d.id for d in pending[2:]][::-1]
        start = threading.Barrier(2)
        threads = [threading.Thread(target=approve, args=(ids, start)) for ids in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert failures == []
    assert_counts_exact(session)
    assert library.search_descriptors(session, make_actor(session, role=Role.SA)).value.total == 80
