"""Ideas' attachments (ORIGINS C14 V2; issue 14): adding files to a draft and removing them
before it is submitted, who may download one, an admin's delete, and the daily sweep of
stored files that no row names any more.

A file belongs to a row from its first upload: the new-idea form saves its draft first, so what
is attached is staged on that draft, kept by every save and autosave (they never touch these
rows) and becomes the idea's when the draft is submitted, which changes only the idea's status.
Attaching checks the draft, stores each file, checks its content, then writes the rows of all
accepted files in one transaction under a lock of the draft (two tabs cannot pass the limits
together); a refused or failed file leaves nothing stored. The rules of a single file are
`attachment_rules`; where the bytes live is the `AttachmentStorage` given.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from sqlmodel import Session, col, delete, select, update

from workflow_app.config import settings
from workflow_app.core.actor import Actor
from workflow_app.core.arguments import checked
from workflow_app.core.audit import record
from workflow_app.core.clock import Clock
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok, Result, err
from workflow_app.ideas.domain import attachment_rules as rules
from workflow_app.ideas.domain.attachment_storage import AttachmentStorage, LocalDiskStorage, StoredBlob, TooLarge
from workflow_app.ideas.domain.drafts import is_expired, own_draft
from workflow_app.ideas.domain.ideas import visible_to
from workflow_app.models import AuditAction, Idea, IdeaAttachment, IdeaStatus, IdeaVisibility

# ORIGINS C14's texts
FORBIDDEN = "Forbidden"
FILE_GONE = "File is no longer available."
UPLOAD_FAILED = "Upload failed. Please try again."
DELETE_FAILED = "Delete failed. Please try again."
STORAGE_NOT_DELETED = "Attachment record removed but the file could not be deleted from storage."
ORPHAN_AGE_SECONDS = 24 * 3600  # a stored file no row names is removed once it is this old
_SWEEP_BATCH = 500


@dataclass(frozen=True)
class Upload:
    """A file as it arrives: its name and type as the browser says, and its bytes to read."""

    name: object
    mime_type: str | None
    stream: BinaryIO


@dataclass(frozen=True)
class AttachmentView:
    id: str
    file_name: str
    file_size: int
    mime_type: str
    created_at: datetime


@dataclass(frozen=True)
class Attached:
    added: tuple[AttachmentView, ...]
    refused: tuple[str, ...]  # "name: why", one per file not taken


@dataclass(frozen=True)
class Download:
    blob_key: str
    file_name: str
    mime_type: str
    file_size: int


def enabled() -> bool:
    return settings.attachments_enabled


def _view(row: IdeaAttachment) -> AttachmentView:
    return AttachmentView(row.id, row.file_name, row.file_size, row.mime_type, row.created_at)


def _refusal(name: object, message: str) -> str:
    shown = rules.safe_name(name) or (str(name)[:80] if isinstance(name, str) and name else "File")
    return f"{shown}: {message}"


def _store(upload: Upload, storage: AttachmentStorage) -> tuple[StoredBlob, rules.CheckedFile] | str:
    """The file stored and checked, or why not (nothing stays stored then)."""
    name = rules.safe_name(upload.name)
    if name is None:
        return rules.INVALID_FILENAME
    if rules.claimed_kind(name, upload.mime_type) is None:
        return rules.TYPE_NOT_ALLOWED  # refused before a byte is stored
    try:
        blob = storage.put(upload.stream, max_bytes=rules.MAX_FILE_BYTES)
    except TooLarge:
        return rules.FILE_TOO_LARGE
    checked_file = rules.check_file(upload.name, upload.mime_type, blob.size, blob.head)
    if isinstance(checked_file, str):
        storage.delete(blob.key)
        return checked_file
    return blob, checked_file


@checked
def attach_files(
    session: Session,
    actor: Actor,
    *,
    draft_id: str,
    uploads: Sequence[Upload],
    storage: AttachmentStorage,
    clock: Clock,
) -> Result[Attached]:
    """Adds the files to the actor's live draft: the ones that pass are kept, each refused one
    is named with why. Nothing is stored when the draft cannot take files."""
    if not enabled():
        return err(ErrorCode.FEATURE_DISABLED)
    draft = own_draft(session, actor, draft_id)
    if draft is None:
        return err(ErrorCode.NOT_FOUND)
    if is_expired(draft, clock.now()):
        return err(ErrorCode.EXPIRED)
    if len(uploads) > rules.MAX_FILES:
        return err(ErrorCode.VALIDATION_ERROR, rules.TOO_MANY_FILES)
    session.rollback()  # the checks' reads end here: storing may take a while
    stored: list[tuple[Upload, StoredBlob, rules.CheckedFile]] = []
    refused: list[str] = []
    try:
        for upload in uploads:
            outcome = _store(upload, storage)
            if isinstance(outcome, str):
                refused.append(_refusal(upload.name, outcome))
            else:
                stored.append((upload, *outcome))
        return _write_rows(
            session, actor, draft_id=draft_id, stored=stored, refused=refused, storage=storage, clock=clock
        )
    except BaseException:
        session.rollback()
        for _, blob, _ in stored:
            storage.delete(blob.key)
        raise


def _write_rows(
    session: Session,
    actor: Actor,
    *,
    draft_id: str,
    stored: list[tuple[Upload, StoredBlob, rules.CheckedFile]],
    refused: list[str],
    storage: AttachmentStorage,
    clock: Clock,
) -> Result[Attached]:
    # The draft's row locked by a write that changes nothing (a row lock on PostgreSQL, the write
    # lock on SQLite, where a SELECT … FOR UPDATE locks nothing): its files are counted and the
    # new ones added with no other tab's upload in between.
    mine = (col(Idea.id) == draft_id, col(Idea.author_id) == actor.user_id, col(Idea.status) == IdeaStatus.DRAFT)
    session.exec(update(Idea).where(*mine).values(version=Idea.version))
    live = session.exec(select(Idea).where(*mine).execution_options(populate_existing=True)).first()
    now = clock.now()
    gone: Err | None = None
    if live is None:
        gone = err(ErrorCode.NOT_FOUND)
    elif is_expired(live, now):
        gone = err(ErrorCode.EXPIRED)
    if gone is not None:
        session.rollback()
        for _, blob, _ in stored:
            storage.delete(blob.key)
        return gone
    sizes = list(session.exec(select(IdeaAttachment.file_size).where(col(IdeaAttachment.idea_id) == draft_id)))
    added: list[IdeaAttachment] = []
    for upload, blob, checked_file in stored:
        if problem := rules.check_together([*sizes, blob.size]):
            storage.delete(blob.key)
            refused.append(_refusal(upload.name, problem))
            continue
        sizes.append(blob.size)
        row = IdeaAttachment(
            idea_id=draft_id,
            blob_key=blob.key,
            file_name=checked_file.name,
            file_size=blob.size,
            mime_type=checked_file.mime_type,
            uploaded_by_id=actor.user_id,
            created_at=now + timedelta(microseconds=len(added)),  # listed in the order chosen
        )
        session.add(row)
        added.append(row)
    views = tuple(_view(row) for row in added)
    session.commit()
    return Ok(Attached(views, tuple(refused)))


@checked
def remove_staged(session: Session, actor: Actor, *, attachment_id: str, storage: AttachmentStorage) -> Result[None]:
    """The author's × on a draft's file: the row goes, then its stored file (one that cannot be
    deleted now is left to the daily sweep). Submitted ideas' files are the admins' to delete."""
    if not enabled():
        return err(ErrorCode.FEATURE_DISABLED)
    row = session.exec(
        select(IdeaAttachment)
        .join(Idea, col(Idea.id) == col(IdeaAttachment.idea_id))
        .where(
            col(IdeaAttachment.id) == attachment_id,
            col(Idea.author_id) == actor.user_id,
            col(Idea.status) == IdeaStatus.DRAFT,
        )
    ).first()
    if row is None:
        return err(ErrorCode.ATTACHMENT_NOT_FOUND)
    key = row.blob_key
    session.exec(delete(IdeaAttachment).where(col(IdeaAttachment.id) == attachment_id))
    session.commit()
    storage.delete(key)
    return Ok(None)


@checked
def delete_attachment(
    session: Session, actor: Actor, *, attachment_id: str, storage: AttachmentStorage, clock: Clock
) -> Result[bool]:
    """An admin's delete of a file of any submitted idea, audited; Ok(True) when the record is
    gone but its stored file could not be deleted (the page says so)."""
    if not enabled():
        return err(ErrorCode.FEATURE_DISABLED)
    if not actor.is_admin:
        return err(ErrorCode.FORBIDDEN_ROLE, FORBIDDEN)
    found = session.exec(
        select(IdeaAttachment, Idea.title)
        .join(Idea, col(Idea.id) == col(IdeaAttachment.idea_id))
        .where(col(IdeaAttachment.id) == attachment_id, col(Idea.status) != IdeaStatus.DRAFT)
    ).first()
    if found is None:
        return err(ErrorCode.ATTACHMENT_NOT_FOUND)
    row, idea_title = found
    key, idea_id = row.blob_key, row.idea_id
    details = {"ideaId": idea_id, "fileName": row.file_name, "fileSize": row.file_size}
    removed = session.exec(delete(IdeaAttachment).where(col(IdeaAttachment.id) == attachment_id))
    if removed.rowcount != 1:  # another admin's delete got there first
        session.rollback()
        return err(ErrorCode.ATTACHMENT_NOT_FOUND)
    record(
        session,
        actor,
        action=AuditAction.ATTACHMENT_DELETED,
        target_type="idea",
        target_id=idea_id,
        target_title=idea_title or "",
        details=details,
        clock=clock,
    )
    session.commit()
    return Ok(not storage.delete(key))


def may_delete(session: Session, actor: Actor, idea_id: str) -> bool:
    """Whether the page offers this actor Delete on the idea's files: admins, once it is submitted."""
    if not enabled() or not actor.is_admin:
        return False
    return session.exec(select(Idea.id).where(col(Idea.id) == idea_id, visible_to(actor))).first() is not None


