"""`GET /api/admin/ideas.csv`: every idea an admin sees on /ideas as a CSV download, streamed.

The query string is the list's own (`category`), so the page's link downloads what it shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from workflow_app.api.csv_download import csv_download
from workflow_app.ideas.domain import idea_export

ROUTE = "/api/admin/ideas.csv"


def download_path(category: str) -> str:
    """The route with the list's category (none: every idea)."""
    return f"{ROUTE}?{urlencode({'category': category})}" if category else ROUTE


def _filters(params: Mapping[str, str]) -> dict[str, str]:
    return {"category": params.get("category") or ""}


def export_ideas_csv(request: Request) -> Response:
    return csv_download(
        request,
        name="ideas",
        read=_filters,
        chunks=lambda session, actor, filters: idea_export.ideas_csv_chunks(session, actor, **filters),
        admins_only=True,
    )
