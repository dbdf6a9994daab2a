"""An SCM's descriptors: create, edit, autosave, delete, submit a batch, revise a returned one, and
the My Descriptors and edit views (seeds 000/001, ORIGINS Part 2 B, C4, D, F 6–10, 16)."""

from __future__ import annotations

import pytest
from sqlmodel import Session, update

from tests.descriptors.descriptor_helpers import (
    audit_for,
    count,
    descriptor_state,
    form,
    fresh,
    insert_drafts,
    make_descriptor,
    make_section,
    make_skill,
    snapshot,
)
from tests.factories import make_actor
from workflow_app.core import errors as e
from workflow_app.core import workflow
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok
from workflow_app.descriptors.domain import descriptor_queries, descriptors
from workflow_app.descriptors.domain.descriptors import DescriptorIn
from workflow_app.descriptors.domain.events import BatchSentForReview
from workflow_app.models import AuditAction, Descriptor, DescriptorBatchStatus, QualityIndicator, Role

B = DescriptorBatchStatus
C = ErrorCode
NOT_EDITABLE = "Descriptor not found or cannot be edited"
NOT_DELETABLE = "Descriptor not found or cannot be deleted"


@pytest.fixture
def scm(session):
    return make_actor(session, role=Role.SCM, display_name="Sue SCM")


@pytest.fixture
def other_scm(session):
    return make_actor(session, role=Role.SCM, display_name="Otto SCM")


@pytest.fixture
def sa(session):
    return make_actor(session, role=Role.SA, display_name="Sam SA", email="sam.sa@example.com")


@pytest.fixture
def section(session, scm):
    return make_section(session, scm, name="Work Organisation and Management")


def assert_refused(result, code, message=None):
    assert isinstance(result, Err), result
    assert result.code == code
    assert result.message == (message or e.MESSAGES[code])


def create(session, clock, actor, section, **overrides):
    return descriptors.create_descriptor(session, actor, DescriptorIn(**form(section, **overrides)), clock=clock)


def update_(session, clock, actor, descriptor_id, section, expected_version=None, **overrides):
    fields = form(section, **overrides)
    return descriptors.update_descriptor(
        session,
        actor,
        DescriptorIn(**fields),
        descriptor_id=descriptor_id,
        expected_version=expected_version,
        clock=clock,
    )


def revise(session, clock, actor, descriptor_id, section, **overrides):
    return descriptors.revise_returned_descriptor(
        session, actor, DescriptorIn(**form(section, **overrides)), descriptor_id=descriptor_id, clock=clock
    )


def autosave(session, clock, actor, descriptor_id, section, *, version, editing="tab-1", **overrides):
    return descriptors.autosave_descriptor(
        session,
        actor,
        DescriptorIn(**form(section, **overrides)),
        descriptor_id=descriptor_id,
        expected_version=version,
        editing_session_id=editing,
        clock=clock,
    )


# --- create ----------------------------------------------------------------------------------


