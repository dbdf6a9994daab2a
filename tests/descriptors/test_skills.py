"""Skills: which SA reviews which SCM's descriptors (ORIGINS Part 2 A, B; SPEC §4)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.descriptors.descriptor_helpers import WHEN, audit_for, fresh, make_descriptor, make_skill, snapshot
from tests.factories import make_actor
from workflow_app.core import errors as e
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok
from workflow_app.descriptors.domain import skills
from workflow_app.models import AuditAction, DescriptorBatchStatus, Role, Skill

B = DescriptorBatchStatus
C = ErrorCode


@pytest.fixture
def admin(session):
    return make_actor(session, role=Role.ADMIN)


@pytest.fixture
def sa(session):
    return make_actor(session, role=Role.SA, display_name="Sam Advisor")


@pytest.fixture
def scm(session):
    return make_actor(session, role=Role.SCM, display_name="Sue Manager")


def create(session, clock, actor, **fields):
    return skills.create_skill(session, actor, clock=clock, **fields)


def assert_refused(result, code, message=None):
    assert isinstance(result, Err), result
    assert result.code == code
    assert result.message == (message or e.MESSAGES[code])


def test_an_admin_creates_a_skill_advised_by_an_sa_and_managed_by_an_scm(session, clock, admin, sa, scm):
    result = create(
        session,
        clock,
        admin,
        name=" Welding ",
        sa_id=sa.user_id,
        scm_id=scm.user_id,
        code=" 10 ",
        sector="Manufacturing",
    )

    assert isinstance(result, Ok)
    skill = fresh(session, Skill, result.value)
    assert (skill.name, skill.code, skill.sector, skill.sa_id, skill.scm_id) == (
        "Welding",
        "10",
        "Manufacturing",
        sa.user_id,
        scm.user_id,
    )
    [entry] = audit_for(session, AuditAction.SKILL_CREATED)
    assert (entry.target_type, entry.target_id, entry.target_title, entry.details) == (
        "skill",
        skill.id,
        "Welding",
        {"saId": sa.user_id, "scmId": scm.user_id},
    )


def test_the_scm_of_a_skill_is_optional(session, clock, admin, sa):
    result = create(session, clock, admin, name="Welding", sa_id=sa.user_id, scm_id="  ")

    assert fresh(session, Skill, result.value).scm_id is None


@pytest.mark.parametrize("role", [Role.SCM, Role.SA, Role.SUBMITTER])
def test_only_admins_manage_skills(session, clock, sa, scm, role):
    someone = make_actor(session, role=role)
    skill = make_skill(session, sa=sa, scm=scm, name="Welding")
    before = snapshot(session)

    results = [
        create(session, clock, someone, name="Joinery", sa_id=sa.user_id),
        skills.update_skill(session, someone, skill_id=skill.id, name="Welds", sa_id=sa.user_id, clock=clock),
        skills.delete_skill(session, someone, skill_id=skill.id, clock=clock),
    ]

    for result in results:
        assert_refused(result, C.FORBIDDEN_ROLE, "Action restricted to Administrators")
    assert snapshot(session) == before


@pytest.mark.parametrize(
    ("case", "field", "message"),
    [
        ("no name", "name", "Skill name is required"),
        ("no sa", "sa_id", "Choose a user with the Skill Advisor role"),
        ("sa is an scm", "sa_id", "Choose a user with the Skill Advisor role"),
        ("unknown sa", "sa_id", "Choose a user with the Skill Advisor role"),
        ("scm is an sa", "scm_id", "Choose a user with the Skill Competition Manager role"),
        ("long code", "code", "Skill code must be 16 characters or fewer"),
    ],
)
def test_invalid_skills_are_refused_and_nothing_is_written(session, clock, admin, sa, scm, case, field, message):
    fields = {"name": "Welding", "sa_id": sa.user_id, "scm_id": scm.user_id}
    fields.update(
        {
            "no name": {"name": "   "},
            "no sa": {"sa_id": ""},
            "sa is an scm": {"sa_id": scm.user_id},
            "unknown sa": {"sa_id": "nobody"},
            "scm is an sa": {"scm_id": sa.user_id},
            "long code": {"code": "x" * 17},
        }[case]
    )
    before = snapshot(session)

    result = create(session, clock, admin, **fields)

    assert_refused(result, C.VALIDATION_ERROR, message)
    assert result.field_errors == {field: message}
    assert snapshot(session) == before


def test_a_skill_name_is_unique(session, clock, admin, sa):
    make_skill(session, sa=sa, name="Welding")
    before = snapshot(session)

    result = create(session, clock, admin, name="Welding", sa_id=sa.user_id)

    assert_refused(result, C.SKILL_NAME_TAKEN, "A skill with this name already exists.")
    assert snapshot(session) == before


def test_updating_a_skill_reroutes_it_and_deleting_removes_it(session, clock, admin, sa, scm):
    other_sa = make_actor(session, role=Role.SA)
    skill = make_skill(session, sa=sa, scm=scm, name="Welding")

    updated = skills.update_skill(
        session, admin, skill_id=skill.id, name="Welding", sa_id=other_sa.user_id, scm_id=scm.user_id, clock=clock
    )
    assert updated == Ok(skill.id)
    assert skills.reviewer_ids_for_scm(session, scm.user_id) == [other_sa.user_id]

    deleted = skills.delete_skill(session, admin, skill_id=skill.id, clock=clock)
    assert deleted == Ok(skill.id)
    assert fresh(session, Skill, skill.id) is None
    assert [a.target_id for a in audit_for(session, AuditAction.SKILL_UPDATED)] == [skill.id]
    assert [a.target_title for a in audit_for(session, AuditAction.SKILL_DELETED)] == ["Welding"]


def test_updating_or_deleting_a_missing_skill_is_not_found(session, clock, admin, sa):
    before = snapshot(session)

    updated = skills.update_skill(session, admin, skill_id="missing", name="Welding", sa_id=sa.user_id, clock=clock)
    deleted = skills.delete_skill(session, admin, skill_id="missing", clock=clock)

    assert_refused(updated, C.SKILL_NOT_FOUND, "Skill not found.")
    assert_refused(deleted, C.SKILL_NOT_FOUND)
    assert snapshot(session) == before


def test_skills_are_listed_by_name_with_their_sa_and_scm_names(session, clock, sa, scm):
    make_skill(session, sa=sa, name="Welding")
    make_skill(session, sa=sa, scm=scm, name="Joinery")

    rows = skills.list_skills(session)

    assert [(r.name, r.sa_name, r.scm_name) for r in rows] == [
        ("Joinery", "Sam Advisor", "Sue Manager"),
        ("Welding", "Sam Advisor", None),
    ]


def test_the_reviewers_of_an_scm_are_the_sas_of_their_skills_first_skill_first(session, sa, scm):
    second_sa = make_actor(session, role=Role.SA)
    make_skill(session, sa=second_sa, scm=scm, name="Later", created_at=WHEN + timedelta(days=1))
    make_skill(session, sa=sa, scm=scm, name="Earlier")
    make_skill(session, sa=sa, scm=scm, name="Also earliest SA")
    make_skill(session, sa=make_actor(session, role=Role.SA), name="Without SCM")

    assert skills.reviewer_ids_for_scm(session, scm.user_id) == [sa.user_id, second_sa.user_id]
    assert skills.reviewer_ids_for_scm(session, None) == []


def test_an_sa_can_review_only_pending_live_descriptors_of_their_skills_scms(session, sa, scm):
    make_skill(session, sa=sa, scm=scm)
    stranger_sa = make_actor(session, role=Role.SA)
    pending = make_descriptor(session, scm, status=B.PENDING_REVIEW)

    assert skills.can_review(session, sa.user_id, pending)
    assert not skills.can_review(session, stranger_sa.user_id, pending)
    assert not skills.can_review(session, sa.user_id, make_descriptor(session, scm, status=B.DRAFT))
    assert not skills.can_review(session, sa.user_id, make_descriptor(session, scm, status=B.APPROVED, reviewer=sa))
    assert not skills.can_review(
        session, sa.user_id, make_descriptor(session, scm, status=B.PENDING_REVIEW, deleted=True)
    )
    assert not skills.can_review(session, sa.user_id, make_descriptor(session, None, status=B.PENDING_REVIEW))
    assert not skills.can_review(session, sa.user_id, None)
