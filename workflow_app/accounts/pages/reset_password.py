"""/reset-password?token=… — choose a new password from the mailed link (one hour, once)."""

from __future__ import annotations

import reflex as rx

from workflow_app.accounts.domain import password_reset
from workflow_app.accounts.pages.login import PASSWORD_INPUT_MAX, auth_card
from workflow_app.accounts.pages.verify_email import TOKEN_INPUT_MAX
from workflow_app.core import errors as e
from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.ui import gateway, inputs
from workflow_app.ui.components.forms import field, form_error, form_notice, link_button, press_once
from workflow_app.ui.components.layout import public_page
from workflow_app.ui.session import SessionState

RESET_FIELDS = {
    "new_password": (PASSWORD_INPUT_MAX, e.PASSWORD_TOO_LONG),
    "confirm_password": (PASSWORD_INPUT_MAX, e.PASSWORDS_DO_NOT_MATCH),
}


class ResetPasswordState(SessionState):
    checked: bool = False
    link_error: str = ""
    errors: dict[str, str] = {}
    form_error: str = ""
    done: bool = False
    saving: bool = False

    def _token(self) -> str:
        return inputs.short_text(self.router.url.query_parameters.get("token", ""), limit=TOKEN_INPUT_MAX)

    @rx.event
    async def open(self):
        self.checked, self.done, self.saving = False, False, False
        self.link_error = self.form_error = ""
        self.errors = {}
        result = await gateway.anonymous(_check, token=self._token())
        self.checked = True
        self.link_error = "" if result.ok else result.message

    @rx.event
    async def submit(self, form_data: dict):
        self.errors, self.form_error = {}, ""
        checked = inputs.form(form_data, RESET_FIELDS)
        if checked is None:
            self.form_error = message_for(ErrorCode.VALIDATION_ERROR)
            return
        values, refused = checked
        if refused:
            self.errors = refused
            return
        self.saving = True
        yield  # bcrypt runs in the worker thread
        result = await gateway.anonymous(_reset, token=self._token(), **values)
        self.saving = False
        if result.ok:
            self.done = True
        elif result.code == ErrorCode.RESET_LINK_INVALID:
            self.link_error = result.message
        else:
            self.errors = {k: v for k, v in result.field_errors.items() if k in RESET_FIELDS}
            self.form_error = "" if self.errors else result.message


def _check(session, *, token: str):
    return password_reset.check_reset_link(session, token=token, clock=system_clock)


def _reset(session, *, token: str, new_password: str, confirm_password: str):
    return password_reset.reset_password(
        session,
        token=token,
        new_password=new_password,
        confirm_password=confirm_password,
        clock=system_clock,
    )


def _form() -> rx.Component:
    errors = ResetPasswordState.errors
    return rx.form(
        rx.vstack(
            form_error(ResetPasswordState.form_error),
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
            rx.button(
                rx.cond(ResetPasswordState.saving, "Saving…", "Reset Password"),
                type="submit",
                size="3",
                width="100%",
                disabled=ResetPasswordState.saving,
                custom_attrs=press_once(),
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=ResetPasswordState.submit,
        width="100%",
    )


def _body() -> rx.Component:
    return rx.cond(
        ResetPasswordState.done,
        rx.vstack(
            form_notice(e.PASSWORD_RESET_DONE),
            link_button("Sign In", size="3", href="/login"),
            spacing="3",
            width="100%",
        ),
        rx.cond(
            ResetPasswordState.link_error != "",
            rx.vstack(
                form_error(ResetPasswordState.link_error),
                rx.link("Request a new link", href="/forgot-password", size="2"),
                spacing="3",
                width="100%",
            ),
            _form(),
        ),
    )


@rx.page(route="/reset-password", title="Reset password · Workflow", on_load=ResetPasswordState.open)
def reset_password_page() -> rx.Component:
    return public_page(
        auth_card(
            "Choose a new password",
            "Every device signed in to your account will be signed out.",
            rx.cond(ResetPasswordState.checked, _body(), rx.center(rx.spinner(size="3"), aria_label="Checking")),
        )
    )