def test_an_scm_creates_a_draft_that_needs_review_with_source_scm(session, clock, scm, section):
    result = create(
        session,
        clock,
        scm,
        section,
        code=" A1 ",
        criterion_name="  Quality of weld seam ",
        score1="   ",
        score0=None,
        tags=" safety , ,measurement,, safety",
        categories=["Welding "],
    )

    assert isinstance(result, Ok)
    d = fresh(session, Descriptor, result.value.id)
    assert (d.code, d.criterion_name, d.score3, d.score1, d.score0, d.tags, d.categories) == (
        "A1",
        "Quality of weld seam",
        "Flawless seam, no porosity",
        None,
        None,
        ["safety", "measurement"],
        ["Welding"],
    )
    assert (d.batch_status, d.quality_indicator, d.source, d.created_by_id, d.wsos_section_id) == (
        B.DRAFT,
        QualityIndicator.NEEDS_REVIEW,
        "SCM",
        scm.user_id,
        section.id,
    )
    assert (d.batch_id, d.submitted_at, d.row_version, d.schema_version) == (None, None, 1, 1)
    assert result.value.row_version == 1
    [entry] = audit_for(session, AuditAction.DESCRIPTOR_CREATED)
    assert (entry.actor_id, entry.target_type, entry.target_id, entry.target_title, entry.details) == (
        scm.user_id,
        "descriptor",
        d.id,
        "Quality of weld seam",
        {"code": "A1", "sectionId": section.id},
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"wsos_section_id": None}, "wsos_section_id", "WSOS section is required"),
        ({"wsos_section_id": "no-such-section"}, "wsos_section_id", "WSOS section is required"),
        (
            {"score3": " ", "score2": "", "score1": None, "score0": None},
            "scores",
            "At least one performance level description is required",
        ),
        ({"criterion_name": "  Weld  "}, "criterion_name", "Criterion name must be at least 5 characters"),
        ({"code": "  "}, "code", "Code is required"),
        ({"code": "x" * 33}, "code", "Code must be 32 characters or fewer"),
        ({"score2": "x" * 5001}, "score2", "Each performance level must be 5,000 characters or fewer"),
    ],
)
def test_an_invalid_descriptor_is_refused_and_nothing_is_written(
    session, clock, scm, section, overrides, field, message
):
    before = snapshot(session)

    result = create(session, clock, scm, section, **overrides)

    assert_refused(result, C.VALIDATION_ERROR, message)
    assert result.field_errors == {field: message}
    assert snapshot(session) == before


def test_a_criterion_name_of_5_characters_after_trimming_is_accepted(session, clock, scm, section):
    assert create(session, clock, scm, section, criterion_name="  Welds ").ok


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SUPERADMIN, Role.SA, Role.SUBMITTER])
def test_only_the_scm_role_may_use_the_scm_commands_not_even_admins(session, clock, scm, section, role):
    someone = make_actor(session, role=role)
    draft = make_descriptor(session, scm, section=section)
    before = snapshot(session)

    results = [
        create(session, clock, someone, section),
        update_(session, clock, someone, draft.id, section),
        autosave(session, clock, someone, draft.id, section, version=1),
        descriptors.delete_descriptor(session, someone, descriptor_id=draft.id, clock=clock),
        descriptors.submit_batch(session, someone, clock=clock),
        revise(session, clock, someone, draft.id, section),
    ]

    for result in results:
        assert_refused(result, C.FORBIDDEN_ROLE, "Only Skill Competition Managers can manage their descriptors")
    assert snapshot(session) == before


# --- edit and delete: ownership and status together ------------------------------------------


def test_an_scm_updates_an_own_draft_and_the_row_version_moves_on(session, clock, scm, section):
    draft = make_descriptor(session, scm, section=section)
    clock.advance(minutes=5)

    result = update_(
        session, clock, scm, draft.id, section, expected_version=1, criterion_name="Seam quality", tags="weld"
    )

    assert result == Ok(descriptors.DescriptorSaved(draft.id, 2, clock.now()))
    d = fresh(session, Descriptor, draft.id)
    assert (d.criterion_name, d.tags, d.batch_status, d.row_version, d.updated_at) == (
        "Seam quality",
        ["weld"],
        B.DRAFT,
        2,
        clock.now(),
    )
    [entry] = audit_for(session, AuditAction.DESCRIPTOR_UPDATED)
    assert (entry.target_id, entry.target_title, entry.details) == (draft.id, "Seam quality", {"rowVersion": 2})


