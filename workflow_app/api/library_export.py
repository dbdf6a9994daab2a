"""`GET /api/descriptors.csv`: the descriptor library as a CSV download with the page's filters.

The query string names are the /descriptors page's own (q, section, quality, category, skill),
so the page's link carries exactly the filters it shows; "all" is no filter, as on the page.
Anyone signed in may download what the library shows them (an SCM: no NEEDS_REVIEW).
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from workflow_app.api.csv_download import csv_download
from workflow_app.descriptors.domain import library_export

ROUTE = "/api/descriptors.csv"
# query string name → the domain's keyword
FILTER_PARAMS = {"q": "query", "section": "section_id", "quality": "quality", "category": "category", "skill": "skill"}
ANY = "all"


def download_path(filters: Mapping[str, str]) -> str:
    """The route with the page's filters (named as the domain names them), the empty ones left out."""
    query = urlencode({name: value for name, key in FILTER_PARAMS.items() if (value := filters.get(key) or "")})
    return f"{ROUTE}?{query}" if query else ROUTE


def filters_from_query(params: Mapping[str, str]) -> dict[str, str]:
    filters = {key: params.get(name) or "" for name, key in FILTER_PARAMS.items()}
    for key in ("section_id", "quality"):
        if filters[key].strip().lower() == ANY:
            filters[key] = ""
    return filters


def export_descriptors_csv(request: Request) -> Response:
    return csv_download(
        request,
        name="descriptors",
        read=filters_from_query,
        chunks=lambda session, actor, filters: library_export.library_csv_chunks(session, actor, **filters),
    )
