"""The Attachments section's handlers take what any client sends (issue 14): files only from the
upload endpoint, progress as bytes sent, at most ten names and sizes; and its size and date texts."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from tests.ui.helpers import WRONG_TYPES, run, state_of
from workflow_app.ideas.pages.attachments_state import AttachmentLine, AttachmentsState, date_text, percents, size_text


@pytest.mark.parametrize(
    "size, text",
    [(0, "—"), (1, "< 1 KB"), (1023, "< 1 KB"), (1024, "1.0 KB"), (1536, "1.5 KB"), (5 * 1024 * 1024, "5.0 MB")],
)
def test_sizes_read_as_the_origin_shows_them(size, text):
    assert size_text(size) == text


def test_dates_are_short_en_gb_dates():
    assert date_text(datetime(2026, 2, 25, 23, 59, tzinfo=UTC)) == "25 Feb 2026"
    assert date_text(datetime(2026, 2, 5, 8, 0)) == "5 Feb 2026"  # SQLite's naive UTC


def test_each_file_fills_its_bar_in_the_order_they_are_sent():
    assert percents([100, 300], 0) == [0, 0]
    assert percents([100, 300], 50) == [50, 0]
    assert percents([100, 300], 250) == [100, 50]
    assert percents([100, 300], 10_000) == [100, 100]  # the multipart framing counts too


@pytest.mark.parametrize("chosen", [*WRONG_TYPES, pytest.param([["a.pdf", "big"], [1, 2, 3]], id="bad-items")])
def test_names_and_sizes_that_are_not_names_and_sizes_are_made_harmless(chosen):
    state = state_of(AttachmentsState)
    state.begin_upload(chosen)
    assert all(isinstance(line.name, str) and line.percent == 0 for line in state.uploading)
    assert all(isinstance(size, int) and size >= 0 for size in state._sizes)


def test_at_most_ten_files_get_a_bar():
    state = state_of(AttachmentsState)
    state.begin_upload([[f"f{n}.txt", 10] for n in range(50)])
    assert len(state.uploading) == 10


@pytest.mark.parametrize("sent", [{"loaded": math.nan}, {"loaded": "half"}, "0.5", None, {"loaded": math.inf}])
def test_a_progress_that_is_no_byte_count_changes_no_bar(sent):
    state = state_of(AttachmentsState)
    state.begin_upload([["a.txt", 100]])
    state.upload_progress(sent)
    assert [line.percent for line in state.uploading] == [0]


@pytest.mark.parametrize("files", WRONG_TYPES)
def test_files_that_did_not_come_through_the_upload_endpoint_store_nothing(work, files):
    state = state_of(AttachmentsState)
    run(state.upload(files if not isinstance(files, list) else [files, "x.pdf"]))
    assert work.calls == [] and state.files == []


def test_a_delete_nobody_confirmed_deletes_nothing(work):
    state = state_of(AttachmentsState)
    state.files = [AttachmentLine(id="a1", file_name="a.txt")]
    run(state.delete())
    assert work.calls == [] and len(state.files) == 1
