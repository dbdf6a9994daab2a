"""Descriptor figures of the admins' analytics: per skill, its SCM's descriptors by status and
the median time from submission to decision."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from tests.descriptors.descriptor_helpers import WHEN, make_descriptor, make_skill
from tests.factories import make_actor
from workflow_app.core.errors import ErrorCode
from workflow_app.descriptors.domain import descriptor_analytics
from workflow_app.descriptors.domain.descriptor_analytics import SkillFigures
from workflow_app.models import DescriptorBatchStatus as B
from workflow_app.models import Role


def _decided(session, scm, sa, status, hours: float) -> None:
    descriptor = make_descriptor(session, scm, status=status, reviewer=sa, submitted_at=WHEN)
    descriptor.reviewed_at = WHEN + timedelta(hours=hours)
    session.add(descriptor)
    session.commit()


def test_each_skill_counts_its_scms_descriptors_by_status_with_the_median_time_to_decision(session):
    boss = make_actor(session, role=Role.SUPERADMIN)
    sa = make_actor(session, role=Role.SA)
    welder, joiner = make_actor(session, role=Role.SCM), make_actor(session, role=Role.SCM)
    make_skill(session, sa=sa, scm=welder, name="Welding")
    make_skill(session, sa=sa, scm=joiner, name="Joinery")
    make_skill(session, sa=sa, name="Bricklaying")  # no SCM yet
    for status in (B.DRAFT, B.DRAFT, B.PENDING_REVIEW):
        make_descriptor(session, welder, status=status)
    make_descriptor(session, welder, status=B.DRAFT, deleted=True)  # deleted: not counted
    for status, hours in [(B.APPROVED, 2), (B.RETURNED, 10), (B.APPROVED, 4), (B.APPROVED, 30)]:
        _decided(session, welder, sa, status, hours)  # median of 2, 4, 10, 30: 7
    for hours in (1, 3, 50):
        _decided(session, joiner, sa, B.RETURNED, hours)  # median: 3

    figures = descriptor_analytics.skill_figures(session, boss)

    assert figures.ok, figures
    assert figures.value == [
        SkillFigures("Bricklaying", 0, 0, 0, 0, None),
        SkillFigures("Joinery", 0, 0, 0, 3, 3.0),
        SkillFigures("Welding", 2, 1, 3, 1, 7.0),
    ]


def test_with_no_skills_there_are_no_rows(session):
    assert descriptor_analytics.skill_figures(session, make_actor(session, role=Role.SUPERADMIN)).value == []


@pytest.mark.parametrize("role", [Role.SA, Role.SCM, Role.SUBMITTER])
def test_only_admins_see_the_descriptor_figures(session, role):
    assert descriptor_analytics.skill_figures(session, make_actor(session, role=role)).code == ErrorCode.FORBIDDEN_ROLE


def test_analytics_off_is_not_found(session, monkeypatch):
    settings = replace(descriptor_analytics.settings, analytics_enabled=False)
    monkeypatch.setattr(descriptor_analytics, "settings", settings)

    answer = descriptor_analytics.skill_figures(session, make_actor(session, role=Role.SUPERADMIN))

    assert answer.code == ErrorCode.FEATURE_DISABLED
