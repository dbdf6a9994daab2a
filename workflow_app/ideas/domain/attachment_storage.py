"""Where attachments' bytes live (issue 14): a small interface, so that an S3-compatible store can
stand in for the local disk, and the local-disk store the app uses by default.

Files are kept under random keys in a private folder (never Reflex's public upload folder),
written and read in chunks: a 25 MB file is never held in memory whole. A write that goes over
its limit is removed and refused; nothing half-written stays behind.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

CHUNK = 256 * 1024


class TooLarge(Exception):
    """The stream went past the limit it was written with."""


class MissingBlob(Exception):
    """No file under that key (deleted, or never written)."""


@dataclass(frozen=True)
class StoredBlob:
    key: str
    size: int
    head: bytes  # the first bytes, for the content check


class AttachmentStorage(Protocol):
    def put(self, stream: BinaryIO, *, max_bytes: int) -> StoredBlob: ...

    def chunks(self, key: str) -> Iterator[bytes]: ...

    def delete(self, key: str) -> bool: ...

    def keys_older_than(self, age_seconds: float) -> Iterator[str]: ...


def _valid_key(key: str) -> bool:
    return len(key) == 32 and all(c in "0123456789abcdef" for c in key)


class LocalDiskStorage:
    """Files in `folder` (created 0700, files 0600), each under a random 128-bit hex key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        if not _valid_key(key):
            raise MissingBlob(key)
        return self.folder / key[:2] / key

    def put(self, stream: BinaryIO, *, max_bytes: int) -> StoredBlob:
        key = secrets.token_hex(16)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        size, head = 0, b""
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as out:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise TooLarge(key)
                    if len(head) < 512:
                        head += chunk[: 512 - len(head)]
                    out.write(chunk)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return StoredBlob(key, size, head)

    def chunks(self, key: str) -> Iterator[bytes]:
        path = self._path(key)
        try:
            stream = path.open("rb")
        except FileNotFoundError as gone:
            raise MissingBlob(key) from gone
        with stream:
            while chunk := stream.read(CHUNK):
                yield chunk

    def delete(self, key: str) -> bool:
        """True when the file is gone (also when it already was)."""
        try:
            self._path(key).unlink(missing_ok=True)
        except MissingBlob:
            return True
        except OSError:
            return False
        return True

    def keys_older_than(self, age_seconds: float) -> Iterator[str]:
        """The keys of files last written more than `age_seconds` ago (the orphan sweep's
        candidates: a file being written now is never one)."""
        if not self.folder.is_dir():
            return
        cutoff = time.time() - age_seconds
        for shard in self.folder.iterdir():
            if not shard.is_dir():
                continue
            for path in shard.iterdir():
                if _valid_key(path.name) and path.stat().st_mtime < cutoff:
                    yield path.name
