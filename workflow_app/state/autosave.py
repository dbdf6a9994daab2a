"""The server layer of autosave, shared by the idea draft editor and the descriptor form.

A page state mixes this in, lists its form fields in FIELDS, has a `storage_key` var, and
provides three hooks:
- `_can_autosave()`: whether there is a saved record to write to right now;
- `_autosave_request()`: (function, kwargs) to run in a worker thread, read under the state lock;
- `_autosaved(value)`: take the Ok value (new version, updated_at) into the state.
The browser layer (localStorage, assets/draft_autosave.js) writes without the server; this mixin
only reads it back on opening and offers it when it is newer than the server's copy.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections.abc import Callable
from typing import Any, ClassVar

import reflex as rx
from starlette.concurrency import run_in_threadpool

from workflow_app.domain.errors import ErrorCode
from workflow_app.state.rows import epoch_ms

log = logging.getLogger(__name__)

PAUSE_SECONDS = 1.2  # write once the person stops typing this long
FLUSH_SECONDS = 30.0  # …and at least this often while changes keep coming


class AutosaveMixin(rx.State, mixin=True):
    FIELDS: ClassVar[tuple[str, ...]] = ()
    # Fields a restore leaves alone when the browser's copy has them empty (a select's choice).
    _KEEP_IF_EMPTY: ClassVar[frozenset[str]] = frozenset()
    # idle | dirty | saving | saved | invalid | failed | conflict
    save_status: str = "idle"
    saved_at: str = ""
    form_error: str = ""
    field_errors: dict[str, str] = {}
    server_updated_at: str = ""
    show_restore: bool = False
    local_copy: dict[str, str] = {}
    _dirty: bool = False
    _dirty_since: float = 0.0
    _last_edit: float = 0.0
    _autosaving: bool = False
    _editing_session: str = ""

    def _reset_autosave(self) -> None:
        self.save_status, self.saved_at, self.form_error = "idle", "", ""
        self.field_errors, self.server_updated_at = {}, ""
        self.show_restore, self.local_copy = False, {}
        self._dirty = self._autosaving = False
        self._editing_session = uuid.uuid4().hex

    # --- the browser's copy ----------------------------------------------------------------

    def _ask_for_local_copy(self):
        key = json.dumps(self.storage_key)
        return rx.call_script(f"window.workflowDrafts && window.workflowDrafts.read({key})",
                              callback=type(self).compare_local_copy)

    @rx.event
    def compare_local_copy(self, raw: str | None):
        """Offers the browser's copy when it is newer than what the server holds; never applies it."""
        try:
            copy = json.loads(raw) if raw else None
        except ValueError:
            copy = None
        if not isinstance(copy, dict):
            return
        local = {name: str(copy.get(name) or "") for name in self.FIELDS}
        if all(local[name] == getattr(self, name) or not local[name] for name in self.FIELDS):
            return  # nothing the form does not already show
        if (copy.get("timestamp") or 0) > epoch_ms(self.server_updated_at):
            self.local_copy, self.show_restore = local, True

    @rx.event
    def restore_local_copy(self):
        for name in self.FIELDS:
            value = self.local_copy.get(name, "")
            if value or name not in self._KEEP_IF_EMPTY:
                setattr(self, name, value)
        self.show_restore = False
        return self._edited()

    @rx.event
    def discard_local_copy(self):
        self.show_restore, self.local_copy = False, {}
        return self._clear_local_copy()

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
        """Called by every field handler: marks the form dirty and makes sure a writer runs."""
        now = time.monotonic()
        if not self._dirty:
            self._dirty_since = now
        self._dirty, self._last_edit = True, now
        if self.save_status not in ("conflict", "saving"):
            self.save_status = "dirty"
        if self.save_status != "conflict" and not self._autosaving and self._can_autosave():
            self._autosaving = True
            return type(self).autosave_loop

    @rx.event(background=True)
    async def autosave_loop(self):
        while True:
            async with self:
                if not self._dirty or self.save_status == "conflict" or not self._can_autosave():
                    self._autosaving = False
                    return
                now = time.monotonic()
                due = now - self._last_edit >= PAUSE_SECONDS or now - self._dirty_since >= FLUSH_SECONDS
                if due:
                    command, kwargs = self._autosave_request()
                    self._dirty, self.save_status = False, "saving"
            if not due:
                await asyncio.sleep(0.3)
                continue
            result = await run_in_threadpool(_run_quietly, command, kwargs)
            async with self:
                self._take_autosave_result(result)

    def _take_autosave_result(self, result) -> None:
        if result is None:
            self.save_status, self._dirty = "failed", True
        elif result.ok:
            self._autosaved(result.value)
            self.field_errors = {}
            self.save_status = "saving" if self._dirty else "saved"
        elif result.field_errors:  # half-typed: say what is missing, keep the browser copy
            self.save_status, self.field_errors = "invalid", dict(result.field_errors)
        elif result.code == ErrorCode.CONFLICT:
            self.save_status, self.form_error = "conflict", result.message
        else:
            self.save_status, self.form_error = "failed", result.message


def _run_quietly(command: Callable[..., Any], kwargs: dict[str, Any]):
    """Runs one autosave; a crash is logged and retried on the next keystroke (the browser keeps the text)."""
    try:
        return command(**kwargs)
    except Exception:
        log.exception("autosave failed")
        return None
