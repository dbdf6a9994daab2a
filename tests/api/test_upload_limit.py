"""The upload endpoint's cap: refused before Reflex spools a byte of it to disk."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from workflow_app.api.upload_limit import NO_LENGTH, TOO_LARGE, with_upload_limit

read = []


async def _upload(request):
    read.append(len(await request.body()))
    return PlainTextResponse("ok")


def client(limit: int) -> TestClient:
    inner = Starlette(routes=[Route("/_upload", _upload, methods=["POST"]), Route("/other", _upload, methods=["POST"])])
    return TestClient(with_upload_limit(inner, limit=limit))


def test_an_upload_within_the_cap_reaches_the_endpoint():
    read.clear()
    response = client(1000).post("/_upload", content=b"x" * 1000)
    assert (response.status_code, read) == (200, [1000])


def test_an_upload_over_the_cap_is_refused_unread():
    read.clear()
    response = client(1000).post("/_upload", content=b"x" * 1001)
    assert (response.status_code, response.text, read) == (413, TOO_LARGE, [])


def test_an_upload_that_does_not_say_its_length_is_refused():
    read.clear()
    response = client(1000).post("/_upload", content=iter([b"x" * 10]))  # sent chunked
    assert (response.status_code, response.text, read) == (411, NO_LENGTH, [])


def test_other_paths_are_not_capped():
    read.clear()
    assert client(10).post("/other", content=b"x" * 100).status_code == 200
