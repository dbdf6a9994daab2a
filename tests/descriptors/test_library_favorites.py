"""Favorites, related descriptors and compare, on both databases."""

from __future__ import annotations

import logging

import pytest
from sqlmodel import func, select

from tests.descriptors.library_helpers import make_descriptor
from tests.factories import make_actor
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok
from workflow_app.core.similarity import trigram_similarity
from workflow_app.descriptors.domain import library, library_index
from workflow_app.models import DescriptorBatchStatus, DescriptorFavorite, QualityIndicator, Role


@pytest.fixture(autouse=True)
def search_index(engine):
    library_index.ensure_search_index(engine)


@pytest.fixture
def viewer(session):
    return make_actor(session, role=Role.SA)


def favorite_count(session) -> int:
    return session.exec(select(func.count()).select_from(DescriptorFavorite)).one()


def test_toggling_a_favorite_twice_adds_then_removes_it(session, viewer, clock):
    descriptor = make_descriptor(session)

    added = library.toggle_favorite(session, viewer, descriptor_id=descriptor.id, clock=clock)
    assert added == Ok(True)
    assert [i.id for i in library.favorites_page(session, viewer, page=1).items] == [descriptor.id]
    assert library.search_descriptors(session, viewer).value.items[0].is_favorite

    removed = library.toggle_favorite(session, viewer, descriptor_id=descriptor.id, clock=clock)
    assert removed == Ok(False)
    assert library.favorites_page(session, viewer, page=1).items == []
    assert favorite_count(session) == 0


def test_favorites_are_personal_and_newest_first(session, viewer, clock):
    older, newer = (
        make_descriptor(session, criterion_name="Older pick"),
        make_descriptor(session, criterion_name="Newer pick"),
    )
    someone_else = make_actor(session, role=Role.SUBMITTER)
    library.toggle_favorite(session, viewer, descriptor_id=older.id, clock=clock)
    clock.advance(minutes=5)
    library.toggle_favorite(session, viewer, descriptor_id=newer.id, clock=clock)

    assert [i.criterion_name for i in library.favorites_page(session, viewer, page=1).items] == [
        "Newer pick",
        "Older pick",
    ]
    assert all(i.is_favorite for i in library.favorites_page(session, viewer, page=1).items)
    assert library.favorites_page(session, someone_else, page=1).items == []
    assert not library.search_descriptors(session, someone_else).value.items[0].is_favorite


def test_a_soft_deleted_descriptor_disappears_from_favorites(session, viewer, clock):
    descriptor = make_descriptor(session)
    library.toggle_favorite(session, viewer, descriptor_id=descriptor.id, clock=clock)

    descriptor.deleted_at = clock.now()
    session.add(descriptor)
    session.commit()

    assert library.favorites_page(session, viewer, page=1).items == []


@pytest.mark.parametrize("hidden", ["deleted", "draft", "missing", "needs_review_for_scm"])
def test_a_descriptor_outside_the_library_cannot_be_favorited(session, clock, hidden):
    scm = make_actor(session, role=Role.SCM)
    descriptor = make_descriptor(
        session,
        deleted=hidden == "deleted",
        batch_status=DescriptorBatchStatus.DRAFT if hidden == "draft" else None,
        quality=QualityIndicator.NEEDS_REVIEW if hidden == "needs_review_for_scm" else QualityIndicator.GOOD,
    )
    target = "no-such-id" if hidden == "missing" else descriptor.id

    result = library.toggle_favorite(session, scm, descriptor_id=target, clock=clock)

    assert isinstance(result, Err) and result.code == ErrorCode.DESCRIPTOR_NOT_FOUND
    assert favorite_count(session) == 0


def test_related_descriptors_are_similar_names_above_the_threshold_best_first(session, viewer):
    base = make_descriptor(session, criterion_name="Work Organisation and Management")
    close = make_descriptor(session, criterion_name="Work Organization Management")
    near = make_descriptor(session, criterion_name="Work Organisation")
    make_descriptor(session, criterion_name="Electrical safety checks")
    make_descriptor(session, criterion_name="Work Organization and Management", deleted=True)
    make_descriptor(
        session,
        criterion_name="Work Organisation and Management plan",
        batch_status=DescriptorBatchStatus.PENDING_REVIEW,
    )

    result = library.related_descriptors(session, viewer, descriptor_id=base.id)

    assert isinstance(result, Ok)
    assert [r.id for r in result.value] == [close.id, near.id]
    assert result.value[0].percent == 72
    assert all(r.similarity > 0.3 for r in result.value)
    assert trigram_similarity(near.criterion_name, base.criterion_name) == pytest.approx(result.value[1].similarity)


