"""What changed since a decision (issue 13): the revision written with a return or a reworded
approval, the SA's view of a resubmission and the SCM's view of an approval with changes."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from tests.descriptors.descriptor_helpers import form, fresh, make_section, make_skill
from tests.factories import make_actor
from workflow_app.core import workflow
from workflow_app.core.word_diff import ADDED, REMOVED, SAME, Piece
from workflow_app.descriptors.domain import descriptor_queries, descriptor_review, descriptors, revisions
from workflow_app.descriptors.domain.descriptor_review import ApprovalEdits
from workflow_app.descriptors.domain.descriptors import DescriptorIn
from workflow_app.models import Descriptor, DescriptorBatchStatus, DescriptorRevision, Role

B = DescriptorBatchStatus


@pytest.fixture
def scm(session):
    return make_actor(session, role=Role.SCM, display_name="Sue SCM")


@pytest.fixture
def sa(session, scm):
    advisor = make_actor(session, role=Role.SA, display_name="Sam SA")
    make_skill(session, sa=advisor, scm=scm, name="Welding")
    return advisor


@pytest.fixture
def section(session, scm):
    return make_section(session, scm, name="Welding technique")


def submitted(session, clock, scm, section, **overrides) -> str:
    made = descriptors.create_descriptor(session, scm, DescriptorIn(**form(section, **overrides)), clock=clock)
    assert descriptors.submit_batch(session, scm, clock=clock).ok
    return made.value.id


def returned(session, clock, scm, sa, section, comment="Give the gap in millimetres.") -> str:
    descriptor_id = submitted(session, clock, scm, section)
    clock.advance(hours=1)
    assert descriptor_review.return_descriptor(
        session, sa, descriptor_id=descriptor_id, comment=comment, clock=clock
    ).ok
    return descriptor_id


def revisions_of(session, descriptor_id):
    session.rollback()
    return list(
        session.exec(
            select(DescriptorRevision)
            .where(DescriptorRevision.descriptor_id == descriptor_id)
            .order_by(DescriptorRevision.created_at)
        )
    )


def test_a_return_keeps_the_text_the_sa_sent_back_with_their_comment(session, clock, scm, sa, section):
    descriptor_id = returned(session, clock, scm, sa, section)

    [revision] = revisions_of(session, descriptor_id)
    d = fresh(session, Descriptor, descriptor_id)
    assert (revision.event, revision.actor_id, revision.comment, revision.batch_id) == (
        revisions.RETURNED,
        sa.user_id,
        "Give the gap in millimetres.",
        d.batch_id,
    )
    assert (revision.criterion_name, revision.score2, revision.tags) == (d.criterion_name, d.score2, d.tags)
    assert revision.created_at == clock.now()


def test_the_sa_sees_exactly_the_fields_the_scm_changed_since_the_return(session, clock, scm, sa, section):
    descriptor_id = returned(session, clock, scm, sa, section)
    changes = form(section, score2="Two minor defects at most", criterion_name="Quality of the weld seam")
    assert descriptors.revise_returned_descriptor(
        session, scm, DescriptorIn(**changes), descriptor_id=descriptor_id, clock=clock
    ).ok
    assert descriptors.submit_batch(session, scm, clock=clock).ok

    [row] = descriptor_queries.sa_queue(session, sa).value.items

    assert row.resubmitted and row.since_return is not None
    assert row.since_return.comment == "Give the gap in millimetres."
    assert [(c.field, c.pieces) for c in row.since_return.changes] == [
        (
            "criterion_name",
            (Piece("Quality of ", SAME), Piece("the ", ADDED), Piece("weld seam", SAME)),
        ),
        (
            "score2",
            (
                Piece("Minor visual", REMOVED),
                Piece("Two minor", ADDED),
                Piece(" defects", SAME),
                Piece(" at most", ADDED),
            ),
        ),
    ]


def test_a_first_submission_has_no_changes_to_show(session, clock, scm, sa, section):
    submitted(session, clock, scm, section)
    [row] = descriptor_queries.sa_queue(session, sa).value.items
    assert (row.resubmitted, row.since_return) == (False, None)


def test_the_latest_return_is_the_one_compared_with(session, clock, scm, sa, section):
    descriptor_id = returned(session, clock, scm, sa, section, comment="First round of feedback")
    assert descriptors.revise_returned_descriptor(
        session, scm, DescriptorIn(**form(section, score1="Several defects")), descriptor_id=descriptor_id, clock=clock
    ).ok
    assert descriptors.submit_batch(session, scm, clock=clock).ok
    clock.advance(hours=1)
    assert descriptor_review.return_descriptor(
        session, sa, descriptor_id=descriptor_id, comment="Second round of feedback", clock=clock
    ).ok
    assert descriptors.revise_returned_descriptor(
        session,
        scm,
        DescriptorIn(**form(section, score1="Several defects", score0="Seam cracks")),
        descriptor_id=descriptor_id,
        clock=clock,
    ).ok
    assert descriptors.submit_batch(session, scm, clock=clock).ok

    [row] = descriptor_queries.sa_queue(session, sa).value.items

    assert row.since_return.comment == "Second round of feedback"
    assert [c.field for c in row.since_return.changes] == ["score0"]


def test_the_scm_sees_what_the_sa_reworded_on_approval(session, clock, scm, sa, section):
    descriptor_id = submitted(session, clock, scm, section)
    edits = ApprovalEdits(score3="Flawless seam, no porosity at all")
    assert descriptor_review.approve_descriptor(session, sa, edits, descriptor_id=descriptor_id, clock=clock).ok

    approved = descriptor_queries.my_descriptors(session, scm).value[B.APPROVED].rows

    [row] = approved
    assert [(c.field, c.pieces) for c in row.since_approval.changes] == [
        ("score3", (Piece("Flawless seam, no porosity", SAME), Piece(" at all", ADDED)))
    ]
    [revision] = revisions_of(session, descriptor_id)
    assert (revision.event, revision.score3) == (revisions.APPROVED, "Flawless seam, no porosity")


def test_an_approval_without_edits_keeps_no_revision(session, clock, scm, sa, section):
    descriptor_id = submitted(session, clock, scm, section)
    assert descriptor_review.approve_descriptor(session, sa, descriptor_id=descriptor_id, clock=clock).ok
    assert revisions_of(session, descriptor_id) == []
    [row] = descriptor_queries.my_descriptors(session, scm).value[B.APPROVED].rows
    assert row.since_approval is None


def test_a_decision_that_fails_leaves_no_revision(session, clock, scm, sa, section, monkeypatch):
    descriptor_id = submitted(session, clock, scm, section)

    def audit_fails(*args, **kwargs):
        raise RuntimeError("the audit insert failed")

    monkeypatch.setattr(workflow, "record", audit_fails)
    with pytest.raises(RuntimeError):
        descriptor_review.return_descriptor(session, sa, descriptor_id=descriptor_id, comment="Needs work", clock=clock)
    session.rollback()
    assert session.exec(select(func.count()).select_from(DescriptorRevision)).one() == 0
    assert fresh(session, Descriptor, descriptor_id).batch_status == B.PENDING_REVIEW


def test_another_sa_sees_nothing_of_it(session, clock, scm, sa, section):
    returned(session, clock, scm, sa, section)
    stranger = make_actor(session, role=Role.SA)
    make_skill(session, sa=stranger, scm=make_actor(session, role=Role.SCM), name="Joinery")
    assert descriptor_queries.sa_queue(session, stranger).value.items == []
