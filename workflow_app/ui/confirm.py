"""The "are you sure?" step before deleting a row: which row is pending, and closing the dialog."""

from __future__ import annotations

import reflex as rx

from workflow_app.ui import inputs

ROW_ID_MAX = 64


class PendingDeleteMixin(rx.State, mixin=True):
    # The id of the row whose delete dialog is open; "" when none is. Sent by the client, so it
    # is checked here (an id-sized string, else nothing opens) and the command checks it again.
    pending_delete: str = ""

    @rx.event
    def ask_delete(self, row_id: str):
        self.pending_delete = inputs.short_text(row_id, limit=ROW_ID_MAX)

    @rx.event
    def dialog_toggled(self, is_open: bool):
        if is_open is not True:
            self.pending_delete = ""
