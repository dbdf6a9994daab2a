"""Admin curation of the descriptor library: create, edit, soft-delete, restore, and the similar
descriptors warning (ORIGINS Part 2 B, C3)."""

from __future__ import annotations

import pytest
from sqlmodel import update

from tests.descriptors.descriptor_helpers import (
    audit_for,
    form,
    fresh,
    make_descriptor,
    make_section,
    snapshot,
)
from tests.factories import make_actor
from workflow_app.core import errors as e
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok
from workflow_app.descriptors.domain import curation
from workflow_app.descriptors.domain.curation import CuratedDescriptorIn
from workflow_app.models import AuditAction, Descriptor, DescriptorBatchStatus, QualityIndicator, Role

B = DescriptorBatchStatus
C = ErrorCode
NON_ADMINS = [Role.SUBMITTER, Role.SCM, Role.SA]


@pytest.fixture(params=[Role.ADMIN, Role.SUPERADMIN])
def admin(request, session):
    return make_actor(session, role=request.param, display_name="Ada Admin")


@pytest.fixture
def scm(session):
    return make_actor(session, role=Role.SCM, display_name="Sue SCM")


@pytest.fixture
def section(session, scm):
    return make_section(session, scm, name="Work Organisation and Management")


def assert_refused(result, code, message=None):
    assert isinstance(result, Err), result
    assert result.code == code
    assert result.message == (message or e.MESSAGES[code])


def create(session, clock, actor, section=None, **overrides):
    return curation.create_curated_descriptor(
        session, actor, CuratedDescriptorIn(**form(section, **overrides)), clock=clock
    )


def edit(session, clock, actor, descriptor_id, section=None, expected_version=None, **overrides):
    return curation.update_curated_descriptor(
        session,
        actor,
        CuratedDescriptorIn(**form(section, **overrides)),
        descriptor_id=descriptor_id,
        expected_version=expected_version,
        clock=clock,
    )


def library_descriptor(session, *, criterion_name="Quality of weld seam", code=None, status=None, deleted=False):
    """An imported (status None) or approved descriptor, as the library holds them."""
    return make_descriptor(session, None, status=status, criterion_name=criterion_name, code=code, deleted=deleted)


# --- roles -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", NON_ADMINS)
def test_only_administrators_may_curate_and_a_refusal_writes_nothing(session, clock, role):
    actor = make_actor(session, role=role)
    live, gone = library_descriptor(session), library_descriptor(session, deleted=True)
    before = snapshot(session)
    attempts = [
        create(session, clock, actor),
        edit(session, clock, actor, live.id),
        curation.delete_curated_descriptor(session, actor, descriptor_id=live.id, clock=clock),
        curation.restore_curated_descriptor(session, actor, descriptor_id=gone.id, clock=clock),
    ]
    for result in attempts:
        assert_refused(result, C.FORBIDDEN_ROLE, "Action restricted to Administrators")
    assert snapshot(session) == before


# --- create ----------------------------------------------------------------------------------


def test_admin_creates_a_manual_reference_descriptor_without_a_section(session, clock, admin):
    result = create(session, clock, admin, categories="Welding, Safety", skill_names="Welding")
    assert isinstance(result, Ok), result
    d = fresh(session, Descriptor, result.value.id)
    assert (d.source, d.batch_status, d.quality_indicator, d.wsos_section_id, d.created_by_id) == (
        "Manual",
        None,
        QualityIndicator.REFERENCE,
        None,
        None,
    )
    assert (d.code, d.criterion_name, d.tags, d.categories, d.skill_names, d.row_version) == (
        "A1",
        "Quality of weld seam",
        ["safety", "measurement", "quality"],
        ["Welding", "Safety"],
        ["Welding"],
        1,
    )
    [entry] = audit_for(session, AuditAction.DESCRIPTOR_CREATED)
    assert (entry.actor_id, entry.target_type, entry.target_id, entry.target_title, entry.details) == (
        admin.user_id,
        "descriptor",
        d.id,
        "Quality of weld seam",
        {"code": "A1", "sectionId": None, "source": "Manual", "quality": "REFERENCE"},
    )