def _viewable_idea(session: Session, actor: Actor, idea_id: str) -> bool:
    """The actor may see this idea's files: its author for a draft, whoever sees it otherwise."""
    if own_draft(session, actor, idea_id) is not None:
        return True
    return session.exec(select(Idea.id).where(col(Idea.id) == idea_id, visible_to(actor))).first() is not None


def for_idea(session: Session, actor: Actor, idea_id: str) -> list[AttachmentView]:
    """The idea's files, oldest first; none for an idea the actor may not see, or when off."""
    if not enabled() or not idea_id or not _viewable_idea(session, actor, idea_id):
        return []
    rows = session.exec(
        select(IdeaAttachment)
        .where(col(IdeaAttachment.idea_id) == idea_id)
        .order_by(col(IdeaAttachment.created_at), col(IdeaAttachment.id))
    )
    return [_view(row) for row in rows]


@checked
def download(session: Session, actor: Actor, *, attachment_id: str) -> Result[Download]:
    """What the download route streams, if this actor may have it (ORIGINS C14): a draft's files
    are only its author's; a PRIVATE idea's its author's and the admins'."""
    if not enabled():
        return err(ErrorCode.FEATURE_DISABLED)
    found = session.exec(
        select(IdeaAttachment, Idea.author_id, Idea.status, Idea.visibility)
        .join(Idea, col(Idea.id) == col(IdeaAttachment.idea_id))
        .where(col(IdeaAttachment.id) == attachment_id)
    ).first()
    if found is None:
        return err(ErrorCode.ATTACHMENT_NOT_FOUND)
    row, author_id, status, visibility = found
    own = author_id == actor.user_id
    if status == IdeaStatus.DRAFT and not own:
        return err(ErrorCode.ATTACHMENT_NOT_FOUND)  # nobody else learns a draft exists
    if visibility == IdeaVisibility.PRIVATE and not own and not actor.is_admin:
        return err(ErrorCode.FORBIDDEN_ROLE, FORBIDDEN)
    return Ok(Download(row.blob_key, row.file_name, row.mime_type, row.file_size))


def sweep_orphans(session: Session, storage: AttachmentStorage, *, min_age_seconds: float = ORPHAN_AGE_SECONDS) -> int:
    """Deletes the stored files no attachment row names (their draft was purged or deleted, their
    idea deleted, or an upload stopped half-way) once they are `min_age_seconds` old; how many."""
    removed, batch = 0, []
    for key in storage.keys_older_than(min_age_seconds):
        batch.append(key)
        if len(batch) >= _SWEEP_BATCH:
            removed += _sweep(session, storage, batch)
            batch = []
    return removed + (_sweep(session, storage, batch) if batch else 0)


def _sweep(session: Session, storage: AttachmentStorage, keys: list[str]) -> int:
    named = set(session.exec(select(IdeaAttachment.blob_key).where(col(IdeaAttachment.blob_key).in_(keys))))
    session.rollback()
    return sum(1 for key in keys if key not in named and storage.delete(key))


@functools.cache
def default_storage() -> AttachmentStorage:
    """The app's store: the local disk under ATTACHMENTS_DIR (an S3-compatible store would be
    another `AttachmentStorage` returned here)."""
    return LocalDiskStorage(Path(settings.attachments_dir))