@pytest.mark.parametrize("case", ["pending", "approved", "returned", "deleted", "another scm's", "missing"])
def test_only_an_own_live_draft_may_be_edited_or_deleted(session, clock, scm, other_scm, sa, section, case):
    owner = other_scm if case == "another scm's" else scm
    status = {"pending": B.PENDING_REVIEW, "approved": B.APPROVED, "returned": B.RETURNED}.get(case, B.DRAFT)
    target = make_descriptor(
        session,
        owner,
        section=section,
        status=status,
        deleted=case == "deleted",
        reviewer=sa if status in (B.APPROVED, B.RETURNED) else None,
    )
    descriptor_id = "missing" if case == "missing" else target.id
    before = snapshot(session)

    updated = update_(session, clock, scm, descriptor_id, section)
    autosaved = autosave(session, clock, scm, descriptor_id, section, version=1)
    deleted = descriptors.delete_descriptor(session, scm, descriptor_id=descriptor_id, clock=clock)

    assert_refused(updated, C.DESCRIPTOR_NOT_EDITABLE, NOT_EDITABLE)
    assert_refused(autosaved, C.DESCRIPTOR_NOT_EDITABLE, NOT_EDITABLE)
    assert_refused(deleted, C.DESCRIPTOR_NOT_EDITABLE, NOT_DELETABLE)
    assert snapshot(session) == before


def test_an_edit_from_a_stale_form_is_a_conflict_and_nothing_is_written(session, clock, scm, section):
    draft = make_descriptor(session, scm, section=section)
    assert update_(session, clock, scm, draft.id, section, expected_version=1, code="A2").ok
    before = snapshot(session)

    result = update_(session, clock, scm, draft.id, section, expected_version=1, code="A3")

    assert_refused(result, C.CONFLICT, e.DESCRIPTOR_CHANGED)
    assert snapshot(session) == before


def _meanwhile(monkeypatch, engine, change) -> None:
    """Runs `change(other_session, descriptor_id)` once, right after the command read the descriptor."""
    read, done = descriptors._own, []

    def read_then_change(session, actor, descriptor_id, status):
        found = read(session, actor, descriptor_id, status)
        if not done:
            done.append(True)
            with Session(engine) as other:
                change(other, descriptor_id)
                other.commit()
        return found

    monkeypatch.setattr(descriptors, "_own", read_then_change)


def test_a_draft_submitted_in_another_tab_between_read_and_write_is_not_overwritten(
    session, clock, engine, scm, section, monkeypatch
):
    draft = make_descriptor(session, scm, section=section)
    _meanwhile(
        monkeypatch,
        engine,
        lambda other, i: other.exec(
            update(Descriptor).where(Descriptor.id == i).values(batch_status=B.PENDING_REVIEW, row_version=2)
        ),
    )

    result = update_(session, clock, scm, draft.id, section, code="Z9")

    assert_refused(result, C.DESCRIPTOR_NOT_EDITABLE, NOT_EDITABLE)
    assert fresh(session, Descriptor, draft.id).code == draft.code
    assert audit_for(session, AuditAction.DESCRIPTOR_UPDATED) == []


def test_deleting_an_own_draft_is_a_soft_delete(session, clock, scm, section):
    draft = make_descriptor(session, scm, section=section, criterion_name="Seam quality")

    result = descriptors.delete_descriptor(session, scm, descriptor_id=draft.id, clock=clock)

    assert result == Ok(draft.id)
    d = fresh(session, Descriptor, draft.id)
    assert (d.deleted_at, d.deleted_by, d.batch_status, d.row_version) == (clock.now(), scm.user_id, B.DRAFT, 2)
    [entry] = audit_for(session, AuditAction.DESCRIPTOR_DELETED)
    assert (entry.target_id, entry.target_title) == (draft.id, "Seam quality")


def test_deleting_without_an_id_asks_for_one(session, clock, scm):
    assert_refused(
        descriptors.delete_descriptor(session, scm, descriptor_id="", clock=clock),
        C.VALIDATION_ERROR,
        "Descriptor ID required",
    )


# --- autosave --------------------------------------------------------------------------------


