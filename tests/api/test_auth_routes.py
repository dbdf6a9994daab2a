"""The cookie routes: the only place the session cookie is set, checked and cleared."""

from __future__ import annotations

import uuid

import pytest
from starlette.testclient import TestClient

from workflow_app.accounts.domain import accounts, sessions
from workflow_app.api.app import build_api
from workflow_app.core.clock import system_clock
from workflow_app.db import open_session
from workflow_app.demo import DEMO_PASSWORD


@pytest.fixture
def client(app_database) -> TestClient:
    return TestClient(build_api(), base_url="http://localhost:8000", follow_redirects=False)


def _ticket(email: str = "submitter@example.com") -> str:
    with open_session() as session:
        result = accounts.sign_in(session, email=email, password=DEMO_PASSWORD, clock=system_clock)
    assert result.ok, result
    return result.value


def _set_cookie(response) -> str:
    headers = [v for k, v in response.headers.multi_items() if k.lower() == "set-cookie"]
    assert len(headers) == 1, headers
    return headers[0]


def test_the_handoff_sets_an_httponly_samesite_lax_session_cookie(client):
    response = client.get("/api/auth/handoff", params={"ticket": _ticket(), "next": "/settings"})

    assert response.status_code == 303
    assert response.headers["location"] == "/settings"
    cookie = _set_cookie(response)
    assert cookie.startswith(f"{sessions.COOKIE_NAME}=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Path=/" in cookie
    assert "Max-Age" not in cookie and "expires" not in cookie.lower()


def test_the_cookie_identifies_the_person_until_logout_then_is_useless(client):
    client.get("/api/auth/handoff", params={"ticket": _ticket("admin@example.com")})
    token = client.cookies.get(sessions.COOKIE_NAME)
    assert client.get("/api/auth/me").json()["role"] == "ADMIN"

    response = client.post("/api/auth/logout")

    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert "Max-Age=0" in _set_cookie(response)
    # The old cookie, replayed by hand, no longer opens anything.
    replay = TestClient(build_api(), base_url="http://localhost:8000", cookies={sessions.COOKIE_NAME: token})
    assert replay.get("/api/auth/me").status_code == 401


def test_a_ticket_works_only_once(client):
    ticket = _ticket()
    assert client.get("/api/auth/handoff", params={"ticket": ticket}).headers.get("set-cookie")
    client.cookies.clear()

    again = client.get("/api/auth/handoff", params={"ticket": ticket})

    assert again.headers["location"] == "/login?expired=1"
    assert "set-cookie" not in again.headers


@pytest.mark.parametrize("ticket", ["", "not-a-ticket", uuid.uuid4().hex])
def test_an_unusable_ticket_sets_no_cookie(client, ticket):
    response = client.get("/api/auth/handoff", params={"ticket": ticket})

    assert response.status_code == 303
    assert response.headers["location"] == "/login?expired=1"
    assert "set-cookie" not in response.headers


@pytest.mark.parametrize(
    "next_path",
    ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", ""],
)
def test_next_goes_only_to_same_origin_paths(client, next_path):
    response = client.get("/api/auth/handoff", params={"ticket": _ticket(), "next": next_path})

    assert response.headers["location"] == "/"


def test_the_page_origin_is_followed_only_on_the_same_host(client):
    same = client.get(
        "/api/auth/handoff",
        params={"ticket": _ticket(), "next": "/ideas", "origin": "http://localhost:3000"},
    )
    other = client.get(
        "/api/auth/handoff",
        params={"ticket": _ticket(), "next": "/ideas", "origin": "http://evil.example:3000"},
    )

    assert same.headers["location"] == "http://localhost:3000/ideas"
    assert other.headers["location"] == "/ideas"


def test_nobody_signed_in_gets_401_from_me(client):
    assert client.get("/api/auth/me").status_code == 401
