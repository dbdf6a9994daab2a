"""Ideas' attachments: staging on a draft, the limits together, removal, an admin's delete, who
may download, and the sweep of orphaned files (ORIGINS C14 V2; issue 14)."""

from __future__ import annotations

import io
import threading
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from tests.factories import audit_rows, make_actor
from tests.ideas.draft_helpers import COMPLETE, make_draft, submit
from workflow_app.core.errors import ErrorCode
from workflow_app.ideas.domain import attachment_rules as rules
from workflow_app.ideas.domain import attachments, drafts
from workflow_app.ideas.domain.attachment_storage import LocalDiskStorage
from workflow_app.ideas.domain.idea_rules import IdeaIn
from workflow_app.models import AuditAction, Idea, IdeaAttachment, IdeaStatus, IdeaVisibility, Role

PDF = b"%PDF-1.7\n" + b"x" * 2000
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 100


@pytest.fixture
def storage(tmp_path) -> LocalDiskStorage:
    return LocalDiskStorage(tmp_path / "attachments")


@pytest.fixture
def author(session):
    return make_actor(session, display_name="Ada")


def upload(name: str, data: bytes, mime: str | None = None) -> attachments.Upload:
    return attachments.Upload(name, mime, io.BytesIO(data))


def attach(session, actor, draft_id, *files, storage, clock):
    return attachments.attach_files(
        session, actor, draft_id=draft_id, uploads=list(files), storage=storage, clock=clock
    )


def stored_keys(storage: LocalDiskStorage) -> list[str]:
    return list(storage.keys_older_than(-1))


def rows(session) -> list[IdeaAttachment]:
    return list(session.exec(select(IdeaAttachment).order_by(IdeaAttachment.created_at)))


def test_files_staged_on_a_draft_are_kept_with_their_checked_names_and_types(session, clock, author, storage):
    draft = make_draft(session, author, clock=clock)
    result = attach(
        session,
        author,
        draft.id,
        upload("../../etc/plan.pdf", PDF, "application/pdf"),
        upload("shot.png", PNG),
        storage=storage,
        clock=clock,
    )
    assert result.ok, result
    assert [(a.file_name, a.file_size, a.mime_type) for a in result.value.added] == [
        ("plan.pdf", len(PDF), "application/pdf"),
        ("shot.png", len(PNG), "image/png"),
    ]
    assert result.value.refused == ()
    assert sorted(r.blob_key for r in rows(session)) == sorted(stored_keys(storage))
    assert all(r.uploaded_by_id == author.user_id and r.idea_id == draft.id for r in rows(session))
    assert [a.file_name for a in attachments.for_idea(session, author, draft.id)] == ["plan.pdf", "shot.png"]


@pytest.mark.parametrize(
    ("name", "data", "mime", "why"),
    [
        ("run.exe", b"MZ\x90\x00", "application/pdf", rules.TYPE_NOT_ALLOWED),
        ("report.pdf", b"\x7fELF\x02\x01\x01" + b"\0" * 50, "application/pdf", rules.TYPE_NOT_ALLOWED),
        ("empty.txt", b"", "text/plain", rules.FILE_EMPTY),
        ("\x00/..", b"text", "text/plain", rules.INVALID_FILENAME),
    ],
)
def test_a_refused_file_is_named_with_why_and_leaves_nothing_stored(
    session, clock, author, storage, name, data, mime, why
):
    draft = make_draft(session, author, clock=clock)
    result = attach(
        session, author, draft.id, upload(name, data, mime), upload("ok.txt", b"fine"), storage=storage, clock=clock
    )
    assert result.ok
    assert [a.file_name for a in result.value.added] == ["ok.txt"]
    assert len(result.value.refused) == 1 and result.value.refused[0].endswith(f": {why}")
    assert len(stored_keys(storage)) == 1 == len(rows(session))


def test_a_file_over_25_mb_is_refused_while_it_is_written(session, clock, author, storage, monkeypatch):
    monkeypatch.setattr(rules, "MAX_FILE_BYTES", 1000)
    draft = make_draft(session, author, clock=clock)
    result = attach(session, author, draft.id, upload("big.pdf", PDF), storage=storage, clock=clock)
    assert result.ok and result.value.refused == (f"big.pdf: {rules.FILE_TOO_LARGE}",)
    assert stored_keys(storage) == [] and rows(session) == []


