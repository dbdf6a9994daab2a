"""`GET /api/attachments/{id}`: who may download an idea's file, the headers it comes with, the
file gone from the store, and streaming without the whole file in memory (ORIGINS C14)."""

from __future__ import annotations

import io
import tracemalloc
from dataclasses import replace

import pytest
from sqlmodel import delete, select, update

from tests.api.test_audit_export import ADMIN, SUBMITTER, _client, _signed_in
from tests.factories import make_user
from workflow_app.api import attachment_routes
from workflow_app.core.actor import Actor
from workflow_app.core.clock import system_clock
from workflow_app.db import open_session
from workflow_app.ideas.domain import attachments, drafts, idea_counts
from workflow_app.ideas.domain.idea_rules import IdeaIn
from workflow_app.models import Idea, IdeaStatus, User

PDF = b"%PDF-1.7\n" + b"0123456789" * 300
OTHER = "other.submitter@example.com"


def _actor(session, email: str) -> Actor:
    return Actor.of(session.exec(select(User).where(User.email == email)).one())


def _idea_with_file(visibility: str, data: bytes = PDF, name: str = "Plan für 2027.pdf") -> tuple[str, str]:
    """A submitted idea of the demo submitter with one file: (idea id, attachment id)."""
    with open_session() as session:
        author = _actor(session, SUBMITTER)
        form = IdeaIn(
            title="An idea with a file", description="See the plan.", category="cost-reduction", visibility=visibility
        )
        draft = drafts.save_draft(session, author, form, draft_id=None, clock=system_clock).value
        added = attachments.attach_files(
            session,
            author,
            draft_id=draft.id,
            uploads=[attachments.Upload(name, "application/pdf", io.BytesIO(data))],
            storage=attachments.default_storage(),
            clock=system_clock,
        ).value.added
        # Submitted as the submit would leave it (its category's own fields are not this test's).
        session.exec(update(Idea).where(Idea.id == draft.id).values(status=IdeaStatus.SUBMITTED, draft_expires_at=None))
        idea_counts.recount(session)
        session.commit()
        return draft.id, added[0].id


@pytest.fixture
def private_file(app_database):
    with open_session() as session:
        if session.exec(select(User).where(User.email == OTHER)).first() is None:
            make_user(session, email=OTHER, password="DemoPass1")
    idea_id, attachment_id = _idea_with_file("PRIVATE")
    yield attachment_id
    with open_session() as session:
        session.exec(delete(Idea).where(Idea.id == idea_id))
        idea_counts.recount(session)
        session.commit()


def test_the_author_and_an_admin_download_a_private_file_with_its_headers(private_file):
    for email in (SUBMITTER, ADMIN):
        response = _signed_in(email).get(attachment_routes.download_path(private_file))
        assert response.status_code == 200, email
        assert response.content == PDF
        assert response.headers["content-type"] == "application/pdf"
        assert response.headers["content-disposition"] == (
            "attachment; filename=\"Plan f_r 2027.pdf\"; filename*=UTF-8''Plan%20f%C3%BCr%202027.pdf"
        )
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["x-content-type-options"] == "nosniff"


def test_nobody_else_gets_a_private_file(private_file):
    anonymous = _client().get(attachment_routes.download_path(private_file))
    assert (anonymous.status_code, anonymous.json()) == (401, {"error": "Unauthorized"})
    other = _signed_in(OTHER).get(attachment_routes.download_path(private_file))
    assert (other.status_code, other.json()) == (403, {"error": "Forbidden"})
    missing = _signed_in(OTHER).get(attachment_routes.download_path("0" * 32))
    assert (missing.status_code, missing.json()) == (404, {"error": "Attachment not found"})


def test_a_file_gone_from_the_store_is_a_502(private_file):
    with open_session() as session:
        row = session.exec(
            select(attachments.IdeaAttachment).where(attachments.IdeaAttachment.id == private_file)
        ).one()
        attachments.default_storage().delete(row.blob_key)
    response = _signed_in(SUBMITTER).get(attachment_routes.download_path(private_file))
    assert (response.status_code, response.json()) == (502, {"error": "File is no longer available."})


def test_off_the_route_is_not_found(private_file, monkeypatch):
    monkeypatch.setattr(attachments, "settings", replace(attachments.settings, attachments_enabled=False))
    response = _signed_in(SUBMITTER).get(attachment_routes.download_path(private_file))
    assert (response.status_code, response.json()) == (404, {"error": "Not found"})


def test_a_25_mb_file_is_streamed_in_chunks_not_held_in_memory(app_database):
    size = 25 * 1024 * 1024
    data = b"%PDF-1.7\n" + b"\0" * (size - 9)
    idea_id, attachment_id = _idea_with_file("PUBLIC", data=data, name="large.pdf")
    del data
    client = _signed_in(SUBMITTER)
    tracemalloc.start()
    received = 0
    with client.stream("GET", attachment_routes.download_path(attachment_id)) as response:
        assert response.status_code == 200 and response.headers["content-length"] == str(size)
        for chunk in response.iter_bytes():
            received += len(chunk)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert received == size
    assert peak < 8 * 1024 * 1024  # a few chunks in flight, never the file
    with open_session() as session:
        session.exec(delete(Idea).where(Idea.id == idea_id))
        idea_counts.recount(session)
        session.commit()
