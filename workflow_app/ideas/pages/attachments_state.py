"""The "Attachments" section's state: an idea's files on its page, the admin review page and the
draft editor, where the author uploads (with a progress bar per file) and removes them.

The new-idea form has no draft yet: its first upload saves one from what the form holds (the
editor state's own Save Draft), attaches the files to it and moves the page to that draft's
editor, so a file always belongs to a row. Storing, checking and writing run in a worker thread
through the gateway; the domain (ideas/domain/attachments.py) decides who may do what.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime

import reflex as rx
from starlette.datastructures import UploadFile as StarletteUploadFile

from workflow_app.api.attachment_routes import download_path
from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.ideas.domain import attachment_rules as rules
from workflow_app.ideas.domain import attachments
from workflow_app.ideas.pages.idea_editor_state import IdeaEditorState
from workflow_app.ui import inputs
from workflow_app.ui.confirm import PendingDeleteMixin
from workflow_app.ui.session import SessionState

UPLOAD_ID = "idea-attachments"
ID_MAX = 64


@dataclass(frozen=True)
class AttachmentLine:
    id: str = ""
    file_name: str = ""
    size: str = ""  # "—", "< 1 KB", "12.3 KB", "4.5 MB"
    added_on: str = ""  # "25 Feb 2026"
    href: str = ""


@dataclass(frozen=True)
class UploadLine:
    name: str = ""
    percent: int = 0


def size_text(size: int) -> str:
    """ORIGINS C14: 0 → "—", under 1 KB → "< 1 KB", then one decimal of KB, then of MB."""
    if size <= 0:
        return "—"
    if size < 1024:
        return "< 1 KB"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def date_text(moment: datetime) -> str:
    """The en-GB short date of ORIGINS C14, e.g. "25 Feb 2026" (UTC)."""
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return f"{moment.astimezone(UTC).day} {moment.astimezone(UTC):%b %Y}"


def percents(sizes: list[int], loaded: float) -> list[int]:
    """Each file's percent sent, when `loaded` bytes of the files (sent in this order) are out."""
    done, result = 0, []
    for size in sizes:
        part = min(max(loaded - done, 0), size) / size if size > 0 else (1.0 if loaded >= done else 0.0)
        result.append(int(part * 100))
        done += size
    return result


