"""What an idea's attachment may be (ORIGINS C14 V2, issue 14): names, the allowlist by MIME or
extension, the content check, the limits alone and together; and the local-disk store."""

from __future__ import annotations

import io
import tracemalloc

import pytest

from workflow_app.ideas.domain import attachment_rules as rules
from workflow_app.ideas.domain.attachment_storage import LocalDiskStorage, MissingBlob, TooLarge

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF"
GIF = b"GIF89a\x01\x00\x01\x00"
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 "
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>'
DOCX = b"PK\x03\x04\x14\x00\x06\x00"
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00"
ELF = b"\x7fELF\x02\x01\x01\x00"
PE = b"MZ\x90\x00\x03\x00"
TEXT = "Notes about the idea — with “quotes” and ünïcode.\n".encode()


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("report.pdf", "report.pdf"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("/abs/path/plan.docx", "plan.docx"),
        ("  .hidden.txt ", "hidden.txt"),
        ("we\x00ird\x07<name>?.png", "weirdname.png"),
        ("Cafe\u0301.md", "Caf\u00e9.md"),
        ("", None),
        ("..", None),
        ("../", None),
        (None, None),
        (42, None),
    ],
)
def test_names_are_the_files_own_without_folders_or_unsafe_characters(raw, clean):
    assert rules.safe_name(raw) == clean


def test_a_long_name_is_cut_to_255_characters_keeping_its_extension():
    name = rules.safe_name("x" * 400 + ".pdf")
    assert len(name) == 255 and name.endswith(".pdf")


@pytest.mark.parametrize(
    "name, mime, head",
    [
        ("photo.jpg", "image/jpeg", JPEG),
        ("photo.JPEG", "", JPEG),
        ("diagram.png", "image/png", PNG),
        ("anim.gif", "image/gif", GIF),
        ("pic.webp", "image/webp", WEBP),
        ("logo.svg", "image/svg+xml", SVG),
        ("plan.pdf", "application/pdf", PDF),
        ("notes.txt", "text/plain", TEXT),
        ("readme.md", "text/markdown", TEXT),
        ("old.doc", "application/msword", DOC),
        ("old.xls", "application/vnd.ms-excel", DOC),
        ("new.docx", "application/octet-stream", DOCX),
        ("sheet.xlsx", "", DOCX),
        ("no-extension", "application/pdf", PDF),  # MIME or extension is enough
    ],
)
def test_the_allowlist_takes_a_file_of_an_allowed_type_whose_content_is_that_type(name, mime, head):
    checked = rules.check_file(name, mime, len(head), head)
    assert isinstance(checked, rules.CheckedFile), checked
    assert checked.mime_type in {m for _, mimes in rules.KINDS.values() for m in mimes}


def test_a_file_is_served_as_its_extension_says():
    assert rules.check_file("new.docx", "application/octet-stream", 8, DOCX).mime_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert rules.check_file("no-extension", "application/pdf; charset=binary", 10, PDF).mime_type == "application/pdf"


@pytest.mark.parametrize(
    "name, mime, head",
    [
        ("tool.exe", "application/pdf", PE),  # an executable extension, whatever the MIME says
        ("run.sh", "text/plain", b"#!/bin/sh\necho hi\n"),
        ("report.pdf", "application/pdf", ELF),  # a .pdf that is an ELF binary
        ("report.pdf", "application/pdf", PE),
        ("photo.png", "image/png", JPEG),  # the content is another allowed type
        ("notes.txt", "text/plain", b"\x00\x01\x02binary"),
        ("notes.txt", "text/plain", b"#!/usr/bin/env python\nprint(1)\n"),
        ("archive.zip", "application/zip", DOCX),
        ("page.html", "text/html", b"<html><script>alert(1)</script>"),
        ("mystery", "application/octet-stream", PDF),
        ("logo.svg", "image/svg+xml", b"just text, no svg"),
    ],
)
def test_anything_else_is_refused_as_a_type_not_allowed(name, mime, head):
    assert rules.check_file(name, mime, len(head), head) == rules.TYPE_NOT_ALLOWED


def test_the_origins_texts_for_a_bad_name_an_empty_and_a_too_large_file():
    assert rules.check_file("../", "application/pdf", 10, PDF) == "Invalid filename"
    assert rules.check_file("plan.pdf", "application/pdf", 0, b"") == "File is empty."
    assert rules.check_file("plan.pdf", "application/pdf", rules.MAX_FILE_BYTES + 1, PDF) == (
        "File too large. Maximum size is 25 MB."
    )
    assert isinstance(rules.check_file("plan.pdf", "application/pdf", rules.MAX_FILE_BYTES, PDF), rules.CheckedFile)


def test_an_idea_holds_at_most_ten_files_and_100_mb():
    mb = 1024 * 1024
    assert rules.check_together([mb] * 10) is None
    assert rules.check_together([mb] * 11) == "An idea can have at most 10 attachments."
    assert rules.check_together([25 * mb] * 4) is None
    assert rules.check_together([25 * mb] * 4 + [1]) == "An idea's attachments can be at most 100 MB together."


class Zeros(io.RawIOBase):
    """A stream of `size` bytes made as they are read (nothing held)."""

    def __init__(self, size: int, head: bytes = PDF) -> None:
        self.left, self.head = size, head

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = min(len(buffer), self.left)
        chunk = (self.head + bytes(n))[:n] if self.head else bytes(n)
        self.head = b""
        buffer[:n] = chunk
        self.left -= n
        return n


def test_the_store_keeps_a_file_under_a_random_key_and_streams_it_back(tmp_path):
    store = LocalDiskStorage(tmp_path)
    blob = store.put(io.BytesIO(PDF + b"rest of the file"), max_bytes=1000)
    assert len(blob.key) == 32 and blob.size == len(PDF) + 16 and blob.head.startswith(b"%PDF-")
    assert b"".join(store.chunks(blob.key)) == PDF + b"rest of the file"
    assert oct((tmp_path / blob.key[:2] / blob.key).stat().st_mode & 0o777) == "0o600"
    assert store.delete(blob.key) and store.delete(blob.key)  # deleting twice is fine
    with pytest.raises(MissingBlob):
        list(store.chunks(blob.key))


def test_a_write_past_its_limit_leaves_nothing_behind(tmp_path):
    store = LocalDiskStorage(tmp_path)
    with pytest.raises(TooLarge):
        store.put(io.BufferedReader(Zeros(5000)), max_bytes=4000)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


@pytest.mark.parametrize("key", ["../../etc/passwd", "ab", "Z" * 32, ""])
def test_a_key_is_never_a_path(tmp_path, key):
    with pytest.raises(MissingBlob):
        list(LocalDiskStorage(tmp_path).chunks(key))


def test_a_25_mb_file_goes_through_the_store_in_chunks_memory_stays_flat(tmp_path):
    store = LocalDiskStorage(tmp_path)
    tracemalloc.start()
    blob = store.put(io.BufferedReader(Zeros(rules.MAX_FILE_BYTES)), max_bytes=rules.MAX_FILE_BYTES)
    read = sum(len(chunk) for chunk in store.chunks(blob.key))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert read == blob.size == rules.MAX_FILE_BYTES
    assert peak < 4 * 1024 * 1024  # a few chunks, not the 25 MB
