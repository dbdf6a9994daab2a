"""What an idea's attachment may be (ORIGINS Part 1 C14, V2; issue 14): its name, its type, its
content and its size, alone and together with the idea's other files.

The type is allowed by its MIME type or its extension (the origin's rule), and then the file's
first bytes must be what that type says: a ".pdf" that is an ELF binary is refused, whatever
the browser claimed. Executable and script extensions are refused outright.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

MAX_FILES = 10
MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_TOTAL_BYTES = 100 * 1024 * 1024
NAME_MAX = 255
SNIFF_BYTES = 512  # what `content_kind` needs to see of a file

# ORIGINS C14's texts
INVALID_FILENAME = "Invalid filename"
TYPE_NOT_ALLOWED = "File type not allowed"
FILE_EMPTY = "File is empty."
FILE_TOO_LARGE = "File too large. Maximum size is 25 MB."
# Limits the origin names without a text of its own
TOO_MANY_FILES = f"An idea can have at most {MAX_FILES} attachments."
TOO_MUCH_IN_ALL = "An idea's attachments can be at most 100 MB together."

# kind → (extensions, MIME types). The kind is what the content must turn out to be.
KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "jpeg": ((".jpg", ".jpeg"), ("image/jpeg",)),
    "png": ((".png",), ("image/png",)),
    "gif": ((".gif",), ("image/gif",)),
    "webp": ((".webp",), ("image/webp",)),
    "svg": ((".svg",), ("image/svg+xml",)),
    "pdf": ((".pdf",), ("application/pdf",)),
    "text": ((".txt", ".md"), ("text/plain", "text/markdown")),
    "ole": ((".doc", ".xls"), ("application/msword", "application/vnd.ms-excel")),
    "ooxml": (
        (".docx", ".xlsx"),
        (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ),
}
_BY_EXTENSION = {ext: kind for kind, (exts, _) in KINDS.items() for ext in exts}
_BY_MIME = {mime: kind for kind, (_, mimes) in KINDS.items() for mime in mimes}
# The type each allowed extension is served with (Content-Type of the download).
_SERVED_AS = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".docx": KINDS["ooxml"][1][0],
    ".xlsx": KINDS["ooxml"][1][1],
}
# Refused whatever MIME type comes with them (ORIGINS: "Executables such as .exe and .sh").
EXECUTABLE_EXTENSIONS = frozenset(
    ".exe .com .bat .cmd .msi .dll .scr .ps1 .vbs .js .jar .sh .bash .zsh .py .pl .rb .php .apk .app .bin .elf".split()
)
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"%PDF-", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"PK\x03\x04", "ooxml"),
)
_EXECUTABLE_MAGIC = (b"\x7fELF", b"MZ", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xcf", b"\xca\xfe\xba\xbe", b"#!")
_UNSAFE_IN_NAME = re.compile(r"[\x00-\x1f\x7f<>:\"|?*]")


@dataclass(frozen=True)
class CheckedFile:
    name: str  # as it will be shown and offered for download
    mime_type: str  # the allowed MIME type the file is served with
    kind: str


def safe_name(raw: object) -> str | None:
    """The file's own name (no folders, no control or reserved characters, NFC, at most 255
    characters with its extension kept); None when nothing usable is left."""
    if not isinstance(raw, str):
        return None
    name = unicodedata.normalize("NFC", raw).replace("\\", "/").split("/")[-1]
    name = _UNSAFE_IN_NAME.sub("", name).strip().lstrip(".").strip()
    if not name or name in (".", ".."):
        return None
    if len(name) > NAME_MAX:
        suffix = PurePosixPath(name).suffix[:16]
        name = name[: NAME_MAX - len(suffix)].rstrip() + suffix
    return name


def _extension(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def claimed_kind(name: str, mime_type: str | None) -> str | None:
    """The kind the name or the MIME type allows (the extension first); None: not allowed."""
    extension = _extension(name)
    if extension in EXECUTABLE_EXTENSIONS:
        return None
    mime = (mime_type or "").split(";")[0].strip().lower()
    return _BY_EXTENSION.get(extension) or _BY_MIME.get(mime)


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as cut:  # the sample may end inside a character
        return cut.start >= len(head) - 3
    return True


def content_kind(head: bytes) -> str | None:
    """What the first bytes show the file to be; None for an executable or anything unknown."""
    if head.startswith(_EXECUTABLE_MAGIC):
        return None
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if _is_text(head):
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if start.startswith(b"<svg") or (start.startswith(b"<?xml") and b"<svg" in start):
            return "svg"
        return "text"
    return None


def check_file(name: object, mime_type: str | None, size: int, head: bytes) -> CheckedFile | str:
    """The file as it will be kept, or the origin's text saying why not."""
    clean = safe_name(name)
    if clean is None:
        return INVALID_FILENAME
    kind = claimed_kind(clean, mime_type)
    if kind is None:
        return TYPE_NOT_ALLOWED
    if size <= 0:
        return FILE_EMPTY
    if size > MAX_FILE_BYTES:
        return FILE_TOO_LARGE
    if content_kind(head[:SNIFF_BYTES]) != kind:
        return TYPE_NOT_ALLOWED
    mime = (mime_type or "").split(";")[0].strip().lower()
    served = _SERVED_AS.get(_extension(clean)) or (mime if _BY_MIME.get(mime) == kind else KINDS[kind][1][0])
    return CheckedFile(clean, served, kind)


def check_together(sizes: list[int]) -> str | None:
    """The idea's files together (those it has and those being added): None when within limits."""
    if len(sizes) > MAX_FILES:
        return TOO_MANY_FILES
    if sum(sizes) > MAX_TOTAL_BYTES:
        return TOO_MUCH_IN_ALL
    return None