def test_the_limits_count_the_files_the_draft_already_has(session, clock, author, storage, monkeypatch):
    draft = make_draft(session, author, clock=clock)
    for n in range(9):
        assert attach(session, author, draft.id, upload(f"n{n}.txt", b"note"), storage=storage, clock=clock).ok
    result = attach(
        session, author, draft.id, upload("tenth.txt", b"x"), upload("eleventh.txt", b"y"), storage=storage, clock=clock
    )
    assert [a.file_name for a in result.value.added] == ["tenth.txt"]
    assert result.value.refused == (f"eleventh.txt: {rules.TOO_MANY_FILES}",)
    assert len(stored_keys(storage)) == 10 == len(rows(session))
    eleven = [upload(f"m{n}.txt", b"m") for n in range(11)]
    assert attach(session, author, draft.id, *eleven, storage=storage, clock=clock).code == ErrorCode.VALIDATION_ERROR
    monkeypatch.setattr(rules, "MAX_TOTAL_BYTES", len(PDF) + 10)
    other = make_draft(session, author, clock=clock)
    result = attach(session, author, other.id, upload("a.pdf", PDF), upload("b.pdf", PDF), storage=storage, clock=clock)
    assert result.value.refused == (f"b.pdf: {rules.TOO_MUCH_IN_ALL}",)


@pytest.mark.parametrize("whose", ["someone else's", "expired", "submitted"])
def test_files_go_only_onto_the_authors_live_draft(session, clock, author, storage, whose):
    stranger = make_actor(session)
    draft = make_draft(
        session, author, clock=clock, expires_at=clock.now() - timedelta(seconds=1) if whose == "expired" else None
    )
    if whose == "submitted":
        assert submit(session, author, clock, draft_id=draft.id).ok
    actor = stranger if whose == "someone else's" else author
    result = attach(session, actor, draft.id, upload("a.txt", b"a"), storage=storage, clock=clock)
    assert result.code == (ErrorCode.EXPIRED if whose == "expired" else ErrorCode.NOT_FOUND)
    assert stored_keys(storage) == [] and rows(session) == []


def test_a_failed_write_of_the_rows_leaves_no_file_stored(session, clock, author, storage, monkeypatch):
    draft = make_draft(session, author, clock=clock)
    monkeypatch.setattr(session, "commit", lambda: (_ for _ in ()).throw(RuntimeError("database went away")))
    with pytest.raises(RuntimeError):
        attach(session, author, draft.id, upload("a.txt", b"a"), storage=storage, clock=clock)
    assert stored_keys(storage) == []


def test_saves_autosaves_and_the_submit_keep_the_staged_files(session, clock, author, storage):
    draft = make_draft(session, author, clock=clock)
    attach(session, author, draft.id, upload("plan.pdf", PDF), storage=storage, clock=clock)
    form = IdeaIn(**COMPLETE)
    saved = drafts.save_draft(session, author, form, draft_id=draft.id, clock=clock)
    autosaved = drafts.autosave_draft(
        session,
        author,
        form,
        draft_id=draft.id,
        expected_version=saved.value.version,
        editing_session_id="e1",
        clock=clock,
    )
    assert autosaved.ok
    assert submit(session, author, clock, draft_id=draft.id).ok
    assert session.get(Idea, draft.id).status == IdeaStatus.SUBMITTED
    assert [a.file_name for a in attachments.for_idea(session, author, draft.id)] == ["plan.pdf"]


def test_the_author_removes_a_staged_file_but_not_one_of_a_submitted_idea(session, clock, author, storage):
    draft = make_draft(session, author, clock=clock)
    added = attach(
        session, author, draft.id, upload("a.txt", b"a"), upload("b.txt", b"b"), storage=storage, clock=clock
    )
    first, second = added.value.added
    assert attachments.remove_staged(session, author, attachment_id=first.id, storage=storage).ok
    assert [r.id for r in rows(session)] == [second.id] and len(stored_keys(storage)) == 1
    assert submit(session, author, clock, draft_id=draft.id).ok
    refused = attachments.remove_staged(session, author, attachment_id=second.id, storage=storage)
    assert refused.code == ErrorCode.ATTACHMENT_NOT_FOUND and len(rows(session)) == 1


@pytest.fixture
def submitted_with_file(session, clock, author, storage):
    draft = make_draft(session, author, clock=clock, visibility=IdeaVisibility.PRIVATE)
    file = attach(session, author, draft.id, upload("plan.pdf", PDF), storage=storage, clock=clock).value.added[0]
    assert submit(session, author, clock, draft_id=draft.id, visibility="PRIVATE").ok
    return draft.id, file


def test_an_admin_deletes_a_file_with_an_audit_row_and_only_admins_may(
    session, clock, author, storage, submitted_with_file
):
    idea_id, file = submitted_with_file
    refused = attachments.delete_attachment(session, author, attachment_id=file.id, storage=storage, clock=clock)
    assert (refused.code, refused.message) == (ErrorCode.FORBIDDEN_ROLE, "Forbidden")
    admin = make_actor(session, role=Role.ADMIN)
    deleted = attachments.delete_attachment(session, admin, attachment_id=file.id, storage=storage, clock=clock)
    assert deleted.ok and deleted.value is False  # the stored file went too
    assert rows(session) == [] and stored_keys(storage) == []
    entry = [a for a in audit_rows(session) if a.action == AuditAction.ATTACHMENT_DELETED]
    assert [(a.actor_id, a.target_id, a.details["fileName"]) for a in entry] == [(admin.user_id, idea_id, "plan.pdf")]
    again = attachments.delete_attachment(session, admin, attachment_id=file.id, storage=storage, clock=clock)
    assert again.code == ErrorCode.ATTACHMENT_NOT_FOUND