class AttachmentsState(PendingDeleteMixin, SessionState):
    files: list[AttachmentLine] = []
    uploading: list[UploadLine] = []
    refused: list[str] = []
    error: str = ""
    enabled: bool = attachments.enabled()
    may_delete: bool = False  # an admin, on a submitted idea's page
    _idea: str = ""  # whose files these are
    _sizes: list[int] = []
    _moved_to: str = ""  # the draft the new form's upload made: its editor keeps what the upload said

    @rx.var
    def has_files(self) -> bool:
        return bool(self.files)

    @rx.var
    def is_uploading(self) -> bool:
        return bool(self.uploading)

    @rx.var
    def room_left(self) -> str:
        return f"{len(self.files)} of {rules.MAX_FILES} files · up to 25 MB each, 100 MB in all"

    def _lines(self, views: list[attachments.AttachmentView]) -> list[AttachmentLine]:
        return [
            AttachmentLine(
                v.id,
                v.file_name,
                size_text(v.file_size),
                date_text(v.created_at),
                self.api_origin + download_path(v.id),
            )
            for v in views
        ]

    @rx.event
    async def load(self):
        """The files of the idea or draft the page shows (none on the new-idea form)."""
        idea_id = inputs.short_text(self.idea_id, limit=ID_MAX)
        if not (idea_id and idea_id == self._moved_to):
            self.refused, self.error = [], ""
        self.uploading, self._sizes, self._moved_to, self.pending_delete = [], [], "", ""
        self.enabled = attachments.enabled()
        self._idea = idea_id
        if not idea_id or not self.enabled:
            self.files, self.may_delete = [], False
            return
        call = await self._call(_listed, idea_id=idea_id)
        if call.signed_out:
            self.files = []
            return
        views, self.may_delete = call.value
        self.files = self._lines(views)

    @rx.event
    def begin_upload(self, chosen: list):
        """The chosen files' names and sizes (from the browser), for their progress bars."""
        if not isinstance(chosen, list):
            return
        lines, sizes = [], []
        for item in chosen[: rules.MAX_FILES]:
            name, size = (item[0], item[1]) if isinstance(item, list | tuple) and len(item) == 2 else ("", 0)
            lines.append(UploadLine(inputs.short_text(name, limit=rules.NAME_MAX), 0))
            sizes.append(inputs.whole_number(size, low=0, high=rules.MAX_TOTAL_BYTES * 3, default=0))
        self.uploading, self._sizes, self.refused, self.error = lines, sizes, [], ""

    @rx.event
    def upload_progress(self, progress: dict):
        loaded = progress.get("loaded") if isinstance(progress, dict) else None
        if not isinstance(loaded, int | float) or not math.isfinite(loaded) or not self.uploading:
            return
        sent = percents(self._sizes, loaded)
        self.uploading = [UploadLine(line.name, p) for line, p in zip(self.uploading, sent, strict=False)]

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        """The chosen files onto this form's draft (saved first on the new-idea form)."""
        uploads = [
            attachments.Upload(f.filename, f.content_type, f.file)
            for f in (files if isinstance(files, list) else [])[: rules.MAX_FILES + 1]
            if isinstance(f, StarletteUploadFile)  # not a file of the upload endpoint: an event sent over the websocket
        ]
        if not uploads or not attachments.enabled():
            self.uploading = []
            return
        editor = await self.get_state(IdeaEditorState)
        draft_id, moved = await editor._draft_for_files()
        if not draft_id:
            self.uploading, self.error = [], editor.form_error or message_for(ErrorCode.UNAUTHENTICATED)
            return
        call = await self._call(_attach, draft_id=draft_id, uploads=uploads)
        self.uploading, self._sizes = [], []
        if call.signed_out:
            self.error = message_for(ErrorCode.UNAUTHENTICATED)
            return
        result = call.value
        if not result.ok:
            self.error = result.message
            return
        self._idea = draft_id
        self.files = [*self.files, *self._lines(list(result.value.added))]
        self.refused = list(result.value.refused)
        yield rx.clear_selected_files(UPLOAD_ID)
        if moved:
            self._moved_to = draft_id
            yield moved

    @rx.event
    async def remove(self, attachment_id: str):
        """The author's × on a staged file of their draft."""
        attachment_id = inputs.short_text(attachment_id, limit=ID_MAX)
        call = await self._call(_removed, attachment_id=attachment_id)
        if call.signed_out:
            self.error = message_for(ErrorCode.UNAUTHENTICATED)
            return
        if call.value.ok or call.value.code == ErrorCode.ATTACHMENT_NOT_FOUND:  # gone already: as asked
            self.files = [f for f in self.files if f.id != attachment_id]
        else:
            self.error = call.value.message

    @rx.var
    def pending_delete_name(self) -> str:
        return next((f.file_name for f in self.files if f.id == self.pending_delete), "")

    @rx.event
    async def delete(self):
        """An admin's delete of a submitted idea's file, once confirmed (`ask_delete`)."""
        attachment_id, self.pending_delete = self.pending_delete, ""
        if not attachment_id:
            return None
        call = await self._call(_deleted, attachment_id=attachment_id)
        if call.signed_out:
            return rx.toast.error(message_for(ErrorCode.UNAUTHENTICATED))
        result = call.value
        if not result.ok and result.code != ErrorCode.ATTACHMENT_NOT_FOUND:  # a repeated delete: done
            return rx.toast.error(result.message)
        self.files = [f for f in self.files if f.id != attachment_id]
        if result.ok and result.value:
            return rx.toast.warning(attachments.STORAGE_NOT_DELETED)
        return rx.toast.success("Attachment deleted.")


# --- the work each handler sends to a worker thread (gateway) -------------------------------


def _listed(session, actor, *, idea_id: str):
    views = attachments.for_idea(session, actor, idea_id)
    return views, attachments.may_delete(session, actor, idea_id)


def _attach(session, actor, *, draft_id: str, uploads: list[attachments.Upload]):
    return attachments.attach_files(
        session, actor, draft_id=draft_id, uploads=uploads, storage=attachments.default_storage(), clock=system_clock
    )


def _removed(session, actor, *, attachment_id: str):
    return attachments.remove_staged(session, actor, attachment_id=attachment_id, storage=attachments.default_storage())


def _deleted(session, actor, *, attachment_id: str):
    return attachments.delete_attachment(
        session, actor, attachment_id=attachment_id, storage=attachments.default_storage(), clock=system_clock
    )