def test_related_descriptors_respect_threshold_limit_and_the_scm_view(session, viewer):
    base = make_descriptor(session, criterion_name="Measuring accuracy")
    for n in range(7):
        make_descriptor(session, criterion_name=f"Measuring accuracy {n}")
    hidden = make_descriptor(session, criterion_name="Measuring accuracy 9", quality=QualityIndicator.NEEDS_REVIEW)
    scm = make_actor(session, role=Role.SCM)

    assert len(library.related_descriptors(session, viewer, descriptor_id=base.id).value) == 5
    assert len(library.related_descriptors(session, viewer, descriptor_id=base.id, limit=10).value) == 8
    assert hidden.id not in [
        r.id for r in library.related_descriptors(session, scm, descriptor_id=base.id, limit=10).value
    ]
    assert library.related_descriptors(session, viewer, descriptor_id=base.id, threshold=0.99).value == []
    missing = library.related_descriptors(session, viewer, descriptor_id="nope")
    assert isinstance(missing, Err) and missing.code == ErrorCode.DESCRIPTOR_NOT_FOUND


def test_compare_takes_two_or_three_descriptors_in_the_order_picked(session, viewer):
    a, b, c, d = (make_descriptor(session, criterion_name=f"Compared {n}") for n in "abcd")

    three = library.compare_descriptors(session, viewer, ids=[c.id, a.id, b.id])
    too_many = library.compare_descriptors(session, viewer, ids=[a.id, b.id, c.id, d.id])
    too_few = library.compare_descriptors(session, viewer, ids=[a.id, a.id])

    assert isinstance(three, Ok) and [i.id for i in three.value] == [c.id, a.id, b.id]
    assert isinstance(too_many, Err) and too_many.message == "You can only compare up to 3 descriptors at a time"
    assert isinstance(too_few, Err) and too_few.message == "Select at least 2 descriptors to compare"


def test_compare_refuses_descriptors_outside_the_library(session, viewer):
    shown = make_descriptor(session, criterion_name="Shown")
    gone = make_descriptor(session, criterion_name="Gone", deleted=True)

    result = library.compare_descriptors(session, viewer, ids=[shown.id, gone.id])

    assert isinstance(result, Err) and result.code == ErrorCode.DESCRIPTOR_NOT_FOUND


def test_each_toggle_is_logged_with_who_and_which_descriptor(session, viewer, clock, caplog):
    descriptor = make_descriptor(session)
    with caplog.at_level(logging.INFO, logger="workflow_app.descriptors.domain.library"):
        library.toggle_favorite(session, viewer, descriptor_id=descriptor.id, clock=clock)
        library.toggle_favorite(session, viewer, descriptor_id=descriptor.id, clock=clock)

    lines = [r for r in caplog.records if r.getMessage().startswith("favorite.")]
    assert [r.getMessage() for r in lines] == ["favorite.added", "favorite.removed"]
    assert {(r.user_id, r.descriptor_id) for r in lines} == {(viewer.user_id, descriptor.id)}


def test_favorites_come_a_page_at_a_time_and_a_page_past_the_end_shows_the_last(session, viewer, clock):
    picked = [make_descriptor(session, criterion_name=f"Pick {n}") for n in range(library.PAGE_SIZE + 3)]
    for d in picked:
        library.toggle_favorite(session, viewer, descriptor_id=d.id, clock=clock)
        clock.advance(seconds=1)

    first = library.favorites_page(session, viewer, page=1)
    last = library.favorites_page(session, viewer, page=99)

    assert (first.total, first.total_pages, len(first.items)) == (library.PAGE_SIZE + 3, 2, library.PAGE_SIZE)
    assert first.items[0].id == picked[-1].id  # newest favorite first
    assert (last.page, [i.id for i in last.items]) == (2, [d.id for d in reversed(picked[:3])])
