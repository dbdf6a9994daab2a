"""The server layer of autosave, shared by the idea draft editor and the descriptor form.

A page state mixes this in, lists its form fields in FIELDS, has a `storage_key` var, and
provides three hooks:
- `_can_autosave()`: whether there is a saved record to write to right now;
- `_autosave_request()`: (work, kwargs) read under the state lock; `work(session, actor, **kwargs)`
  runs in a worker thread through the gateway, where the actor is resolved from the cookie;
- `_autosaved(value)`: take the Ok value (new version, updated_at) into the state.

No polling: the first edit after a save starts one writer task that sleeps until the write is
due (the pause after the last edit, or the flush deadline while edits keep coming), so an idle
editor costs nothing and a typing one wakes about once per pause. The flush deadline has
jitter so editors opened together do not write together. A failed write (the database briefly
gone) is retried with back-off until it succeeds; the browser copy holds the text meanwhile.
The browser layer (localStorage, assets/draft_autosave.js) writes without the server; this mixin
only reads it back on opening and offers it when it is newer than the server's copy.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
import uuid
from collections.abc import Callable
from typing import Any, ClassVar

import reflex as rx

from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.ui import gateway, inputs
from workflow_app.ui.rows import epoch_ms

log = logging.getLogger(__name__)

PAUSE_SECONDS = 1.2  # write once the person stops typing this long
FLUSH_SECONDS = 30.0  # …and at least this often while changes keep coming
FLUSH_JITTER = 0.25  # the flush deadline falls anywhere in the last quarter of FLUSH_SECONDS
RETRY_SECONDS = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)  # back-off after failed writes; then every 30 s
RETRY_FOR_SECONDS = 15 * 60  # after this long failing, wait for the next keystroke instead
LOCAL_COPY_MAX = 100_000  # the browser's copy as JSON: every field at its limit, escaped, fits


class AutosaveMixin(rx.State, mixin=True):
    FIELDS: ClassVar[tuple[str, ...]] = ()
    # Fields a restore leaves alone when the browser's copy has them empty (a select's choice).
    _KEEP_IF_EMPTY: ClassVar[frozenset[str]] = frozenset()
    # Refusals that mean the record can never be written from this form again (expired,
    # deleted, sent on elsewhere): the status turns "gone" and the page turns read-only.
    _GONE: ClassVar[frozenset[ErrorCode]] = frozenset()
    # What the form says when a write finds the session ended (the idea editor: ORIGINS C9's text).
    _SIGNED_OUT_MESSAGE: ClassVar[str] = message_for(ErrorCode.UNAUTHENTICATED)
    # idle | dirty | saving | saved | invalid | retrying | failed | conflict | gone
    save_status: str = "idle"
    saved_at: str = ""
    form_error: str = ""
    field_errors: dict[str, str] = {}
    server_updated_at: str = ""
    show_restore: bool = False
    local_copy: dict[str, str] = {}
    _dirty: bool = False
    _flush_at: float = 0.0
    _last_edit: float = 0.0
    _autosaving: bool = False
    _failures: int = 0
    # An autosave of this editing session succeeded, so its audit row exists (ideas: skip the check).
    _audited: bool = False
    # A write of this editing session was tried: until then no audit row can exist (ideas: no check).
    _attempted: bool = False
    _failing_since: float = 0.0
    _last_failure: float = 0.0
    _editing_session: str = ""

    def _reset_autosave(self) -> None:
        self.save_status, self.saved_at, self.form_error = "idle", "", ""
        self.field_errors, self.server_updated_at = {}, ""
        self.show_restore, self.local_copy = False, {}
        self._dirty = self._autosaving = False
        self._failures, self._audited, self._attempted = 0, False, False
        self._editing_session = uuid.uuid4().hex

    # --- the browser's copy ----------------------------------------------------------------

    def _ask_for_local_copy(self):
        key = json.dumps(self.storage_key)
        return rx.call_script(
            f"window.workflowDrafts && window.workflowDrafts.read({key})", callback=type(self).compare_local_copy
        )

    @rx.event
    def compare_local_copy(self, raw: str | None):
        """Offers the browser's copy when it is newer than what the server holds; never applies it."""
        raw = inputs.short_text(raw, limit=LOCAL_COPY_MAX)  # the page's script sends text; anything else is no copy
        try:
            copy = json.loads(raw) if raw else None
        except ValueError:
            copy = None
        if not isinstance(copy, dict):
            return
        local = {name: str(copy.get(name) or "") for name in self._copied_names(copy)}
        if all(local[name] == self._value_of(name) or not local[name] for name in local):
            return  # nothing the form does not already show
        if (copy.get("timestamp") or 0) > epoch_ms(self.server_updated_at):
            self.local_copy, self.show_restore = local, True

    @rx.event
    def restore_local_copy(self):
        for name in self._copied_names(self.local_copy):
            value = self.local_copy.get(name, "")
            if value or name not in self._KEEP_IF_EMPTY:
                self._restore(name, value)
        self.show_restore = False
        return self._edited()

    @rx.event
    def discard_local_copy(self):
        self.show_restore, self.local_copy = False, {}
        return self._clear_local_copy()

    def _copied_names(self, copy: dict[str, Any]) -> tuple[str, ...]:
        """The names a browser copy is compared and restored by, in restoring order: FIELDS, and
        whatever else a form keeps (the idea form: its category's smart-form fields)."""
        return self.FIELDS

    def _value_of(self, name: str) -> str:
        return str(getattr(self, name))

    def _restore(self, name: str, value: str) -> None:
        setattr(self, name, value)

    def _clear_local_copy(self, key: str | None = None):
        key = json.dumps(key or self.storage_key)
        return rx.call_script(f"window.workflowDrafts && window.workflowDrafts.clear({key})")

    def _can_autosave(self) -> bool:
        raise NotImplementedError

    def _autosave_request(self) -> tuple[Callable[..., Any], dict[str, Any]]:
        raise NotImplementedError

    def _autosaved(self, value: Any) -> None:
        raise NotImplementedError

    def _edited(self):
        """Called by every field handler: marks the form dirty and makes sure one writer is scheduled."""
        now = time.monotonic()
        if not self._dirty:
            self._flush_at = now + FLUSH_SECONDS * (1 - FLUSH_JITTER * random.random())
        self._dirty, self._last_edit = True, now
        can_autosave = self._can_autosave()
        if self.save_status == "gone":
            return None  # nothing can be written any more (and the page is read-only)
        if self.save_status not in ("conflict", "retrying", "failed"):
            # "Saving…" from the keystroke until the row is written: the page hears it with the
            # keystroke's own reply, and the writer sends nothing before its write.
            self.save_status = "saving" if can_autosave else "dirty"
        if self.save_status != "conflict" and not self._autosaving and can_autosave:
            self._autosaving, self._failures = True, 0
            return type(self).autosave_writer

    def _due_in(self, now: float) -> float:
        if self._failures:
            return self._last_failure + _retry_delay(self._failures) - now
        return min(self._last_edit + PAUSE_SECONDS, self._flush_at) - now

    def _keep_writing(self) -> bool:
        """Under the lock: False (and the writer ends) when there is nothing left it may write."""
        if self._autosaving and self._dirty and self.save_status != "conflict" and self._can_autosave():
            return True
        self._autosaving = False
        return False

    @rx.event(background=True)
    async def autosave_writer(self):
        """Sleeps until the write is due, writes off the loop, and ends once the form is clean."""
        delay = PAUSE_SECONDS
        while True:
            await asyncio.sleep(max(delay, 0.05))
            async with self:
                if not self._keep_writing():
                    return
                delay = self._due_in(time.monotonic())
                if delay > 0:
                    continue  # edits came in meanwhile: sleep until the new due time
                work, kwargs, token = self._take_for_writing()
            call = await _write(token, work, kwargs)
            async with self:
                self._take_autosave_call(call)
                if not self._keep_writing():
                    return
                delay = self._due_in(time.monotonic())

    def _take_for_writing(self) -> tuple[Callable[..., Any], dict[str, Any], str | None]:
        """Under the lock: what the writer writes now, with whose cookie. The form is clean after
        it and its editing session has tried a write. No status change: the page hears once,
        when the row is written."""
        work, kwargs = self._autosave_request()
        token = self._cookie_token()
        self._dirty, self._attempted = False, True
        return work, kwargs, token

    def _take_autosave_call(self, call: gateway.Call | None) -> None:
        if call is None:  # the write crashed (database unreachable, …): retry with back-off
            now = time.monotonic()
            if not self._failures:
                self._failing_since = now
            self._failures, self._last_failure = self._failures + 1, now
            self.save_status, self._dirty = "retrying", True
            if now - self._failing_since > RETRY_FOR_SECONDS:
                self.save_status, self._autosaving = "failed", False
            return
        self._failures = 0
        if call.signed_out:
            self.save_status, self._dirty = "failed", True
            self.form_error = self._SIGNED_OUT_MESSAGE
            self._autosaving = False
            return
        result = call.value
        if result.ok:
            self._autosaved(result.value)
            self._audited = True
            self.field_errors = {}
            self.save_status = "saving" if self._dirty else "saved"
        elif result.field_errors:  # half-typed: say what is missing, keep the browser copy
            self.save_status, self.field_errors = "invalid", dict(result.field_errors)
        elif result.code == ErrorCode.CONFLICT:
            self.save_status, self.form_error = "conflict", result.message
        elif result.code in self._GONE:
            self._gone(result.message)
        else:
            self.save_status, self.form_error = "failed", result.message
            self._autosaving = False  # refused for good (expired, deleted): retrying cannot help

    def _gone(self, message: str) -> None:
        """The record cannot be written any more: say so, stop writing, keep the typed text on
        the page (and in the browser's copy) for the person to take elsewhere."""
        self.save_status, self.form_error, self._autosaving = "gone", message, False


def _retry_delay(failures: int) -> float:
    return RETRY_SECONDS[min(failures, len(RETRY_SECONDS)) - 1]


async def _write(token: str | None, work: Callable[..., Any], kwargs: dict[str, Any]) -> gateway.Call | None:
    """One autosave through the gateway; a crash is logged and becomes None (retried, text kept)."""
    try:
        return await gateway.as_actor_batched(token, work, **kwargs)
    except Exception:
        log.exception("autosave failed")
        return None