def test_autosave_writes_every_time_but_audits_once_per_editing_session(session, clock, scm, section):
    draft = make_descriptor(session, scm, section=section)

    first = autosave(session, clock, scm, draft.id, section, version=1, criterion_name="Seam quality")
    second = autosave(session, clock, scm, draft.id, section, version=2, criterion_name="Seam quality, v2")
    other_tab = autosave(session, clock, scm, draft.id, section, version=3, editing="tab-2")

    assert [r.value.row_version for r in (first, second, other_tab)] == [2, 3, 4]
    assert fresh(session, Descriptor, draft.id).criterion_name == "Quality of weld seam"
    entries = audit_for(session, AuditAction.DESCRIPTOR_UPDATED)
    assert [(a.details["editingSession"], a.details["autosave"]) for a in entries] == [("tab-1", True), ("tab-2", True)]


def test_autosave_refuses_an_invalid_form_or_a_stale_version_and_writes_nothing(session, clock, scm, section):
    draft = make_descriptor(session, scm, section=section)
    before = snapshot(session)

    invalid = autosave(session, clock, scm, draft.id, section, version=1, criterion_name="Weld")
    stale = autosave(session, clock, scm, draft.id, section, version=7)

    assert_refused(invalid, C.VALIDATION_ERROR, "Criterion name must be at least 5 characters")
    assert_refused(stale, C.CONFLICT, e.DESCRIPTOR_CHANGED)
    assert snapshot(session) == before


# --- submit a batch --------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["none", "only deleted", "only pending", "only another scm's"])
def test_submitting_without_own_live_drafts_is_refused_and_nothing_is_written(
    session, clock, scm, other_scm, section, case
):
    if case != "none":
        make_descriptor(
            session,
            other_scm if case == "only another scm's" else scm,
            section=section,
            status=B.PENDING_REVIEW if case == "only pending" else B.DRAFT,
            deleted=case == "only deleted",
        )
    before = snapshot(session)

    result = descriptors.submit_batch(session, scm, clock=clock)

    assert_refused(result, C.NO_DRAFTS_TO_SUBMIT, "No draft descriptors to submit")
    assert snapshot(session) == before


def test_submitting_sends_every_own_live_draft_for_review_under_one_new_batch_id(
    session, clock, scm, other_scm, sa, section
):
    make_skill(session, sa=sa, scm=scm)
    drafts = [make_descriptor(session, scm, section=section) for _ in range(3)]
    untouched = [
        make_descriptor(session, other_scm, section=section),
        make_descriptor(session, scm, section=section, deleted=True),
        make_descriptor(session, scm, section=section, status=B.PENDING_REVIEW),
    ]
    before_untouched = [s for s in descriptor_state(session) if s[0] in {d.id for d in untouched}]
    clock.advance(hours=1)

    result = descriptors.submit_batch(session, scm, clock=clock)

    assert isinstance(result, Ok)
    batch = result.value
    assert (batch.count, batch.resubmitted_count, batch.is_resubmission) == (3, 0, False)
    assert (batch.reviewer_ids, batch.reviewer_emails, batch.scm_name) == (
        (sa.user_id,),
        ("sam.sa@example.com",),
        "Sue SCM",
    )
    assert result.events == (BatchSentForReview(scm.user_id, sa_ids=(sa.user_id,), count=3, resubmitted=False),)
    for draft in drafts:
        d = fresh(session, Descriptor, draft.id)
        assert (d.batch_status, d.batch_id, d.submitted_at, d.row_version) == (
            B.PENDING_REVIEW,
            batch.batch_id,
            clock.now(),
            2,
        )
    assert [s for s in descriptor_state(session) if s[0] in {d.id for d in untouched}] == before_untouched
    [entry] = audit_for(session, AuditAction.DESCRIPTOR_BATCH_SUBMITTED)
    assert (entry.target_type, entry.target_id, entry.details) == (
        "descriptor_batch",
        batch.batch_id,
        {"batchId": batch.batch_id, "count": 3, "resubmitted": 0},
    )