def test_a_file_the_store_cannot_delete_still_loses_its_record(
    session, clock, storage, submitted_with_file, monkeypatch
):
    _, file = submitted_with_file
    monkeypatch.setattr(storage, "delete", lambda key: False)
    admin = make_actor(session, role=Role.SUPERADMIN)
    deleted = attachments.delete_attachment(session, admin, attachment_id=file.id, storage=storage, clock=clock)
    assert deleted.ok and deleted.value is True and rows(session) == []


def test_who_may_download_a_file_of_a_private_idea(session, clock, author, submitted_with_file):
    _, file = submitted_with_file
    other = make_actor(session)
    admin = make_actor(session, role=Role.ADMIN)
    assert attachments.download(session, author, attachment_id=file.id).value.file_name == "plan.pdf"
    assert attachments.download(session, admin, attachment_id=file.id).ok
    refused = attachments.download(session, other, attachment_id=file.id)
    assert (refused.code, refused.message) == (ErrorCode.FORBIDDEN_ROLE, "Forbidden")
    assert attachments.download(session, other, attachment_id="nope").code == ErrorCode.ATTACHMENT_NOT_FOUND
    assert attachments.for_idea(session, other, file.id) == []


def test_a_drafts_files_are_only_its_authors(session, clock, author, storage):
    draft = make_draft(session, author, clock=clock)
    file = attach(session, author, draft.id, upload("a.txt", b"a"), storage=storage, clock=clock).value.added[0]
    admin = make_actor(session, role=Role.ADMIN)
    assert attachments.download(session, admin, attachment_id=file.id).code == ErrorCode.ATTACHMENT_NOT_FOUND
    assert attachments.for_idea(session, admin, draft.id) == []
    assert attachments.download(session, author, attachment_id=file.id).ok


def test_the_sweep_removes_old_files_no_row_names(session, clock, author, storage):
    draft = make_draft(session, author, clock=clock)
    attach(session, author, draft.id, upload("kept.txt", b"k"), storage=storage, clock=clock)
    orphan = storage.put(io.BytesIO(b"left behind"), max_bytes=100).key
    assert attachments.sweep_orphans(session, storage) == 0  # both written just now
    assert attachments.sweep_orphans(session, storage, min_age_seconds=-1) == 1
    assert orphan not in stored_keys(storage) and len(stored_keys(storage)) == 1
    assert drafts.delete_draft(session, author, draft_id=draft.id, clock=clock).ok  # its rows go with it
    assert attachments.sweep_orphans(session, storage, min_age_seconds=-1) == 1 and stored_keys(storage) == []


def test_off_nothing_is_attached_or_served(session, clock, author, storage, monkeypatch):
    draft = make_draft(session, author, clock=clock)
    file = attach(session, author, draft.id, upload("a.txt", b"a"), storage=storage, clock=clock).value.added[0]
    monkeypatch.setattr(attachments, "settings", replace(attachments.settings, attachments_enabled=False))
    assert (
        attach(session, author, draft.id, upload("b.txt", b"b"), storage=storage, clock=clock).code
        == ErrorCode.FEATURE_DISABLED
    )
    assert attachments.download(session, author, attachment_id=file.id).code == ErrorCode.FEATURE_DISABLED
    assert attachments.for_idea(session, author, draft.id) == []
    assert len(rows(session)) == 1


def test_two_tabs_uploading_at_once_cannot_pass_ten_files_together(engine, session, clock, author, storage):
    """Each tab's six files are stored at the same time; the draft's lock lets one tab's rows in
    first, and the other's are counted against them."""
    draft = make_draft(session, author, clock=clock)
    session.close()
    barrier, outcomes = threading.Barrier(2), [None, None]

    def tab(i: int) -> None:
        with Session(engine) as own:
            barrier.wait()
            try:
                files = [upload(f"tab{i}-{n}.txt", b"note") for n in range(6)]
                outcomes[i] = attach(own, author, draft.id, *files, storage=storage, clock=clock)
            except Exception as exc:  # noqa: BLE001 — an escaped exception is what the test looks for
                outcomes[i] = exc

    threads = [threading.Thread(target=tab, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    taken = [len(o.value.added) for o in outcomes if not isinstance(o, BaseException) and o.ok]
    assert sorted(taken) == [4, 6] and len(rows(session)) == 10
    assert len(stored_keys(storage)) == 10  # no refused file left stored
