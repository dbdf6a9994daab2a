"""`GET /api/cron/expire-drafts` and the `expire-drafts` CLI command (ORIGINS C9, F 22)."""

from __future__ import annotations

import dataclasses
import json
import logging
from datetime import timedelta

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from workflow_app import cli
from workflow_app.api.app import build_api
from workflow_app.config import settings
from workflow_app.core.clock import system_clock
from workflow_app.db import open_session
from workflow_app.ideas.domain import draft_expiry
from workflow_app.models import Idea, IdeaStatus, User

ROUTE = "/api/cron/expire-drafts"


@pytest.fixture
def client(app_database) -> TestClient:
    return TestClient(build_api(), base_url="http://localhost:8000")


@pytest.fixture
def job_must_not_run(monkeypatch) -> None:
    def touched(*_args, **_kwargs):
        raise AssertionError("the job ran without a valid secret")

    monkeypatch.setattr(draft_expiry, "expire_drafts", touched)


@pytest.fixture
def long_expired_draft(app_database):
    """A draft of a demo user whose expiry passed a day ago; removed again afterwards."""
    now = system_clock.now()
    with open_session() as session:
        author_id = session.exec(select(User.id)).first()
        draft = Idea(
            title="Forgotten",
            status=IdeaStatus.DRAFT,
            author_id=author_id,
            draft_expires_at=now - timedelta(days=1),
            created_at=now - timedelta(days=91),
        )
        session.add(draft)
        session.commit()
    yield draft.id
    with open_session() as session:
        if (stored := session.get(Idea, draft.id)) is not None:
            session.delete(stored)
            session.commit()


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_the_test_secret_is_long_enough():
    assert len(settings.cron_secret) >= 32


@pytest.mark.parametrize(
    "headers",
    [
        {},
        _bearer("wrong-secret-wrong-secret-wrong-secret-wrong"),
        {"Authorization": "Bearer "},
        {"Authorization": f"Basic {settings.cron_secret}"},
        {"Authorization": f"bearer{settings.cron_secret}"},
        {"Authorization": f"Bearer {settings.cron_secret}x"},
    ],
    ids=["missing", "wrong", "empty", "basic-scheme", "no-space", "longer"],
)
def test_without_the_right_bearer_secret_the_route_is_unauthorized_and_runs_nothing(client, job_must_not_run, headers):
    response = client.get(ROUTE, headers=headers)

    assert response.status_code == 401
    assert response.json() == {"error": "Unauthorized"}


def test_the_right_secret_runs_the_job_and_returns_the_counts(client, long_expired_draft):
    response = client.get(ROUTE, headers=_bearer(settings.cron_secret))

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"softDeleted", "hardDeleted", "durationMs"}
    assert body["softDeleted"] >= 1
    assert all(isinstance(v, int) for v in body.values())
    with open_session() as session:
        stored = session.get(Idea, long_expired_draft)
        assert (stored.is_expired_draft, stored.soft_deleted_at is not None) == (True, True)


def test_a_second_call_changes_nothing_more(client, long_expired_draft):
    client.get(ROUTE, headers=_bearer(settings.cron_secret))

    body = client.get(ROUTE, headers=_bearer(settings.cron_secret)).json()

    assert (body["softDeleted"], body["hardDeleted"]) == (0, 0)


def test_a_secret_shorter_than_32_characters_opens_nothing(client, job_must_not_run, monkeypatch):
    monkeypatch.setattr("workflow_app.api.cron_routes.settings", dataclasses.replace(settings, cron_secret="short"))

    response = client.get(ROUTE, headers=_bearer("short"))

    assert response.status_code == 401
    assert response.json() == {"error": "Unauthorized"}


def test_an_empty_secret_opens_nothing(client, job_must_not_run, monkeypatch):
    monkeypatch.setattr("workflow_app.api.cron_routes.settings", dataclasses.replace(settings, cron_secret=""))

    assert client.get(ROUTE, headers={"Authorization": "Bearer "}).status_code == 401


def test_a_failing_job_is_logged_and_answers_500_without_details(client, monkeypatch, caplog):
    def broken(*_args, **_kwargs):
        raise RuntimeError("database exploded: secret detail")

    monkeypatch.setattr(draft_expiry, "expire_drafts", broken)

    with caplog.at_level(logging.ERROR, logger="workflow_app.jobs"):
        response = client.get(ROUTE, headers=_bearer(settings.cron_secret))

    assert response.status_code == 500
    assert response.json() == {"error": "Internal server error"}
    [record] = [r for r in caplog.records if r.name == "workflow_app.jobs"]
    assert record.exc_info and "secret detail" in str(record.exc_info[1])


def test_the_route_answers_get_only(client):
    assert client.post(ROUTE, headers=_bearer(settings.cron_secret)).status_code == 405


def test_the_cli_command_runs_the_same_job_and_prints_the_counts(app_database, long_expired_draft, capsys):
    assert cli.main(["expire-drafts"]) == 0

    body = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(body) == {"softDeleted", "hardDeleted", "durationMs"}
    assert body["softDeleted"] >= 1