def test_a_revised_descriptor_joins_the_one_new_batch_and_remembers_its_previous(session, clock, scm, sa, section):
    make_skill(session, sa=sa, scm=scm)
    returned = make_descriptor(
        session,
        scm,
        section=section,
        status=B.RETURNED,
        batch_id="a" * 32,
        reviewer=sa,
        review_comment="Please be more specific",
    )
    clock.advance(hours=1)

    revised = revise(session, clock, scm, returned.id, section, score2="Two minor defects at most")
    fresh_draft = create(session, clock, scm, section, code="A9")
    submitted = descriptors.submit_batch(session, scm, clock=clock)

    assert revised.ok and fresh_draft.ok
    batch = submitted.value
    assert (batch.count, batch.resubmitted_count, batch.is_resubmission) == (2, 1, True)
    again, new = fresh(session, Descriptor, returned.id), fresh(session, Descriptor, fresh_draft.value.id)
    assert (again.batch_status, again.batch_id, again.previous_batch_id, again.score2) == (
        B.PENDING_REVIEW,
        batch.batch_id,
        "a" * 32,
        "Two minor defects at most",
    )
    assert (new.batch_status, new.batch_id, new.previous_batch_id) == (B.PENDING_REVIEW, batch.batch_id, None)
    assert batch.batch_id != "a" * 32
    [entry] = audit_for(session, AuditAction.DESCRIPTOR_BATCH_SUBMITTED)
    assert entry.details == {"batchId": batch.batch_id, "count": 2, "resubmitted": 1}


def test_a_batch_of_only_resubmissions_still_opens_a_new_batch(session, clock, scm, sa, section):
    returned = make_descriptor(
        session, scm, section=section, status=B.RETURNED, batch_id="b" * 32, reviewer=sa, review_comment="Needs work"
    )
    assert revise(session, clock, scm, returned.id, section).ok

    batch = descriptors.submit_batch(session, scm, clock=clock).value

    assert (batch.count, batch.resubmitted_count, batch.is_resubmission, batch.reviewer_ids) == (1, 1, True, ())
    d = fresh(session, Descriptor, returned.id)
    assert (d.batch_id, d.previous_batch_id) == (batch.batch_id, "b" * 32)
    assert batch.batch_id not in (None, "b" * 32)
    [entry] = audit_for(session, AuditAction.DESCRIPTOR_BATCH_SUBMITTED)
    assert (entry.target_id, entry.details) == (
        batch.batch_id,
        {"batchId": batch.batch_id, "count": 1, "resubmitted": 1},
    )


def test_a_descriptor_returned_twice_remembers_the_batch_it_last_came_from(session, clock, scm, sa, section):
    returned = make_descriptor(
        session, scm, section=section, status=B.RETURNED, batch_id="c" * 32, reviewer=sa, review_comment="Needs work"
    )
    assert revise(session, clock, scm, returned.id, section).ok
    second = descriptors.submit_batch(session, scm, clock=clock).value.batch_id
    session.exec(
        update(Descriptor)
        .where(Descriptor.id == returned.id)
        .values(batch_status=B.RETURNED, review_comment="Still vague", row_version=Descriptor.row_version + 1)
    )
    session.commit()
    assert revise(session, clock, scm, returned.id, section, score2="Gap under 2 mm").ok

    third = descriptors.submit_batch(session, scm, clock=clock).value.batch_id

    d = fresh(session, Descriptor, returned.id)
    assert (d.batch_id, d.previous_batch_id) == (third, second) and third != second


def test_a_batch_submission_is_all_or_nothing(session, clock, scm, section, monkeypatch):
    for _ in range(3):
        make_descriptor(session, scm, section=section)
    returned = make_descriptor(
        session, scm, section=section, status=B.RETURNED, batch_id="c" * 32, review_comment="Needs work"
    )
    assert revise(session, clock, scm, returned.id, section).ok
    before = snapshot(session)

    def audit_fails(*args, **kwargs):
        raise RuntimeError("the audit insert failed")

    monkeypatch.setattr(workflow, "record", audit_fails)  # the executor writes the audit row
    with pytest.raises(RuntimeError):
        descriptors.submit_batch(session, scm, clock=clock)
    session.rollback()

    assert snapshot(session) == before
    assert count(session, Descriptor, Descriptor.batch_status == B.DRAFT) == 4


