"""/settings — change display name and password (seed 003)."""

from __future__ import annotations

import reflex as rx

from workflow_app.accounts.domain import profile
from workflow_app.accounts.pages.login import PASSWORD_INPUT_MAX
from workflow_app.accounts.pages.register import DISPLAY_NAME_INPUT_MAX
from workflow_app.core import errors as e
from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.ui import inputs
from workflow_app.ui.components.forms import field, form_error, press_once
from workflow_app.ui.components.layout import page
from workflow_app.ui.session import SessionState

NAME_FIELDS = {"display_name": (DISPLAY_NAME_INPUT_MAX, e.DISPLAY_NAME_TOO_LONG)}
PASSWORD_FIELDS = {
    # No stored password is longer, so a longer one cannot be the current one.
    "current_password": (PASSWORD_INPUT_MAX, message_for(ErrorCode.WRONG_CURRENT_PASSWORD)),
    "new_password": (PASSWORD_INPUT_MAX, e.PASSWORD_TOO_LONG),
    "confirm_password": (PASSWORD_INPUT_MAX, e.PASSWORDS_DO_NOT_MATCH),
}


class SettingsState(SessionState):
    name_error: str = ""
    password_errors: dict[str, str] = {}
    password_form_error: str = ""
    # Changing the key remounts the password form, which empties its fields after success.
    password_form_key: int = 0

    @rx.event
    def open(self):
        self.name_error = ""
        self.password_errors = {}
        self.password_form_error = ""

    @rx.event
    async def save_display_name(self, form_data: dict):
        self.name_error = ""
        checked = inputs.form(form_data, NAME_FIELDS)
        if checked is None:
            self.name_error = message_for(ErrorCode.VALIDATION_ERROR)
            return
        values, refused = checked
        if refused:
            self.name_error = refused["display_name"]
            return
        call = await self._call(_rename, **values)
        if call.signed_out:
            return self._login_redirect()
        result = call.value
        if not result.ok:
            self.name_error = result.message
            return
        self.display_name = result.value
        return rx.toast.success("Display name updated.")

    @rx.event
    async def change_password(self, form_data: dict):
        self.password_errors = {}
        self.password_form_error = ""
        checked = inputs.form(form_data, PASSWORD_FIELDS)
        if checked is None:
            self.password_form_error = message_for(ErrorCode.VALIDATION_ERROR)
            return
        values, refused = checked
        if refused:
            self.password_errors = refused
            return
        # Checking the current password and hashing the new one run in the worker thread.
        call = await self._call(_change_password, **values, keep_token=self._cookie_token())
        if call.signed_out:
            return self._login_redirect()
        result = call.value
        if not result.ok:
            self.password_errors = result.field_errors
            if not result.field_errors:
                self.password_form_error = result.message
            return
        self.password_form_key += 1
        return rx.toast.success("Password changed.")


def _rename(session, actor, *, display_name: str):
    return profile.update_display_name(session, actor, display_name=display_name, clock=system_clock)


def _change_password(
    session, actor, *, current_password: str, new_password: str, confirm_password: str, keep_token: str | None
):
    return profile.update_password(
        session,
        actor,
        current_password=current_password,
        new_password=new_password,
        confirm_password=confirm_password,
        keep_token=keep_token,
        clock=system_clock,
    )


def _section(title: str, description: str, *children: rx.Component) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(title, size="5", as_="h2"),
            rx.text(description, color_scheme="gray", size="2"),
            *children,
            spacing="3",
            width="100%",
        ),
        size="3",
        width="100%",
    )


def _display_name_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            field(
                "Display name",
                "display_name",
                default_value=SessionState.display_name,
                error=SettingsState.name_error,
                max_length=60,
                autocomplete="name",
            ),
            rx.button("Save Display Name", type="submit", custom_attrs=press_once()),
            spacing="3",
            align="start",
            width="100%",
        ),
        on_submit=SettingsState.save_display_name,
        key=SessionState.user_id,
        width="100%",
    )


def _password_form() -> rx.Component:
    errors = SettingsState.password_errors
    return rx.form(
        rx.vstack(
            form_error(SettingsState.password_form_error),
            field(
                "Current password",
                "current_password",
                type="password",
                autocomplete="current-password",
                error=errors.get("current_password", ""),
            ),
            field(
                "New password",
                "new_password",
                type="password",
                autocomplete="new-password",
                error=errors.get("new_password", ""),
                hint="8–72 characters with an uppercase letter, a lowercase letter and a number.",
            ),
            field(
                "Confirm new password",
                "confirm_password",
                type="password",
                autocomplete="new-password",
                error=errors.get("confirm_password", ""),
            ),
            rx.button("Change Password", type="submit", custom_attrs=press_once()),
            spacing="3",
            align="start",
            width="100%",
        ),
        on_submit=SettingsState.change_password,
        key=SettingsState.password_form_key,
        width="100%",
    )


@rx.page(route="/settings", title="Settings · Workflow", on_load=[SessionState.require_signed_in, SettingsState.open])
def settings_page() -> rx.Component:
    return page(
        rx.vstack(
            rx.heading("Settings", size="8"),
            rx.text("Signed in as ", rx.text.strong(SessionState.email), color_scheme="gray"),
            _section("Profile", "Your display name appears on your ideas and reviews.", _display_name_form()),
            _section("Password", "Choose a new password for your account.", _password_form()),
            spacing="5",
            max_width="640px",
            width="100%",
        )
    )
