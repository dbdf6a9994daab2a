"""Headers every backend response carries (the production build's pages included).

The pages must not be framed (clickjacking), types not sniffed, full URLs (with ids and
tickets) not sent to other sites. The CSP states what holds for every response without
breaking Reflex's build: no framing, no plugins, no <base> or form targets elsewhere, no
scripts from other sites.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from workflow_app.config import settings

ASGIApp = Callable[[dict, Callable[[], Awaitable[dict]], Callable[[dict], Awaitable[None]]], Awaitable[None]]


# Scripts only from the app itself. Reflex's build needs inline scripts (the router's hydration
# data) and eval (rx.call_script runs its code through eval), so those two stay allowed; a
# script from any other site is refused.
SCRIPT_SOURCES = "'self' 'unsafe-inline' 'unsafe-eval'"


def content_security_policy(form_targets: tuple[str, ...] = ()) -> str:
    targets = " ".join(("'self'", *form_targets))
    return (
        f"frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action {targets}; "
        f"script-src {SCRIPT_SOURCES}; worker-src 'self' blob:"
    )


def headers() -> list[tuple[bytes, bytes]]:
    return [
        (b"content-security-policy", content_security_policy(settings.app_base_urls).encode()),
        (b"x-frame-options", b"DENY"),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
    ]


def with_security_headers(app: ASGIApp) -> ASGIApp:
    """ASGI middleware (a Reflex api_transformer) adding `headers()` to every HTTP response."""
    extra = headers()
    names = {name for name, _ in extra}

    async def wrapped(scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": [*kept, *extra]}
            await send(message)

        await app(scope, receive, send_with_headers)

    return wrapped