def test_ten_thousand_drafts_are_submitted_in_one_call(session, clock, scm, section):
    insert_drafts(session, scm, count=10_000, section=section)

    result = descriptors.submit_batch(session, scm, clock=clock)

    assert result.value.count == 10_000
    pending = (
        Descriptor.batch_status == B.PENDING_REVIEW,
        Descriptor.batch_id == result.value.batch_id,
        Descriptor.submitted_at == clock.now(),
    )
    assert count(session, Descriptor, *pending) == 10_000
    assert count(session, Descriptor, Descriptor.batch_status == B.DRAFT) == 0
    assert len(audit_for(session, AuditAction.DESCRIPTOR_BATCH_SUBMITTED)) == 1


# --- revise a returned descriptor ------------------------------------------------------------


def test_revising_a_returned_descriptor_saves_the_edits_and_moves_it_back_to_draft(session, clock, scm, sa, section):
    returned = make_descriptor(
        session,
        scm,
        section=section,
        status=B.RETURNED,
        batch_id="d" * 32,
        reviewer=sa,
        review_comment="Score 2 is vague",
    )
    clock.advance(hours=2)

    result = revise(session, clock, scm, returned.id, section, score2="At most two pores")

    assert result == Ok(descriptors.DescriptorSaved(returned.id, 2, clock.now()))
    d = fresh(session, Descriptor, returned.id)
    assert (d.batch_status, d.score2, d.batch_id, d.review_comment, d.reviewer_id, d.reviewed_at) == (
        B.DRAFT,
        "At most two pores",
        "d" * 32,
        None,
        None,
        None,
    )
    assert d.quality_indicator == QualityIndicator.NEEDS_REVIEW
    [entry] = audit_for(session, AuditAction.DESCRIPTOR_REVISED)
    assert (entry.target_id, entry.details) == (
        returned.id,
        {"batchId": "d" * 32, "previousComment": "Score 2 is vague", "rowVersion": 2},
    )


@pytest.mark.parametrize("case", ["draft", "pending", "approved", "deleted", "another scm's", "missing"])
def test_only_an_own_live_returned_descriptor_may_be_revised(session, clock, scm, other_scm, sa, section, case):
    owner = other_scm if case == "another scm's" else scm
    status = {"draft": B.DRAFT, "pending": B.PENDING_REVIEW, "approved": B.APPROVED}.get(case, B.RETURNED)
    target = make_descriptor(
        session,
        owner,
        section=section,
        status=status,
        deleted=case == "deleted",
        reviewer=sa if status in (B.APPROVED, B.RETURNED) else None,
    )
    before = snapshot(session)

    result = revise(session, clock, scm, "missing" if case == "missing" else target.id, section)

    assert_refused(result, C.DESCRIPTOR_NOT_EDITABLE, NOT_EDITABLE)
    assert snapshot(session) == before


def test_a_revision_with_invalid_fields_is_refused_and_the_descriptor_stays_returned(session, clock, scm, sa, section):
    returned = make_descriptor(
        session, scm, section=section, status=B.RETURNED, reviewer=sa, review_comment="Needs work"
    )
    before = snapshot(session)

    result = revise(session, clock, scm, returned.id, section, wsos_section_id=None)

    assert_refused(result, C.VALIDATION_ERROR, "WSOS section is required")
    assert snapshot(session) == before


# --- My Descriptors and the edit form --------------------------------------------------------