def test_admin_may_give_a_section_and_a_quality(session, clock, admin, section):
    result = create(session, clock, admin, section, quality="EXCELLENT")
    d = fresh(session, Descriptor, result.value.id)
    assert (d.wsos_section_id, d.quality_indicator) == (section.id, QualityIndicator.EXCELLENT)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"quality": "SUPERB"}, "quality", e.QUALITY_INVALID),
        ({"code": " "}, "code", "Code is required"),
        ({"criterion_name": "Weld"}, "criterion_name", "Criterion name must be at least 5 characters"),
        (
            {"score3": "", "score2": None, "score1": " ", "score0": None},
            "scores",
            "At least one performance level description is required",
        ),
        ({"wsos_section_id": "no-such-section"}, "wsos_section_id", "Section not found."),
    ],
)
def test_an_invalid_curation_form_is_refused_and_nothing_is_written(session, clock, admin, overrides, field, message):
    live = library_descriptor(session)
    before = snapshot(session)
    for result in (create(session, clock, admin, **overrides), edit(session, clock, admin, live.id, **overrides)):
        assert_refused(result, C.VALIDATION_ERROR, message)
        assert result.field_errors[field] == message
    assert snapshot(session) == before


# --- update ----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [None, B.APPROVED])
def test_admin_edits_a_library_descriptor_and_the_edit_is_audited(session, clock, admin, status):
    d = library_descriptor(session, status=status)
    clock.advance(minutes=5)
    result = edit(
        session,
        clock,
        admin,
        d.id,
        expected_version=1,
        criterion_name="Weld seam finish",
        score0=None,
        quality=QualityIndicator.GOOD,
    )
    assert isinstance(result, Ok), result
    assert (result.value.row_version, result.value.updated_at) == (2, clock.now())
    d = fresh(session, Descriptor, d.id)
    assert (d.criterion_name, d.score0, d.quality_indicator, d.batch_status, d.row_version) == (
        "Weld seam finish",
        None,
        QualityIndicator.GOOD,
        status,
        2,
    )
    [entry] = audit_for(session, AuditAction.DESCRIPTOR_UPDATED)
    assert (entry.actor_id, entry.target_id, entry.target_title, entry.details) == (
        admin.user_id,
        d.id,
        "Weld seam finish",
        {"code": "A1", "quality": "GOOD", "rowVersion": 2},
    )


def test_an_edit_without_a_quality_keeps_the_stored_one(session, clock, admin):
    d = library_descriptor(session, status=B.APPROVED)
    edit(session, clock, admin, d.id)
    assert fresh(session, Descriptor, d.id).quality_indicator == QualityIndicator.GOOD


def test_an_edit_from_a_stale_form_is_a_conflict_and_writes_nothing(session, clock, admin):
    d = library_descriptor(session)
    assert isinstance(edit(session, clock, admin, d.id, expected_version=1, code="A2"), Ok)
    before = snapshot(session)
    assert_refused(edit(session, clock, admin, d.id, expected_version=1, code="A3"), C.CONFLICT, e.DESCRIPTOR_CHANGED)
    assert snapshot(session) == before


def test_an_edit_that_loses_the_race_is_a_conflict(session, clock, admin, monkeypatch):
    d = library_descriptor(session)
    real = curation._curatable

    def read_then_someone_saves(session_, descriptor_id, *, deleted):
        found = real(session_, descriptor_id, deleted=deleted)
        # Another admin's save lands between the read and the write; the copy read stays as it was.
        bump = update(Descriptor).where(Descriptor.id == d.id).values(row_version=Descriptor.row_version + 1)
        session_.exec(bump.execution_options(synchronize_session=False))
        session_.commit()
        monkeypatch.setattr(curation, "_curatable", real)
        return found

    monkeypatch.setattr(curation, "_curatable", read_then_someone_saves)
    assert_refused(edit(session, clock, admin, d.id, code="A9"), C.CONFLICT, e.DESCRIPTOR_CHANGED)
    assert fresh(session, Descriptor, d.id).code != "A9"
    assert audit_for(session, AuditAction.DESCRIPTOR_UPDATED) == []


@pytest.mark.parametrize("status", [B.DRAFT, B.PENDING_REVIEW, B.RETURNED])
def test_an_scm_descriptor_still_in_the_workflow_cannot_be_curated(session, clock, admin, scm, status):
    d = make_descriptor(session, scm, status=status)
    before = snapshot(session)
    assert_refused(edit(session, clock, admin, d.id), C.DESCRIPTOR_NOT_EDITABLE)
    assert_refused(
        curation.delete_curated_descriptor(session, admin, descriptor_id=d.id, clock=clock),
        C.DESCRIPTOR_NOT_EDITABLE,
        e.DESCRIPTOR_NOT_DELETABLE,
    )
    assert snapshot(session) == before


