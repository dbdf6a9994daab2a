"""The only place the session cookie is set or cleared: HttpOnly, SameSite=Lax."""

from __future__ import annotations

import logging
from datetime import timedelta
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from workflow_app.accounts.domain import sessions
from workflow_app.accounts.domain.redirects import safe_next
from workflow_app.config import settings
from workflow_app.core.clock import system_clock
from workflow_app.db import open_session

log = logging.getLogger(__name__)


def _frontend_origin(request: Request, candidate: str | None) -> str:
    """The page's origin when it is one the app is served from (APP_BASE_URL), or without that
    setting on this host (another port in development); else '' (the backend's own origin)."""
    if not candidate:
        return ""
    parts = urlsplit(candidate)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.path not in {"", "/"}:
        return ""
    origin = f"{parts.scheme}://{parts.netloc}"
    if settings.app_base_urls:
        return origin if origin in settings.app_base_urls else ""
    return origin if parts.hostname == request.url.hostname else ""


def _redirect(request: Request, path: str) -> RedirectResponse:
    origin = _frontend_origin(request, request.query_params.get("origin"))
    return RedirectResponse(origin + safe_next(path), status_code=303)


# Plain functions: Starlette runs them in its thread pool, off the event loop.
def handoff(request: Request) -> Response:
    """Exchanges a sign-in ticket for the session cookie, then goes on to `next`."""
    ticket = request.query_params.get("ticket", "")
    ttl = timedelta(minutes=settings.session_ttl_minutes)
    with open_session() as session:
        token = sessions.redeem_login_ticket(session, ticket=ticket, ttl=ttl, clock=system_clock)
    if token is None:
        return _redirect(request, "/login?expired=1")
    response = _redirect(request, request.query_params.get("next") or "/")
    response.set_cookie(
        sessions.COOKIE_NAME,
        token,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
        path="/",
        # No max_age: a browser-session cookie; the server-side expiry is what counts.
    )
    return response


def logout(request: Request) -> Response:
    """Revokes the server-side session (the old cookie becomes useless) and clears the cookie."""
    token = request.cookies.get(sessions.COOKIE_NAME)
    with open_session() as session:
        sessions.revoke(session, token, clock=system_clock)
    log.info("logout", extra={"token": token or ""})  # cut to 8 characters by workflow_app/logs.py
    response = _redirect(request, "/login")
    response.delete_cookie(sessions.COOKIE_NAME, path="/", httponly=True, samesite="lax")
    return response


def whoami(request: Request) -> Response:
    """Who the cookie belongs to (used by health checks and tests); 401 when nobody."""
    token = request.cookies.get(sessions.COOKIE_NAME)
    with open_session() as session:
        actor = sessions.actor_for_token(session, token, clock=system_clock)
    if actor is None:
        return JSONResponse({"error": "Unauthorized"}, status_code=401)
    return JSONResponse({"id": actor.user_id, "role": actor.role.value, "displayName": actor.display_name})
