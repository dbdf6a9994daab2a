"""The SA's decisions and queue: approve, return, bulk decisions, Pending Review
(ORIGINS Part 2 A, C5, F 11–17; SPEC §4)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, func, select, update

from tests.descriptors.descriptor_helpers import (
    WHEN,
    audit_for,
    fresh,
    make_descriptor,
    make_section,
    make_skill,
    snapshot,
)
from tests.factories import make_actor
from workflow_app.core import errors as e
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok
from workflow_app.descriptors.domain import descriptor_queries, descriptor_review, descriptors
from workflow_app.descriptors.domain.descriptors import DescriptorIn
from workflow_app.descriptors.domain.events import DescriptorApproved, DescriptorReturned
from workflow_app.models import AuditAction, Descriptor, DescriptorBatchStatus, Notification, QualityIndicator, Role

B = DescriptorBatchStatus
C = ErrorCode


@pytest.fixture
def scm(session):
    return make_actor(session, role=Role.SCM, display_name="Sue SCM", email="sue@example.com")


@pytest.fixture
def sa(session, scm):
    advisor = make_actor(session, role=Role.SA, display_name="Sam SA")
    make_skill(session, sa=advisor, scm=scm, name="Welding")
    return advisor


@pytest.fixture
def other_sa(session):
    advisor = make_actor(session, role=Role.SA, display_name="Olga SA")
    make_skill(session, sa=advisor, scm=make_actor(session, role=Role.SCM), name="Joinery")
    return advisor


@pytest.fixture
def section(session, scm):
    return make_section(session, scm, name="Welding technique")


@pytest.fixture
def pending(session, scm, section):
    return make_descriptor(
        session,
        scm,
        section=section,
        status=B.PENDING_REVIEW,
        code="A1",
        criterion_name="Quality of weld seam",
        batch_id="e" * 32,
    )


def approve(session, clock, actor, descriptor_id, **edits):
    return descriptor_review.approve_descriptor(
        session, actor, descriptor_review.ApprovalEdits(**edits), descriptor_id=descriptor_id, clock=clock
    )


def return_(session, clock, actor, descriptor_id, comment="Please be more specific about score 2"):
    return descriptor_review.return_descriptor(
        session, actor, descriptor_id=descriptor_id, comment=comment, clock=clock
    )


def assert_refused(result, code, message=None):
    assert isinstance(result, Err), result
    assert result.code == code
    assert result.message == (message or e.MESSAGES[code])


# --- approve ---------------------------------------------------------------------------------


def test_an_sa_approves_a_pending_descriptor_of_their_scm_as_good(session, clock, scm, sa, pending):
    clock.advance(hours=3)

    result = approve(session, clock, sa, pending.id)

    assert isinstance(result, Ok)
    decision = result.value
    assert (
        decision.descriptor_id,
        decision.code,
        decision.criterion_name,
        decision.scm_id,
        decision.decision,
        decision.was_modified,
        decision.comment,
        decision.message,
    ) == (pending.id, "A1", "Quality of weld seam", scm.user_id, "APPROVE", False, None, "Descriptor approved")
    d = fresh(session, Descriptor, pending.id)
    assert (
        d.batch_status,
        d.quality_indicator,
        d.reviewer_id,
        d.reviewed_at,
        d.was_modified_during_approval,
        d.review_comment,
        d.row_version,
        d.score2,
    ) == (B.APPROVED, QualityIndicator.GOOD, sa.user_id, clock.now(), False, None, 2, "Minor visual defects")
    [entry] = audit_for(session, AuditAction.DESCRIPTOR_APPROVED)
    assert (entry.actor_id, entry.target_id, entry.target_title, entry.details) == (
        sa.user_id,
        pending.id,
        "Quality of weld seam",
        {"wasModified": False, "code": "A1", "batchId": "e" * 32, "scmId": scm.user_id},
    )


def test_approving_after_editing_score_2_stores_the_text_and_marks_the_approval_modified(session, clock, sa, pending):
    result = approve(session, clock, sa, pending.id, score2="  At most two small pores  ")

    assert (result.value.was_modified, result.value.message) == (True, "Descriptor approved with modifications")
    d = fresh(session, Descriptor, pending.id)
    assert (d.score2, d.was_modified_during_approval, d.batch_status) == ("At most two small pores", True, B.APPROVED)
    [entry] = audit_for(session, AuditAction.DESCRIPTOR_APPROVED)
    assert entry.details["wasModified"] is True


def test_submitting_identical_wording_in_edit_mode_is_not_a_modification(session, clock, sa, pending):
    result = approve(
        session,
        clock,
        sa,
        pending.id,
        criterion_name=" Quality of weld seam ",
        score3="Flawless",
        score2="Minor visual defects ",
        score1="",
        score0="  ",
    )

    assert result.value.was_modified is False
    d = fresh(session, Descriptor, pending.id)
    assert (d.criterion_name, d.score1, d.score0, d.was_modified_during_approval) == (
        "Quality of weld seam",
        None,
        None,
        False,
    )


def test_renaming_or_clearing_a_level_while_approving_counts_as_a_modification(session, clock, sa, pending):
    result = approve(session, clock, sa, pending.id, criterion_name="Weld seam quality", score2="")

    assert (result.value.criterion_name, result.value.was_modified) == ("Weld seam quality", True)
    d = fresh(session, Descriptor, pending.id)
    assert (d.criterion_name, d.score2, d.score3) == ("Weld seam quality", None, "Flawless")


@pytest.mark.parametrize(
    ("edits", "message"),
    [
        ({"criterion_name": "Weld "}, "Criterion name must be at least 5 characters"),
        ({"score3": "", "score2": " "}, "At least one performance level description is required"),
    ],
)
def test_edits_that_break_the_descriptor_rules_are_refused_and_nothing_is_written(
    session, clock, sa, pending, edits, message
):
    before = snapshot(session)

    result = approve(session, clock, sa, pending.id, **edits)

    assert_refused(result, C.VALIDATION_ERROR, message)
    assert snapshot(session) == before


# --- who may decide what ---------------------------------------------------------------------


def test_an_sa_of_another_skill_gets_the_permission_error(session, clock, other_sa, pending):
    before = snapshot(session)

    approved = approve(session, clock, other_sa, pending.id)
    returned = return_(session, clock, other_sa, pending.id)

    assert_refused(approved, C.NOT_YOUR_DESCRIPTOR, "You do not have permission to review this descriptor")
    assert_refused(returned, C.NOT_YOUR_DESCRIPTOR, "You do not have permission to return this descriptor")
    assert snapshot(session) == before


@pytest.mark.parametrize("role", [Role.SCM, Role.ADMIN, Role.SUPERADMIN, Role.SUBMITTER])
def test_only_skill_advisors_may_approve_or_return(session, clock, pending, role):
    someone = make_actor(session, role=role)
    before = snapshot(session)

    approved = approve(session, clock, someone, pending.id)
    returned = return_(session, clock, someone, pending.id)

    assert_refused(approved, C.FORBIDDEN_ROLE, "Only Skill Advisors can approve descriptors")
    assert_refused(returned, C.FORBIDDEN_ROLE, "Only Skill Advisors can return descriptors")
    assert snapshot(session) == before


def test_a_missing_or_deleted_descriptor_is_not_found(session, clock, scm, sa, section):
    deleted = make_descriptor(session, scm, section=section, status=B.PENDING_REVIEW, deleted=True)
    before = snapshot(session)

    for descriptor_id in ("missing", deleted.id):
        assert_refused(approve(session, clock, sa, descriptor_id), C.DESCRIPTOR_NOT_FOUND, "Descriptor not found")
        assert_refused(return_(session, clock, sa, descriptor_id), C.DESCRIPTOR_NOT_FOUND)
    assert snapshot(session) == before


@pytest.mark.parametrize("status", [B.DRAFT, B.APPROVED, B.RETURNED])
def test_only_a_pending_descriptor_can_be_decided(session, clock, scm, sa, section, status):
    d = make_descriptor(session, scm, section=section, status=status, reviewer=sa if status != B.DRAFT else None)
    before = snapshot(session)

    approved = approve(session, clock, sa, d.id)
    returned = return_(session, clock, sa, d.id)

    assert_refused(approved, C.STALE_DECISION)
    assert_refused(returned, C.STALE_DECISION)
    assert snapshot(session) == before


def test_a_second_approval_gets_the_stale_error_and_changes_nothing(session, clock, sa, pending):
    assert approve(session, clock, sa, pending.id).ok
    before = snapshot(session)

    again = approve(session, clock, sa, pending.id, score2="Changed my mind")

    assert_refused(again, C.STALE_DECISION)
    assert snapshot(session) == before


def test_a_decision_that_loses_a_race_gets_the_stale_error_not_a_server_error(
    session, clock, engine, sa, pending, monkeypatch
):
    read = descriptor_review._decidable

    def read_then_someone_returns_it(session_, actor, descriptor_id, action, expected_version):
        found = read(session_, actor, descriptor_id, action, expected_version)
        with Session(engine) as other:
            other.exec(
                update(Descriptor)
                .where(Descriptor.id == descriptor_id)
                .values(batch_status=B.RETURNED, review_comment="Too vague", row_version=2)
            )
            other.commit()
        return found

    monkeypatch.setattr(descriptor_review, "_decidable", read_then_someone_returns_it)

    result = approve(session, clock, sa, pending.id)

    assert_refused(result, C.STALE_DECISION)
    d = fresh(session, Descriptor, pending.id)
    assert (d.batch_status, d.quality_indicator, d.reviewer_id) == (B.RETURNED, QualityIndicator.NEEDS_REVIEW, None)
    assert audit_for(session, AuditAction.DESCRIPTOR_APPROVED) == []


def test_a_decision_on_an_outdated_copy_is_a_conflict(session, clock, sa, pending):
    before = snapshot(session)

    result = descriptor_review.approve_descriptor(
        session, sa, descriptor_id=pending.id, expected_version=5, clock=clock
    )

    assert_refused(result, C.CONFLICT, e.DESCRIPTOR_CHANGED)
    assert snapshot(session) == before


# --- return ----------------------------------------------------------------------------------


def test_a_reason_of_4_characters_after_trimming_is_refused(session, clock, sa, pending):
    before = snapshot(session)

    result = return_(session, clock, sa, pending.id, comment="  bad!  ")

    assert_refused(result, C.COMMENT_REQUIRED, "Please provide a reason (at least 5 characters)")
    assert result.field_errors == {"comment": "Please provide a reason (at least 5 characters)"}
    assert snapshot(session) == before


def test_returning_with_a_reason_of_5_characters_stores_it_trimmed_and_quality_stays_needs_review(
    session, clock, scm, sa, pending
):
    clock.advance(hours=1)

    result = return_(session, clock, sa, pending.id, comment="  Vague  ")

    decision = result.value
    assert (decision.decision, decision.comment, decision.scm_id, decision.message) == (
        "RETURN",
        "Vague",
        scm.user_id,
        "Descriptor returned to SCM with your feedback",
    )
    d = fresh(session, Descriptor, pending.id)
    assert (d.batch_status, d.quality_indicator, d.review_comment, d.reviewer_id, d.reviewed_at, d.batch_id) == (
        B.RETURNED,
        QualityIndicator.NEEDS_REVIEW,
        "Vague",
        sa.user_id,
        clock.now(),
        "e" * 32,
    )
    [entry] = audit_for(session, AuditAction.DESCRIPTOR_RETURNED)
    assert entry.details["commentSummary"] == "Vague"


def test_a_reason_over_2000_characters_is_refused(session, clock, sa, pending):
    result = return_(session, clock, sa, pending.id, comment="x" * 2001)

    assert_refused(result, C.VALIDATION_ERROR, "Feedback must be 2,000 characters or fewer")


# --- bulk decisions --------------------------------------------------------------------------


def test_bulk_approval_applies_every_item_it_can_and_reports_each(session, clock, scm, sa, section, pending):
    second = make_descriptor(session, scm, section=section, status=B.PENDING_REVIEW)
    decided = make_descriptor(session, scm, section=section, status=B.APPROVED, reviewer=sa)
    stranger = make_descriptor(session, make_actor(session, role=Role.SCM), section=section, status=B.PENDING_REVIEW)
    ids = [pending.id, decided.id, stranger.id, second.id, pending.id]

    result = descriptor_review.decide_many(session, sa, descriptor_ids=ids, decision="approve", clock=clock)

    assert [(r.descriptor_id, r.ok, r.message) for r in result.value] == [
        (pending.id, True, "Descriptor approved"),
        (decided.id, False, e.MESSAGES[C.STALE_DECISION]),
        (stranger.id, False, "You do not have permission to review this descriptor"),
        (second.id, True, "Descriptor approved"),
    ]
    assert [fresh(session, Descriptor, i).batch_status for i in (pending.id, second.id, stranger.id)] == [
        B.APPROVED,
        B.APPROVED,
        B.PENDING_REVIEW,
    ]
    assert {a.target_id for a in audit_for(session, AuditAction.DESCRIPTOR_APPROVED)} == {pending.id, second.id}


def test_bulk_return_uses_one_comment_for_all_and_refuses_a_short_one_before_writing(
    session, clock, scm, sa, section, pending
):
    second = make_descriptor(session, scm, section=section, status=B.PENDING_REVIEW)
    before = snapshot(session)

    refused = descriptor_review.decide_many(
        session, sa, descriptor_ids=[pending.id, second.id], decision="RETURN", comment=" no ", clock=clock
    )
    assert_refused(refused, C.COMMENT_REQUIRED, "Please provide a reason (at least 5 characters)")
    assert snapshot(session) == before

    result = descriptor_review.decide_many(
        session, sa, descriptor_ids=[pending.id, second.id], decision="RETURN", comment="Levels overlap", clock=clock
    )
    assert [r.ok for r in result.value] == [True, True]
    assert [r.decision.comment for r in result.value] == ["Levels overlap", "Levels overlap"]
    assert len(audit_for(session, AuditAction.DESCRIPTOR_RETURNED)) == 2


def test_an_infrastructure_failure_on_one_item_does_not_undo_the_others(
    session, clock, scm, sa, section, pending, monkeypatch
):
    second = make_descriptor(session, scm, section=section, status=B.PENDING_REVIEW)
    real = descriptor_review.approve_descriptor

    def fails_for_the_first(session_, actor, *, descriptor_id, **kwargs):
        if descriptor_id == pending.id:
            raise OperationalError("UPDATE descriptor", {}, Exception("lock timeout"))
        return real(session_, actor, descriptor_id=descriptor_id, **kwargs)

    monkeypatch.setattr(descriptor_review, "approve_descriptor", fails_for_the_first)

    result = descriptor_review.decide_many(
        session, sa, descriptor_ids=[pending.id, second.id], decision="APPROVE", clock=clock
    )

    assert [(r.ok, r.message) for r in result.value] == [
        (False, "Something went wrong. Please try again."),
        (True, "Descriptor approved"),
    ]
    assert fresh(session, Descriptor, pending.id).batch_status == B.PENDING_REVIEW
    assert fresh(session, Descriptor, second.id).batch_status == B.APPROVED


def test_bulk_decisions_refuse_non_advisors_unknown_decisions_and_oversized_selections(
    session, clock, scm, sa, pending
):
    before = snapshot(session)

    by_scm = descriptor_review.decide_many(session, scm, descriptor_ids=[pending.id], decision="APPROVE", clock=clock)
    unknown = descriptor_review.decide_many(session, sa, descriptor_ids=[pending.id], decision="MAYBE", clock=clock)
    too_many = descriptor_review.decide_many(
        session, sa, descriptor_ids=[str(n) for n in range(201)], decision="APPROVE", clock=clock
    )

    assert_refused(by_scm, C.FORBIDDEN_ROLE, "Only Skill Advisors can approve descriptors")
    assert_refused(unknown, C.VALIDATION_ERROR, "Choose Approve or Return.")
    assert_refused(too_many, C.VALIDATION_ERROR, "Select at most 200 descriptors at a time.")
    assert snapshot(session) == before


# --- the SA's queue --------------------------------------------------------------------------


def test_the_queue_lists_only_their_scms_live_pending_descriptors_oldest_submission_first(
    session, clock, scm, sa, other_sa, section
):
    second_scm = make_actor(session, role=Role.SCM, display_name="Sid SCM")
    make_skill(session, sa=sa, scm=second_scm, name="Plumbing")
    newest = make_descriptor(
        session, scm, section=section, status=B.PENDING_REVIEW, submitted_at=WHEN + timedelta(hours=2)
    )
    oldest = make_descriptor(session, second_scm, status=B.PENDING_REVIEW, submitted_at=WHEN)
    tie_later = make_descriptor(
        session,
        scm,
        section=section,
        status=B.PENDING_REVIEW,
        submitted_at=WHEN + timedelta(hours=1),
        created_at=WHEN + timedelta(minutes=5),
    )
    tie_earlier = make_descriptor(
        session, scm, section=section, status=B.PENDING_REVIEW, submitted_at=WHEN + timedelta(hours=1)
    )
    make_descriptor(session, scm, section=section, status=B.PENDING_REVIEW, deleted=True)
    make_descriptor(session, scm, section=section, status=B.DRAFT)
    make_descriptor(session, scm, section=section, status=B.APPROVED, reviewer=sa)

    page = descriptor_queries.sa_queue(session, sa).value

    assert [r.id for r in page.items] == [oldest.id, tie_earlier.id, tie_later.id, newest.id]
    assert (page.total, descriptor_queries.pending_count(session, sa)) == (4, 4)
    first = page.items[0]
    assert (first.scm_name, first.section_name, first.score3, first.resubmitted) == ("Sid SCM", None, "Flawless", False)
    assert (page.items[1].scm_name, page.items[1].section_name) == ("Sue SCM", "Welding technique")
    assert descriptor_queries.sa_queue(session, other_sa).value.items == []


def test_the_queue_pages_and_flags_a_resubmitted_descriptor(session, clock, scm, sa, section):
    returned = make_descriptor(
        session, scm, section=section, status=B.RETURNED, reviewer=sa, batch_id="f" * 32, review_comment="Needs work"
    )
    assert descriptors.revise_returned_descriptor(
        session,
        scm,
        DescriptorIn(code="A1", criterion_name="Quality of weld seam", wsos_section_id=section.id, score3="Flawless"),
        descriptor_id=returned.id,
        clock=clock,
    ).ok
    for _ in range(2):
        make_descriptor(session, scm, section=section)
    batch = descriptors.submit_batch(session, scm, clock=clock).value
    assert batch.resubmitted_count == 1

    first = descriptor_queries.sa_queue(session, sa, page=1, page_size=2).value
    second = descriptor_queries.sa_queue(session, sa, page=2, page_size=2).value

    rows = first.items + second.items
    assert (first.total, first.total_pages, len(first.items), len(second.items)) == (3, 2, 2, 1)
    assert {r.id for r in rows if r.resubmitted} == {returned.id}
    assert {r.batch_id for r in rows} == {batch.batch_id}  # one batch id for the whole submission


def test_only_an_sa_has_a_queue(session, scm):
    assert_refused(descriptor_queries.sa_queue(session, scm), C.FORBIDDEN_ROLE)
    assert descriptor_queries.pending_count(session, scm) == 0


def test_each_decision_returns_what_its_scm_is_told_and_notifies_nobody_itself(session, clock, scm, sa, pending):
    approved = approve(session, clock, sa, pending.id, score2="Edited while approving")
    assert approved.events == (DescriptorApproved(pending.id, sa_id=sa.user_id, was_modified=True),)

    other = make_descriptor(session, scm, status=B.PENDING_REVIEW, code="A2", criterion_name="Bead shape")
    returned = return_(session, clock, sa, other.id)
    assert returned.events == (
        DescriptorReturned(other.id, sa_id=sa.user_id, comment="Please be more specific about score 2"),
    )
    assert session.exec(select(func.count()).select_from(Notification)).one() == 0


def test_a_bulk_decision_returns_one_event_per_decided_descriptor_only(session, clock, scm, sa, pending):
    result = descriptor_review.decide_many(
        session, sa, descriptor_ids=[pending.id, "no-such-descriptor"], decision="APPROVE", clock=clock
    )

    assert [item.ok for item in result.value] == [True, False]
    assert result.events == (DescriptorApproved(pending.id, sa_id=sa.user_id, was_modified=False),)
