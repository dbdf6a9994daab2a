"""Review pipelines: a SUPERADMIN makes, changes and removes a category's stages (ORIGINS C16, F 44)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.factories import make_actor, make_idea
from tests.ideas.pipeline_helpers import CATEGORY, THREE, make_pipeline
from workflow_app.core.errors import DESCRIPTION_CONTROL_CHARACTERS, ErrorCode
from workflow_app.ideas.domain import pipelines, stages
from workflow_app.ideas.domain.pipelines import PipelineIn, StageIn
from workflow_app.models import AuditAction, AuditLog, ReviewPipeline, ReviewStage, Role


@pytest.fixture
def superadmin(session):
    return make_actor(session, role=Role.SUPERADMIN)


def _stages(session, pipeline_id):
    return [(s.name, s.position, s.is_decision) for s in pipelines.stages_of(session, pipeline_id)]


def test_a_superadmin_makes_a_pipeline_numbered_from_one_with_its_audit_row(session, clock, superadmin):
    pipeline_id = make_pipeline(session, superadmin, clock=clock)
    assert _stages(session, pipeline_id) == [
        ("Screening", 1, False),
        ("Feasibility", 2, False),
        ("Final Decision", 3, True),
    ]
    [entry] = session.exec(select(AuditLog).where(AuditLog.action == AuditAction.PIPELINE_CREATED)).all()
    assert entry.details["stages"] == ["Screening", "Feasibility", "Final Decision"]
    views = pipelines.all_pipelines(session, superadmin).value
    assert [(v.category, v.name) for v in views][:2] == [
        (CATEGORY, "Three steps"),
        ("new-product-service", "Default (2-stage)"),
    ]
    assert len(views) == 5 and views[1].is_default


@pytest.mark.parametrize(
    ("name", "stage_list", "field", "message"),
    [
        ("", THREE, "name", pipelines.NAME_REQUIRED),
        ("x" * 81, THREE, "name", pipelines.NAME_TOO_LONG),
        ("One", (StageIn("Only", is_decision=True),), "stages", pipelines.TOO_FEW_STAGES),
        ("None", (StageIn("A"), StageIn("B")), "stages", pipelines.NOT_ONE_DECISION),
        (
            "Two",
            (StageIn("A", is_decision=True), StageIn("B", is_decision=True)),
            "stages",
            pipelines.ONLY_ONE_DECISION,
        ),
        ("Gap", (StageIn("A", order=1), StageIn("B", is_decision=True, order=3)), "stages", pipelines.NOT_CONTIGUOUS),
        ("Early", (StageIn("A", is_decision=True), StageIn("B")), "stages", pipelines.DECISION_NOT_LAST),
        ("Blank", (StageIn("  "), StageIn("B", is_decision=True)), "stage1.name", pipelines.STAGE_NAME_REQUIRED),
        ("Long", (StageIn("x" * 61), StageIn("B", is_decision=True)), "stage1.name", pipelines.STAGE_NAME_TOO_LONG),
        (
            "NUL",  # PostgreSQL stores no NUL in text: refused, not a server error
            (StageIn("A", description="a\x00b"), StageIn("B", is_decision=True)),
            "stage1.description",
            DESCRIPTION_CONTROL_CHARACTERS,
        ),
    ],
)
def test_a_pipeline_that_breaks_a_rule_is_refused_with_its_message(
    session, clock, superadmin, name, stage_list, field, message
):
    made = pipelines.create_pipeline(
        session, superadmin, category=CATEGORY, pipeline=PipelineIn(name, stage_list), clock=clock
    )
    assert (made.code, made.field_errors.get(field)) == (ErrorCode.VALIDATION_ERROR, message)
    assert session.exec(select(ReviewPipeline)).all() == []


def test_one_pipeline_a_category_and_only_superadmins_make_them(session, clock, superadmin):
    make_pipeline(session, superadmin, clock=clock)
    again = pipelines.create_pipeline(
        session, superadmin, category=CATEGORY, pipeline=PipelineIn("Again", THREE), clock=clock
    )
    assert again.code == ErrorCode.PIPELINE_EXISTS
    admin = make_actor(session, role=Role.ADMIN)
    refused = pipelines.create_pipeline(
        session, admin, category="cost-reduction", pipeline=PipelineIn("A", THREE), clock=clock
    )
    assert refused.code == ErrorCode.FORBIDDEN_ROLE
    assert pipelines.all_pipelines(session, admin).code == ErrorCode.FORBIDDEN_ROLE
    blind = pipelines.set_blind_review(session, admin, pipeline_id="x", blind=True, clock=clock)
    assert (blind.code, blind.message) == (ErrorCode.FORBIDDEN_ROLE, "Only SUPERADMIN can modify blind review setting.")


def test_an_edit_keeps_the_stages_sent_with_their_id_reorders_and_bumps_the_version(session, clock, superadmin):
    pipeline_id = make_pipeline(session, superadmin, clock=clock)
    screening, feasibility, final = pipelines.stages_of(session, pipeline_id)
    edit = PipelineIn(
        "Renamed",
        (
            StageIn("Feasibility", id=feasibility.id),
            StageIn("Screening", id=screening.id),
            StageIn("Decide", is_decision=True, id=final.id),
        ),
    )
    saved = pipelines.update_pipeline(
        session, superadmin, pipeline_id=pipeline_id, expected_version=1, pipeline=edit, clock=clock
    )
    assert saved.ok and saved.value.version == 2
    assert _stages(session, pipeline_id) == [("Feasibility", 1, False), ("Screening", 2, False), ("Decide", 3, True)]
    assert pipelines.stages_of(session, pipeline_id)[0].id == feasibility.id
    stale = pipelines.update_pipeline(
        session, superadmin, pipeline_id=pipeline_id, expected_version=1, pipeline=edit, clock=clock
    )
    assert stale.code == ErrorCode.CONFLICT


def test_a_stage_a_review_is_on_cannot_be_removed_nor_its_pipeline_deleted(session, clock, superadmin):
    pipeline_id = make_pipeline(session, superadmin, clock=clock)
    idea = make_idea(session, make_actor(session), category=CATEGORY)
    assert stages.claim_stage(session, superadmin, idea_id=idea.id, clock=clock).ok
    first, second, final = pipelines.stages_of(session, pipeline_id)
    without_first = PipelineIn(
        "Short", (StageIn("Feasibility", id=second.id), StageIn("Final", is_decision=True, id=final.id))
    )
    removed = pipelines.update_pipeline(
        session, superadmin, pipeline_id=pipeline_id, expected_version=1, pipeline=without_first, clock=clock
    )
    assert removed.code == ErrorCode.STAGE_IN_USE
    assert (
        pipelines.delete_pipeline(session, superadmin, category=CATEGORY, clock=clock).code == ErrorCode.PIPELINE_IN_USE
    )
    assert len(pipelines.stages_of(session, pipeline_id)) == 3


def test_deleting_a_pipeline_takes_its_stages_and_the_default_cannot_be_deleted(session, clock, superadmin):
    make_pipeline(session, superadmin, clock=clock)
    assert pipelines.delete_pipeline(session, superadmin, category=CATEGORY, clock=clock).ok
    assert session.exec(select(ReviewStage)).all() == []
    assert (
        pipelines.delete_pipeline(session, superadmin, category=CATEGORY, clock=clock).code
        == ErrorCode.CANNOT_DELETE_DEFAULT
    )
    assert session.exec(select(AuditLog.action).where(AuditLog.action == AuditAction.PIPELINE_DELETED)).all()


def test_blind_review_switched_on_during_reviews_warns_and_says_so(session, clock, superadmin):
    pipeline_id = make_pipeline(session, superadmin, clock=clock)
    quiet = pipelines.set_blind_review(session, superadmin, pipeline_id=pipeline_id, blind=True, clock=clock)
    assert quiet.value.warning == "" and quiet.value.notices == ("Blind review has been enabled for Three steps.",)
    pipelines.set_blind_review(session, superadmin, pipeline_id=pipeline_id, blind=False, clock=clock)
    idea = make_idea(session, make_actor(session), category=CATEGORY)
    assert stages.claim_stage(session, superadmin, idea_id=idea.id, clock=clock).ok
    loud = pipelines.set_blind_review(session, superadmin, pipeline_id=pipeline_id, blind=True, clock=clock)
    assert loud.value.warning == pipelines.BLIND_WARNING
    assert session.get(ReviewPipeline, pipeline_id).blind_review is True
