"""`GET /api/attachments/{id}`: an idea's file, streamed to whoever may have it (ORIGINS C14).

A plain function, so Starlette runs it in its thread pool, off the event loop. The actor comes
from the session cookie; the domain (`attachments.download`) says who may have which file, and
every refusal is a status code before a header of the file is sent. The file is read from the
store in chunks while it is sent: a 25 MB file is never in memory whole, and the store's own
address is never shown.
"""

from __future__ import annotations

import itertools
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from workflow_app.accounts.domain import sessions
from workflow_app.api.csv_download import HEADERS, error
from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode
from workflow_app.db import open_session
from workflow_app.ideas.domain import attachments
from workflow_app.ideas.domain.attachment_storage import MissingBlob

ROUTE = "/api/attachments/{attachment_id}"
_STATUS = {ErrorCode.FORBIDDEN_ROLE: 403, ErrorCode.ATTACHMENT_NOT_FOUND: 404}


def download_path(attachment_id: str) -> str:
    return f"/api/attachments/{attachment_id}"


def content_disposition(file_name: str) -> str:
    """`attachment` with the name as ASCII for every browser and as UTF-8 for those that read it."""
    ascii_name = file_name.encode("ascii", "replace").decode().replace('"', "'").replace("?", "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(file_name, safe='')}"


def download_attachment(request: Request) -> Response:
    if not attachments.enabled():
        return error(404, "Not found")
    attachment_id = str(request.path_params.get("attachment_id", ""))[:64]
    with open_session() as session:
        actor = sessions.actor_for_token(session, request.cookies.get(sessions.COOKIE_NAME), clock=system_clock)
        if actor is None:
            return error(401, "Unauthorized")
        found = attachments.download(session, actor, attachment_id=attachment_id)
    if not found.ok:
        return error(_STATUS.get(found.code, 404), found.message)
    file = found.value
    chunks = attachments.default_storage().chunks(file.blob_key)
    try:
        first = next(chunks, b"")
    except MissingBlob:
        return error(502, attachments.FILE_GONE)
    return StreamingResponse(
        itertools.chain((first,), chunks),
        media_type=file.mime_type,
        headers={
            "Content-Disposition": content_disposition(file.file_name),
            "Content-Length": str(file.file_size),
            **HEADERS,
        },
    )