def test_a_deleted_or_missing_descriptor_cannot_be_edited(session, clock, admin):
    gone = library_descriptor(session, deleted=True)
    before = snapshot(session)
    assert_refused(edit(session, clock, admin, gone.id), C.DESCRIPTOR_NOT_EDITABLE)
    assert_refused(edit(session, clock, admin, "no-such-id"), C.DESCRIPTOR_NOT_EDITABLE)
    assert snapshot(session) == before


# --- delete / restore ------------------------------------------------------------------------


def test_admin_soft_deletes_and_restores_a_descriptor_with_audit_rows(session, clock, admin):
    d = library_descriptor(session, criterion_name="Safe use of tools")
    clock.advance(hours=1)
    assert curation.delete_curated_descriptor(session, admin, descriptor_id=d.id, clock=clock) == Ok(d.id)
    row = fresh(session, Descriptor, d.id)
    assert (row.deleted_at.replace(tzinfo=None), row.deleted_by, row.row_version) == (
        clock.now().replace(tzinfo=None),
        admin.user_id,
        2,
    )
    [deleted] = audit_for(session, AuditAction.DESCRIPTOR_DELETED)
    assert (deleted.actor_id, deleted.target_id, deleted.target_title, deleted.details) == (
        admin.user_id,
        d.id,
        "Safe use of tools",
        {"code": d.code},
    )

    assert curation.restore_curated_descriptor(session, admin, descriptor_id=d.id, clock=clock) == Ok(d.id)
    row = fresh(session, Descriptor, d.id)
    assert (row.deleted_at, row.deleted_by, row.row_version) == (None, None, 3)
    [restored] = audit_for(session, AuditAction.DESCRIPTOR_UPDATED)
    assert (restored.actor_id, restored.target_id, restored.details) == (
        admin.user_id,
        d.id,
        {"code": d.code, "restored": True},
    )


def test_deleting_twice_or_restoring_a_live_descriptor_is_refused(session, clock, admin):
    live, gone = library_descriptor(session), library_descriptor(session, deleted=True)
    before = snapshot(session)
    assert_refused(
        curation.delete_curated_descriptor(session, admin, descriptor_id=gone.id, clock=clock),
        C.DESCRIPTOR_NOT_EDITABLE,
        e.DESCRIPTOR_NOT_DELETABLE,
    )
    assert_refused(
        curation.restore_curated_descriptor(session, admin, descriptor_id=live.id, clock=clock),
        C.DESCRIPTOR_NOT_EDITABLE,
        e.DESCRIPTOR_NOT_RESTORABLE,
    )
    assert_refused(
        curation.delete_curated_descriptor(session, admin, descriptor_id="", clock=clock),
        C.VALIDATION_ERROR,
        e.DESCRIPTOR_ID_REQUIRED,
    )
    assert snapshot(session) == before


# --- similar descriptors ---------------------------------------------------------------------


def test_a_near_duplicate_is_found_and_an_unrelated_name_is_not(session, admin):
    near = library_descriptor(session, criterion_name="Quality of the weld seam", code="W1")
    library_descriptor(session, criterion_name="Customer communication")
    library_descriptor(session, criterion_name="Quality of weld seams", deleted=True)
    found = curation.similar_descriptors(session, admin, criterion_name="Quality of weld seam")
    assert [(s.id, s.code, s.criterion_name) for s in found] == [(near.id, "W1", "Quality of the weld seam")]
    assert 40 < found[0].percent <= 100


def test_the_current_descriptor_is_left_out_when_editing(session, admin):
    d = library_descriptor(session, criterion_name="Quality of weld seam")
    assert [s.id for s in curation.similar_descriptors(session, admin, criterion_name=d.criterion_name)] == [d.id]
    assert curation.similar_descriptors(session, admin, criterion_name=d.criterion_name, exclude_id=d.id) == []


def test_the_threshold_is_strictly_above_0_4_and_at_most_five_are_listed(session, admin):
    for n in range(7):
        library_descriptor(session, criterion_name=f"Weld seam quality check {n}")
    found = curation.similar_descriptors(session, admin, criterion_name="Weld seam quality check")
    assert len(found) == 5
    assert all(s.percent > 40 for s in found)
    assert curation.similar_descriptors(session, admin, criterion_name="Weld") == []


@pytest.mark.parametrize("role", [Role.SUBMITTER, Role.SCM, Role.SA])
def test_only_curators_get_similar_descriptors_which_read_drafts_of_every_scm(session, role):
    library_descriptor(session, criterion_name="Quality of the weld seam")
    reader = make_actor(session, role=role)
    assert curation.similar_descriptors(session, reader, criterion_name="Quality of weld seam") == []
