"""When the server layer of autosave writes: once per pause, by a deadline while typing goes on,
never while idle, with back-off after a failure (workflow_app/ui/autosave.py)."""

from __future__ import annotations

import statistics

import pytest

from workflow_app.core.errors import MESSAGES, ErrorCode
from workflow_app.core.result import Ok, err
from workflow_app.ui import autosave
from workflow_app.ui.autosave import FLUSH_SECONDS, PAUSE_SECONDS, AutosaveMixin
from workflow_app.ui.gateway import Call


class Form:
    """The mixin's scheduling methods on a plain object (no Reflex runtime needed)."""

    _edited = AutosaveMixin._edited
    _due_in = AutosaveMixin._due_in
    _keep_writing = AutosaveMixin._keep_writing
    _take_autosave_call = AutosaveMixin._take_autosave_call
    _SIGNED_OUT_MESSAGE = AutosaveMixin._SIGNED_OUT_MESSAGE
    autosave_writer = "writer"

    def __init__(self):
        self.save_status, self.form_error, self.field_errors = "idle", "", {}
        self._dirty = self._autosaving = False
        self._flush_at = self._last_edit = self._failing_since = self._last_failure = 0.0
        self._failures = 0
        self._audited = False
        self.saved = []

    def _can_autosave(self):
        return True

    def _autosaved(self, value):
        self.saved.append(value)


@pytest.fixture
def now(monkeypatch):
    clock = {"t": 1000.0}
    monkeypatch.setattr(autosave.time, "monotonic", lambda: clock["t"])
    return clock


def test_the_first_edit_schedules_one_writer_and_later_edits_none(now):
    form = Form()
    assert form._edited() == "writer"
    now["t"] += 0.3
    assert form._edited() is None and form._edited() is None
    assert form.save_status == "saving"  # told with the keystroke's reply: the writer sends nothing first


def test_an_edit_that_cannot_be_autosaved_says_unsaved_and_schedules_nothing(now):
    form = Form()
    form._can_autosave = lambda: False
    assert form._edited() is None
    assert form.save_status == "dirty" and form._autosaving is False


def test_the_write_is_due_one_pause_after_the_last_edit(now):
    form = Form()
    form._edited()
    now["t"] += 1.0
    form._edited()
    assert form._due_in(now["t"]) == pytest.approx(PAUSE_SECONDS)
    now["t"] += PAUSE_SECONDS
    assert form._due_in(now["t"]) <= 0


def test_typing_without_a_pause_is_still_written_by_the_flush_deadline(now):
    form = Form()
    form._edited()
    started = now["t"]
    while form._due_in(now["t"]) > 0:
        now["t"] += 0.3  # a keystroke every 300 ms, never a pause
        form._edited()
    assert 0.75 * FLUSH_SECONDS - 0.3 <= now["t"] - started <= FLUSH_SECONDS + 0.3


def test_editors_opened_together_do_not_flush_together(now):
    deadlines = []
    for _ in range(100):
        form = Form()
        form._edited()
        deadlines.append(form._flush_at - now["t"])
    assert min(deadlines) >= 0.75 * FLUSH_SECONDS and max(deadlines) <= FLUSH_SECONDS
    assert statistics.pstdev(deadlines) > 1.0


def test_a_clean_form_ends_the_writer(now):
    form = Form()
    form._edited()
    form._dirty = False  # taken for writing
    form._take_autosave_call(Call(actor="someone", value=Ok("v2")))
    assert form.saved == ["v2"] and form.save_status == "saved" and form._audited
    assert form._keep_writing() is False and form._autosaving is False


def test_a_crashed_write_is_retried_with_back_off_then_left_to_the_next_keystroke(now):
    form = Form()
    form._edited()
    delays = []
    for _ in range(5):
        form._dirty = False
        form._take_autosave_call(None)
        assert form.save_status == "retrying" and form._dirty and form._keep_writing()
        delays.append(form._due_in(now["t"]))
    assert delays == sorted(delays) and delays[0] < delays[-1]
    now["t"] += autosave.RETRY_FOR_SECONDS + 1
    form._take_autosave_call(None)
    assert form.save_status == "failed" and form._keep_writing() is False


def test_a_retry_that_succeeds_clears_the_failure(now):
    form = Form()
    form._edited()
    form._take_autosave_call(None)
    form._dirty = False
    form._take_autosave_call(Call(actor="someone", value=Ok("v3")))
    assert form.save_status == "saved" and form._failures == 0


def test_a_signed_out_writer_stops_and_says_why(now):
    form = Form()
    form._edited()
    form._take_autosave_call(Call(actor=None))
    assert form.save_status == "failed" and form._keep_writing() is False
    assert form.form_error == MESSAGES[ErrorCode.UNAUTHENTICATED]


def test_a_conflict_stops_the_writer_and_keeps_the_message(now):
    form = Form()
    form._edited()
    form._dirty = True
    form._take_autosave_call(Call(actor="someone", value=err(ErrorCode.CONFLICT)))
    assert form.save_status == "conflict" and form._keep_writing() is False
    assert form._edited() is None  # typing on does not start another writer against a stale version


def test_only_the_first_write_of_an_editing_session_is_a_first_attempt(now):
    form = Form()
    form._attempted = False
    form._edited()
    assert form._attempted is False  # editing alone tries nothing
    form._dirty, form._attempted = False, True  # what the writer does as it takes the text
    form._take_autosave_call(None)  # that write crashed: the retry must look for its audit row
    assert form._attempted is True and form.save_status == "retrying"
