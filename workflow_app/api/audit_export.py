"""`GET /api/admin/audit.csv`: the audit log as a CSV download, streamed (SPEC §5 /admin/audit)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from workflow_app.api.csv_download import csv_download
from workflow_app.core import audit_log
from workflow_app.core.audit_log import AuditFilters

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


def export_audit_csv(request: Request) -> Response:
    return csv_download(
        request,
        name="audit-log",
        read=filters_from_query,
        chunks=lambda session, actor, filters: audit_log.audit_csv_chunks(session, actor, filters=filters),
        admins_only=True,
    )
