"""Origins (issue 9, F5/F14): with APP_BASE_URL set, only those origins get credentialed API
answers, a websocket, or the sign-in hand-off's redirect; every response carries the security
headers."""

from __future__ import annotations

import asyncio
import dataclasses

import httpx
import pytest
import socketio
from starlette.responses import PlainTextResponse
from starlette.testclient import TestClient

from tests.support.servers import Backend
from workflow_app.api import auth_routes, security_headers
from workflow_app.api.app import build_api
from workflow_app.config import settings

APP = "http://app.example:3000"
EVIL = "http://127.0.0.1:9999"


@pytest.fixture
def backend(app_database):
    """A production backend that knows where the app is served from."""
    node = Backend(
        database_url=app_database, extra_env={"APP_BASE_URL": f"{APP}, http://other.example"}, name="origins"
    )
    try:
        node.start().wait_ready()
        yield node
    finally:
        node.cleanup()


def handshake(url: str, origin: str) -> bool:
    async def attempt() -> bool:
        client = socketio.AsyncClient(reconnection=False)
        try:
            await client.connect(
                url,
                headers={"Origin": origin},
                transports=["websocket"],
                namespaces=["/_event"],
                socketio_path="/_event",
                wait_timeout=10,
            )
        except socketio.exceptions.ConnectionError:
            return False
        await client.disconnect()
        return True

    return asyncio.run(attempt())


def test_the_websocket_opens_only_from_the_apps_origins(backend):
    assert handshake(backend.url, APP)
    assert not handshake(backend.url, EVIL)


def test_credentialed_api_answers_go_only_to_the_apps_origins(backend):
    allowed = httpx.get(f"{backend.url}/api/auth/me", headers={"Origin": APP})
    other = httpx.get(f"{backend.url}/api/auth/me", headers={"Origin": EVIL})
    assert allowed.headers.get("access-control-allow-origin") == APP
    assert "access-control-allow-origin" not in other.headers


def test_every_backend_response_carries_the_security_headers(backend):
    for path in ("/ping", "/api/auth/me", "/no-such-route"):
        headers = httpx.get(f"{backend.url}{path}").headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "script-src 'self' 'unsafe-inline' 'unsafe-eval';" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_the_headers_replace_any_the_app_set_itself():
    async def framable(scope, receive, send):  # an app that answers with weaker headers of its own
        response = PlainTextResponse("ok", headers={"X-Frame-Options": "SAMEORIGIN", "Referrer-Policy": "unsafe-url"})
        await response(scope, receive, send)

    response = TestClient(security_headers.with_security_headers(framable)).get("/")
    assert response.headers.get_list("x-frame-options") == ["DENY"]
    assert response.headers.get_list("referrer-policy") == ["strict-origin-when-cross-origin"]


@pytest.fixture
def handoff(app_database, monkeypatch):
    monkeypatch.setattr(auth_routes, "settings", dataclasses.replace(settings, app_base_urls=(APP,)))
    from tests.api.test_auth_routes import _ticket

    client = TestClient(build_api(), base_url="http://localhost:8000", follow_redirects=False)
    return lambda origin: client.get(
        "/api/auth/handoff", params={"ticket": _ticket(), "next": "/ideas", "origin": origin}
    ).headers["location"]


def test_the_hand_off_redirects_only_to_the_apps_own_origin(handoff):
    assert handoff(APP) == f"{APP}/ideas"
    assert handoff("http://localhost:3001") == "/ideas"  # same host, another port: no longer enough
    assert handoff("http://evil.example") == "/ideas"
