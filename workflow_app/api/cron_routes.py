"""`GET /api/cron/expire-drafts`: the draft expiry job for an external scheduler (ORIGINS C9)."""

from __future__ import annotations

import hmac
import logging

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from workflow_app.config import CRON_SECRET_MIN_LENGTH, settings
from workflow_app.core.clock import system_clock
from workflow_app.db import get_engine
from workflow_app.ideas.domain import draft_expiry

log = logging.getLogger("workflow_app.jobs")


def _authorized(request: Request) -> bool:
    """Bearer CRON_SECRET, compared in constant time. Unset, the route is off and opens nothing; a
    set secret under 32 characters stops the app at start (config.py), and opens nothing here either."""
    secret = settings.cron_secret
    if len(secret) < CRON_SECRET_MIN_LENGTH:
        return False
    supplied = request.headers.get("authorization", "")
    return hmac.compare_digest(supplied.encode(), f"Bearer {secret}".encode())


async def expire_drafts(request: Request) -> Response:
    if not _authorized(request):
        return JSONResponse({"error": "Unauthorized"}, status_code=401)
    try:
        report = await run_in_threadpool(draft_expiry.expire_drafts, get_engine(), clock=system_clock)
    except Exception:
        log.exception("cron.expire-drafts failed")
        return JSONResponse({"error": "Internal server error"}, status_code=500)
    return JSONResponse(report.as_dict())
