"""`GET /api/admin/audit.csv`: the audit log download of /admin/audit (SPEC §5)."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import UTC, datetime

import pytest
from sqlmodel import delete, select
from starlette.testclient import TestClient

from workflow_app.accounts.domain import accounts
from workflow_app.api.app import build_api
from workflow_app.api.audit_export import DATE_UNREADABLE, filter_query, filters_from_query
from workflow_app.core import audit, audit_log
from workflow_app.core.actor import Actor
from workflow_app.core.audit_log import AuditFilters
from workflow_app.core.clock import FixedClock, system_clock
from workflow_app.db import open_session
from workflow_app.demo import DEMO_PASSWORD
from workflow_app.models import AuditAction, AuditLog, User

ROUTE = "/api/admin/audit.csv"
ADMIN = "admin@example.com"
SUBMITTER = "submitter@example.com"


def _client() -> TestClient:
    return TestClient(build_api(), base_url="http://localhost:8000", follow_redirects=False)


@pytest.fixture
def client(app_database) -> TestClient:
    return _client()


def _signed_in(email: str) -> TestClient:
    client = _client()
    with open_session() as session:
        ticket = accounts.sign_in(session, email=email, password=DEMO_PASSWORD, clock=system_clock)
    assert ticket.ok, ticket
    assert client.get("/api/auth/handoff", params={"ticket": ticket.value}).status_code == 303
    return client


@pytest.fixture
def admin_client(app_database) -> TestClient:
    return _signed_in(ADMIN)


@pytest.fixture
def submitter_client(app_database) -> TestClient:
    return _signed_in(SUBMITTER)


@pytest.fixture
def tag(app_database):
    """A word only this test's audit rows carry in their titles; the rows go again afterwards."""
    word = f"exp{uuid.uuid4().hex[:10]}"
    yield word
    with open_session() as session:
        session.exec(delete(AuditLog).where(AuditLog.target_title.contains(word)))
        session.commit()


def _record(
    *,
    title: str,
    action: AuditAction = AuditAction.IDEA_CREATED,
    at: datetime | None = None,
    details: dict | None = None,
    target_id: str | None = None,
) -> None:
    with open_session() as session:
        admin = Actor.of(session.exec(select(User).where(User.email == ADMIN)).one())
        audit.record(
            session,
            admin,
            action=action,
            target_type="idea",
            target_id=target_id or uuid.uuid4().hex,
            target_title=title,
            details=details,
            clock=FixedClock(at) if at else system_clock,
        )
        session.commit()


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.text)))


def test_nobody_signed_in_gets_401(client):
    response = client.get(ROUTE)

    assert response.status_code == 401
    assert response.json() == {"error": "Unauthorized"}


@pytest.mark.parametrize("query", [{}, {"action": "NOPE"}, {"from": "yesterday"}])
def test_a_submitter_gets_403_whatever_the_filters(submitter_client, query):
    response = submitter_client.get(ROUTE, params=query)

    assert response.status_code == 403
    assert response.json() == {"error": "Forbidden"}


def test_an_admin_downloads_the_header_and_only_the_matching_rows_newest_first(admin_client, tag):
    _record(title=f"Bike racks {tag}", at=datetime(2026, 1, 10, 9, 0, tzinfo=UTC), details={"status": "SUBMITTED"})
    _record(title=f"Solar roof {tag}", at=datetime(2026, 1, 11, 9, 0, tzinfo=UTC))

    response = admin_client.get(ROUTE, params={"target": tag})

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    header, *rows = _csv(response)
    assert header == list(audit_log.CSV_HEADER)
    assert [(r[0], r[1], r[2], r[5]) for r in rows] == [
        ("2026-01-11T09:00:00Z", "Ada Admin", "IDEA_CREATED", f"Solar roof {tag}"),
        ("2026-01-10T09:00:00Z", "Ada Admin", "IDEA_CREATED", f"Bike racks {tag}"),
    ]
    assert rows[1][6] == '{"status": "SUBMITTED"}'


def test_the_download_is_an_attachment_named_after_today(admin_client, tag):
    response = admin_client.get(ROUTE, params={"target": tag})

    disposition = response.headers["content-disposition"]
    assert re.fullmatch(r'attachment; filename="audit-log-\d{8}\.csv"', disposition)
    assert f"{system_clock.now():%Y%m%d}" in disposition


def test_action_and_dates_narrow_the_download(admin_client, tag):
    _record(title=f"Old {tag}", action=AuditAction.IDEA_DELETED, at=datetime(2025, 12, 31, 23, 0, tzinfo=UTC))
    _record(title=f"Kept {tag}", action=AuditAction.IDEA_DELETED, at=datetime(2026, 1, 5, 12, 0, tzinfo=UTC))
    _record(title=f"Other action {tag}", action=AuditAction.IDEA_CREATED, at=datetime(2026, 1, 5, 12, 0, tzinfo=UTC))
    _record(title=f"Too late {tag}", action=AuditAction.IDEA_DELETED, at=datetime(2026, 1, 6, 0, 0, tzinfo=UTC))

    response = admin_client.get(
        ROUTE,
        params={"target": tag, "action": "IDEA_DELETED", "from": "2026-01-01", "to": "2026-01-05"},
    )

    assert response.status_code == 200
    assert [r[5] for r in _csv(response)[1:]] == [f"Kept {tag}"]


def test_a_formula_in_a_cell_is_defused(admin_client, tag):
    _record(title=f'=HYPERLINK("http://evil.example","{tag}")', details={"note": "@SUM(A1)"})

    (row,) = _csv(admin_client.get(ROUTE, params={"target": tag}))[1:]

    assert row[5] == f'\'=HYPERLINK("http://evil.example","{tag}")'
    assert not any(cell.startswith(audit_log.FORMULA_STARTS) for cell in row)


def test_every_chunk_of_a_long_export_arrives(admin_client, tag, monkeypatch):
    monkeypatch.setattr(audit_log, "CSV_CHUNK", 2)  # five rows → three reads on one open session
    for day in range(1, 6):
        _record(title=f"Row {day} {tag}", at=datetime(2026, 2, day, tzinfo=UTC))

    rows = _csv(admin_client.get(ROUTE, params={"target": tag}))[1:]

    assert [r[5] for r in rows] == [f"Row {day} {tag}" for day in range(5, 0, -1)]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"action": "NOPE"}, audit_log.ACTION_UNKNOWN),
        ({"from": "2026-02-01", "to": "2026-01-01"}, audit_log.DATES_REVERSED),
        ({"from": "01/02/2026"}, DATE_UNREADABLE),
        ({"to": "2026-02-30"}, DATE_UNREADABLE),
        ({"to": "2026-W05-1"}, DATE_UNREADABLE),
    ],
)
def test_bad_filters_get_400_with_the_reason(admin_client, query, message):
    response = admin_client.get(ROUTE, params=query)

    assert response.status_code == 400
    assert response.json() == {"error": message}


def test_the_page_and_the_download_read_the_same_query():
    query = filter_query({"actor": " Ada ", "action": "IDEA_CREATED", "target": "", "from": "2026-01-01", "page": "3"})

    assert query == "actor=Ada&action=IDEA_CREATED&from=2026-01-01"
    assert filters_from_query({"actor": "Ada", "action": "IDEA_CREATED", "from": "2026-01-01"}) == AuditFilters(
        actor_query="Ada",
        action="IDEA_CREATED",
        date_from=datetime(2026, 1, 1).date(),
    )
