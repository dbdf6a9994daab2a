"""A cap on what one request to Reflex's upload endpoint may send.

Reflex parses an upload's multipart body (Starlette spools each file to a temporary file)
before any handler runs, so no handler can refuse a body that is too big: it would already be
on disk. This wraps the backend: an upload must say its length (browsers always do for a form
of files; the server holds the body to it), and one over the cap is answered 413 unread.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from workflow_app.api.security_headers import ASGIApp

UPLOAD_PATH = "/_upload"
# One request's files together: an idea's attachments are at most 100 MB in all (58 marking
# schemes to import are ~15 MB); the rest is room for the multipart framing.
UPLOAD_MAX_BYTES = 101 * 1024 * 1024
TOO_LARGE = "The files are too large to upload together (at most 100 MB)."
NO_LENGTH = "An upload must say its length (Content-Length)."


async def _answer(send: Callable[[dict], Awaitable[None]], status: int, text: str) -> None:
    body = text.encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _declared_length(scope: MutableMapping[str, Any]) -> int | None:
    for name, value in scope.get("headers", ()):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def with_upload_limit(app: ASGIApp, limit: int = UPLOAD_MAX_BYTES) -> ASGIApp:
    async def guarded(scope: dict, receive: Any, send: Any) -> None:
        is_upload = scope.get("type") == "http" and str(scope.get("path", "")).rstrip("/").endswith(UPLOAD_PATH)
        if is_upload and scope.get("method") == "POST":
            declared = _declared_length(scope)
            if declared is None:
                await _answer(send, 411, NO_LENGTH)
                return
            if declared > limit:
                await _answer(send, 413, TOO_LARGE)
                return
        await app(scope, receive, send)

    return guarded
