"""Blind review: the five conditions of the masking rule, and every place an author shows (ORIGINS C17, F 46)."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from sqlmodel import select

from tests.factories import make_actor, make_idea
from tests.ideas.pipeline_helpers import CATEGORY, make_pipeline
from workflow_app.core.actor import Actor
from workflow_app.ideas.domain import blind_review, idea_export, idea_queries, review_queries, stages
from workflow_app.models import AuditLog, IdeaStatus, Role

AUTHOR, READER = "author-id", "reader-id"


def _reader(role: Role, user_id: str = READER) -> Actor:
    return Actor(user_id=user_id, role=role, display_name="Reader", email="r@example.com")


CASES = list(
    itertools.product(
        [True, False],  # the feature on
        [True, False],  # the pipeline blind
        [IdeaStatus.UNDER_REVIEW, IdeaStatus.SUBMITTED, IdeaStatus.ACCEPTED, IdeaStatus.REJECTED],
        [Role.ADMIN, Role.SUPERADMIN, Role.SUBMITTER],
        [False, True],  # the reader is the author
    )
)


@pytest.mark.parametrize(("on", "blind", "status", "role", "own"), CASES)
def test_the_author_is_anonymous_only_when_all_five_conditions_hold(monkeypatch, on, blind, status, role, own):
    monkeypatch.setattr(blind_review, "settings", replace(blind_review.settings, blind_review_enabled=on))
    reader = _reader(role, AUTHOR if own else READER)
    shown = blind_review.author_name(reader, status=status, author_id=AUTHOR, name="Ada Author", blind=blind)
    masked = on and blind and status == IdeaStatus.UNDER_REVIEW and role == Role.ADMIN and not own
    assert shown == ("Anonymous" if masked else "Ada Author")


def test_a_missing_name_is_unknown():
    assert blind_review.author_name(
        _reader(Role.ADMIN), status="SUBMITTED", author_id=AUTHOR, name=None, blind=True
    ) == ("Unknown")


def test_an_admin_sees_anonymous_everywhere_the_author_shows_but_in_the_audit_log(session, clock):
    sol, ada = make_actor(session, role=Role.SUPERADMIN), make_actor(session, role=Role.ADMIN)
    author = make_actor(session, display_name="Ada Author")
    make_pipeline(session, sol, clock=clock, blind=True)
    idea = make_idea(session, author, category=CATEGORY, title="Blind idea")
    assert stages.claim_stage(session, make_actor(session, role=Role.ADMIN), idea_id=idea.id, clock=clock).ok

    listed = idea_queries.list_ideas(session, ada).value.items
    assert [i.author_name for i in listed if i.id == idea.id] == ["Anonymous"]
    assert idea_queries.idea_detail(session, ada, idea_id=idea.id).value.summary.author_name == "Anonymous"
    assert review_queries.review_view(session, ada, idea_id=idea.id).value.author_name == "Anonymous"
    csv = "".join(idea_export.ideas_csv_chunks(session, ada).value)
    assert "Anonymous" in csv and "Ada Author" not in csv and author.email not in csv
    assert review_queries.review_view(session, sol, idea_id=idea.id).value.author_name == "Ada Author"
    assert idea_queries.idea_detail(session, author, idea_id=idea.id).value.summary.author_name == "Ada Author"
    created = session.exec(select(AuditLog).where(AuditLog.target_id == idea.id)).all()
    assert created and all(entry.actor_name != "Anonymous" for entry in created)


def test_once_decided_or_with_the_feature_off_the_name_shows_again(session, clock, monkeypatch):
    sol, ada = make_actor(session, role=Role.SUPERADMIN), make_actor(session, role=Role.ADMIN)
    author = make_actor(session, display_name="Ada Author")
    make_pipeline(session, sol, clock=clock, blind=True)
    decided = make_idea(session, author, category=CATEGORY, status=IdeaStatus.ACCEPTED)
    assert idea_queries.idea_detail(session, ada, idea_id=decided.id).value.summary.author_name == "Ada Author"
    under = make_idea(session, author, category=CATEGORY)
    assert stages.claim_stage(session, sol, idea_id=under.id, clock=clock).ok
    monkeypatch.setattr(blind_review, "settings", replace(blind_review.settings, blind_review_enabled=False))
    assert idea_queries.idea_detail(session, ada, idea_id=under.id).value.summary.author_name == "Ada Author"
