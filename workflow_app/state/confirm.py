"""The "are you sure?" step before deleting a row: which row is pending, and closing the dialog."""

from __future__ import annotations

import reflex as rx


class PendingDeleteMixin(rx.State, mixin=True):
    # The id of the row whose delete dialog is open; "" when none is.
    pending_delete: str = ""

    @rx.event
    def ask_delete(self, row_id: str):
        self.pending_delete = row_id

    @rx.event
    def dialog_toggled(self, is_open: bool):
        if not is_open:
            self.pending_delete = ""
