"""What the CSV download routes share: who asks, the refusals, and the streamed answer.

Each route (audit log, ideas, the library's descriptors) is a plain function, so Starlette runs
it in its thread pool, off the event loop. The actor comes from the session cookie only, never
from the query string; the query is capped and read before any work, and the domain's checks
(role, filters) run before a header is sent, so a refusal is a status code, not a broken file.
The rows are read while streaming, one chunk at a time, on a session of the stream's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TypeVar

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from workflow_app.accounts.domain import sessions
from workflow_app.core.actor import Actor
from workflow_app.core.arguments import UNSTORABLE
from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Result
from workflow_app.db import open_session

F = TypeVar("F")
# The filters the query string asks for (never text), or why they cannot be read (a 400).
ReadFilters = Callable[[Mapping[str, str]], F | str]
# The domain's chunks for this actor and these filters (its checks run when called).
Chunks = Callable[[Session, Actor, F], Result[Iterator[str]]]

PARAM_MAX = 256
MAX_PARAMS = 16
PARAM_TOO_LONG = f"Each filter may be at most {PARAM_MAX} characters."
TOO_MANY_PARAMS = "Too many filters."
HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers={"Cache-Control": "no-store"})


def csv_download(
    request: Request, *, name: str, read: ReadFilters[F], chunks: Chunks[F], admins_only: bool = False
) -> Response:
    """`name`-YYYYMMDD.csv, streamed; 401 for nobody signed in, 403 for a role the download is
    not for (before its filters are read: an outsider learns nothing from a 400), 400 for
    filters that cannot be used."""
    with open_session() as session:
        actor = sessions.actor_for_token(session, request.cookies.get(sessions.COOKIE_NAME), clock=system_clock)
        if actor is None:
            return error(401, "Unauthorized")
        if admins_only and not actor.is_admin:
            return error(403, "Forbidden")
        problem = _query_problem(request)
        filters = read(request.query_params) if problem is None else problem
        if isinstance(filters, str):
            return error(400, filters)
        checked = chunks(session, actor, filters)  # a generator not started: nothing read yet
    if not checked.ok:
        return error(403, "Forbidden") if checked.code == ErrorCode.FORBIDDEN_ROLE else error(400, checked.message)
    filename = f"{name}-{system_clock.now():%Y%m%d}.csv"
    return StreamingResponse(
        _streamed(actor, filters, chunks),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', **HEADERS},
    )


def _query_problem(request: Request) -> str | None:
    """Why the query string is refused before any filter is read: too many or too long values,
    or text no database stores."""
    items = request.query_params.multi_items()
    if len(items) > MAX_PARAMS:
        return TOO_MANY_PARAMS
    if any(len(value) > PARAM_MAX for _, value in items):
        return PARAM_TOO_LONG
    if any("\x00" in value for _, value in items):
        return UNSTORABLE
    return None


def _streamed(actor: Actor, filters: F, chunks: Chunks[F]) -> Iterator[str]:
    """Starlette runs this in its thread pool; the session stays open until the last piece is sent."""
    with open_session() as session:
        result = chunks(session, actor, filters)
        if result.ok:
            yield from result.value