def test_my_descriptors_shows_the_four_sections_of_own_live_descriptors_in_page_order(
    session, clock, scm, other_scm, sa, section
):
    draft = make_descriptor(session, scm, section=section)
    returned = make_descriptor(
        session, scm, section=section, status=B.RETURNED, reviewer=sa, review_comment="Too vague"
    )
    make_descriptor(session, scm, section=section, status=B.PENDING_REVIEW)
    make_descriptor(session, scm, status=B.APPROVED, reviewer=sa)
    make_descriptor(session, scm, section=section, deleted=True)
    make_descriptor(session, other_scm, section=section)

    result = descriptor_queries.my_descriptors(session, scm)

    sections = result.value
    assert [(s.title, s.count, len(s.rows)) for s in sections.values()] == [
        ("Draft Batch", 1, 1),
        ("Returned for Revision", 1, 1),
        ("Pending Review", 1, 1),
        ("Approved", 1, 1),
    ]
    [draft_row] = sections[B.DRAFT].rows
    assert (draft_row.id, draft_row.section_name, draft_row.tags) == (draft.id, section.name, ["safety"])
    [returned_row] = sections[B.RETURNED].rows
    assert (returned_row.id, returned_row.review_comment, returned_row.reviewer_name) == (
        returned.id,
        "Too vague",
        "Sam SA",
    )
    assert sections[B.APPROVED].rows[0].section_name is None


def test_only_an_scm_has_my_descriptors(session, sa):
    assert_refused(descriptor_queries.my_descriptors(session, sa), C.FORBIDDEN_ROLE, e.SCM_ONLY)


@pytest.mark.parametrize(
    ("status", "editable", "actions"),
    [
        (B.DRAFT, True, ["SUBMIT_BATCH"]),
        (B.RETURNED, True, ["REVISE"]),
        (B.PENDING_REVIEW, False, []),
        (B.APPROVED, False, []),
    ],
)
def test_the_edit_form_tells_the_owner_whether_the_descriptor_can_be_edited(
    session, scm, sa, section, status, editable, actions
):
    d = make_descriptor(
        session, scm, section=section, status=status, reviewer=sa if status in (B.RETURNED, B.APPROVED) else None
    )

    view = descriptor_queries.descriptor_for_edit(session, scm, descriptor_id=d.id).value

    assert (view.id, view.section_name, view.editable, view.actions) == (d.id, section.name, editable, actions)
    assert view.not_editable_message == (None if editable else "This descriptor cannot be edited")
    assert view.tags_text == "safety"


def test_another_scms_or_a_deleted_descriptor_is_not_found_on_the_edit_form(session, scm, other_scm, section):
    theirs = make_descriptor(session, other_scm, section=section)
    deleted = make_descriptor(session, scm, section=section, deleted=True)

    for descriptor_id in (theirs.id, deleted.id, "missing"):
        result = descriptor_queries.descriptor_for_edit(session, scm, descriptor_id=descriptor_id)
        assert_refused(result, C.DESCRIPTOR_NOT_FOUND, "Descriptor not found")


def test_the_forms_save_creates_updates_or_revises_as_the_stored_descriptor_says(session, clock, scm, sa, section):
    created = descriptors.save_descriptor(session, scm, DescriptorIn(**form(section)), descriptor_id=None, clock=clock)
    assert created.ok and fresh(session, Descriptor, created.value.id).batch_status == B.DRAFT

    updated = descriptors.save_descriptor(
        session, scm, DescriptorIn(**form(section, score2="Updated")), descriptor_id=created.value.id, clock=clock
    )
    assert updated.ok and fresh(session, Descriptor, created.value.id).score2 == "Updated"

    returned = make_descriptor(session, scm, section=section, status=B.RETURNED, reviewer=sa, review_comment="Vague")
    revised = descriptors.save_descriptor(
        session, scm, DescriptorIn(**form(section, score2="Revised")), descriptor_id=returned.id, clock=clock
    )
    assert revised.ok
    d = fresh(session, Descriptor, returned.id)
    assert (d.batch_status, d.score2, d.review_comment) == (B.DRAFT, "Revised", None)


def test_saving_someone_elses_descriptor_is_refused_like_any_update(session, clock, scm, other_scm, section):
    theirs = make_descriptor(session, other_scm, section=section, status=B.RETURNED)

    result = descriptors.save_descriptor(
        session, scm, DescriptorIn(**form(section)), descriptor_id=theirs.id, clock=clock
    )

    assert isinstance(result, Err) and fresh(session, Descriptor, theirs.id).batch_status == B.RETURNED
