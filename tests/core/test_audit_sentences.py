"""Audit details as sentences on the audit log page, with names in place of ids."""

from __future__ import annotations

import pytest

from tests.core.test_audit_log import entry, search
from tests.factories import make_actor, make_user
from workflow_app.models import AuditAction, Role

A = AuditAction


@pytest.fixture
def admin(session):
    return make_actor(session, role=Role.ADMIN, display_name="Ada Admin")


def summary(session, admin, action, details) -> str:
    entry(session, action=action, details=details)
    [row] = search(session, admin, action=action.value).items
    return row.summary


def test_a_role_change_reads_with_the_role_names(session, admin):
    assert summary(session, admin, A.USER_ROLE_CHANGED, {"from": "SUBMITTER", "to": "SA"}) == (
        "Role changed from Submitter to Skill Advisor"
    )


def test_ids_of_people_read_as_their_names(session, admin):
    reviewer = make_user(session, display_name="Rita Reviewer")
    superadmin = make_user(session, display_name="Sol Superadmin", role=Role.SUPERADMIN)
    assert summary(
        session,
        admin,
        A.IDEA_REVIEW_ABANDONED,
        {"ideaId": "i1", "originalReviewerId": reviewer.id, "abandonedByAdminId": superadmin.id},
    ) == ("Review by Rita Reviewer abandoned by Sol Superadmin")


def test_an_id_whose_row_is_gone_stays_an_id(session, admin):
    assert summary(session, admin, A.IDEA_REVIEW_STARTED, {"reviewerId": "gone-user"}) == (
        "Review started by gone-user"
    )


def test_a_decision_quotes_its_comment(session, admin):
    assert summary(session, admin, A.IDEA_REVIEWED, {"decision": "ACCEPTED", "commentSummary": "Good idea"}) == (
        "Accepted: “Good idea”"
    )


def test_actions_without_a_sentence_list_their_details_without_tracing_ids(session, admin):
    scm = make_user(session, display_name="Casey SCM", role=Role.SCM)
    text = summary(
        session, admin, A.DESCRIPTOR_APPROVED, {"code": "W1", "batchId": "b-123", "scmId": scm.id, "rowVersion": 3}
    )
    assert text == "code: W1; SCM: Casey SCM"


def test_autosaves_and_saves_name_their_version(session, admin):
    assert summary(session, admin, A.DRAFT_AUTOSAVED, {"editingSession": "e1", "version": 4}) == "Autosaved (version 4)"


@pytest.mark.parametrize(
    ("details", "text"),
    [
        (
            {"ideaTitle": "Bike racks", "deletedByRole": "SUPERADMIN", "status": "UNDER_REVIEW"},
            "Deleted while under review (by the Super Admin role)",
        ),
        ({"status": "SUBMITTED"}, "Deleted while submitted"),  # written before deletedByRole was kept
    ],
)
def test_a_deleted_idea_reads_with_its_status_then_and_the_deleters_role(session, admin, details, text):
    assert summary(session, admin, A.IDEA_DELETED, details) == text


def test_a_submitted_idea_reads_with_its_category_and_visibility(session, admin):
    details = {"ideaTitle": "Bike racks", "visibility": "PRIVATE", "category": "cost-reduction"}
    assert summary(session, admin, A.IDEA_CREATED, details) == "Submitted in cost-reduction, private"
