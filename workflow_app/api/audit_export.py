"""`GET /api/admin/audit.csv`: the audit log as a CSV download, streamed (SPEC §5 /admin/audit)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from workflow_app.accounts.domain import sessions
from workflow_app.core import audit_log
from workflow_app.core.actor import Actor
from workflow_app.core.audit_log import AuditFilters
from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode
from workflow_app.db import open_session

# The query string names shared by the /admin/audit page and this route, so a view's filters
# and its download always match.
FILTER_PARAMS = ("actor", "action", "target", "from", "to")
DATE_UNREADABLE = "Dates must be written as YYYY-MM-DD."
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def filter_query(params: Mapping[str, str]) -> str:
    """The non-empty filters as a query string, in a fixed order (no leading '?')."""
    return urlencode({name: value for name in FILTER_PARAMS if (value := (params.get(name) or "").strip())})


def filters_from_query(params: Mapping[str, str]) -> AuditFilters | str:
    """The filters a query string asks for, or why its dates cannot be read."""
    try:
        date_from, date_to = (_day(params.get(name) or "") for name in ("from", "to"))
    except ValueError:
        return DATE_UNREADABLE
    return AuditFilters(
        actor_query=params.get("actor") or "",
        action=params.get("action") or "",
        target=params.get("target") or "",
        date_from=date_from,
        date_to=date_to,
    )


def _day(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    if not _ISO_DAY.fullmatch(text):  # fromisoformat would also take 20260110 and 2026-W02-1
        raise ValueError(text)
    return date.fromisoformat(text)


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def export_audit_csv(request: Request) -> Response:
    """A plain function: Starlette runs it in its thread pool, off the event loop."""
    with open_session() as session:
        actor = sessions.actor_for_token(session, request.cookies.get(sessions.COOKIE_NAME), clock=system_clock)
        if actor is None:
            return _error(401, "Unauthorized")
        if not actor.is_admin:  # before reading the filters: a submitter learns nothing from a 400
            return _error(403, "Forbidden")
        filters = filters_from_query(request.query_params)
        if isinstance(filters, str):
            return _error(400, filters)
        # Checked now, before any header is sent; the rows themselves are read while streaming.
        checked = audit_log.audit_csv_chunks(session, actor, filters=filters)
    if not checked.ok:
        return _error(403, "Forbidden") if checked.code == ErrorCode.FORBIDDEN_ROLE else _error(400, checked.message)
    filename = f"audit-log-{system_clock.now():%Y%m%d}.csv"
    return StreamingResponse(
        _csv_pieces(actor, filters),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"},
    )


def _csv_pieces(actor: Actor, filters: AuditFilters) -> Iterator[str]:
    """Starlette runs this in its thread pool; the session stays open until the last piece is sent."""
    with open_session() as session:
        result = audit_log.audit_csv_chunks(session, actor, filters=filters)
        if result.ok:
            yield from result.value
