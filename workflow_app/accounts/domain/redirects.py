"""`next=` targets: only same-origin paths are followed (no open redirect)."""

from __future__ import annotations

from urllib.parse import urlsplit

HOME = "/"


def safe_next(candidate: str | None) -> str:
    if not candidate or not candidate.startswith("/") or candidate.startswith("//"):
        return HOME
    if "\\" in candidate or any(ord(ch) < 32 for ch in candidate):
        return HOME
    parts = urlsplit(candidate)
    if parts.scheme or parts.netloc:
        return HOME
    return candidate
