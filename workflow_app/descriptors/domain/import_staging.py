"""Workbooks uploaded for import wait here until they are imported or let go: a private folder
(never Reflex's public upload folder), each under a random token, none older than a day."""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import IO

from workflow_app.config import PROJECT_ROOT

STAGING = PROJECT_ROOT / ".data" / "imports"
MAX_AGE_S = 24 * 3600


def path_of(token: str, folder: Path | None = None) -> Path:
    if not token.isalnum():
        raise ValueError("not a staging token")
    return (folder or STAGING) / f"{token}.xlsx"


def stage(data: bytes, folder: Path | None = None) -> str:
    """Keeps the workbook; its token."""
    token = secrets.token_hex(16)
    (folder or STAGING).mkdir(parents=True, exist_ok=True, mode=0o700)
    path_of(token, folder).write_bytes(data)
    return token


def open_staged(token: str, folder: Path | None = None) -> IO[bytes]:
    return path_of(token, folder).open("rb")


def let_go(tokens: list[str], folder: Path | None = None) -> None:
    for token in tokens:
        path_of(token, folder).unlink(missing_ok=True)


def sweep(now: float | None = None, folder: Path | None = None) -> int:
    """Removes workbooks staged over a day ago (a tab closed before importing); how many."""
    folder = folder or STAGING
    if not folder.is_dir():
        return 0
    cutoff = (now if now is not None else time.time()) - MAX_AGE_S
    old = [p for p in folder.glob("*.xlsx") if p.stat().st_mtime < cutoff]
    for path in old:
        path.unlink(missing_ok=True)
    return len(old)
