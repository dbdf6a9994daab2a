"""/forgot-password — ask for a reset link; the answer never says whether the account exists."""

from __future__ import annotations

import reflex as rx

from workflow_app.accounts.pages.login import EMAIL_INPUT_MAX, auth_card
from workflow_app.core import errors as e
from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.notifications import account_mail
from workflow_app.ui import gateway, inputs
from workflow_app.ui.components.forms import field, form_error, form_notice, press_once
from workflow_app.ui.components.layout import public_page
from workflow_app.ui.session import SessionState

FORGOT_FIELDS = {"email": (EMAIL_INPUT_MAX, e.EMAIL_INVALID)}


class ForgotPasswordState(SessionState):
    email_error: str = ""
    form_error: str = ""
    notice: str = ""
    sending: bool = False

    @rx.event
    def open(self):
        self.email_error = self.form_error = self.notice = ""
        self.sending = False

    @rx.event
    async def submit(self, form_data: dict):
        self.email_error = self.form_error = self.notice = ""
        checked = inputs.form(form_data, FORGOT_FIELDS)
        if checked is None:
            self.form_error = message_for(ErrorCode.VALIDATION_ERROR)
            return
        values, refused = checked
        if refused:
            self.email_error = refused["email"]
            return
        self.sending = True
        yield
        result = await gateway.anonymous(_request_reset, **values)
        self.sending = False
        if not result.ok:
            self.email_error = result.field_errors.get("email", "")
            self.form_error = "" if self.email_error else result.message
            return
        self.notice = e.RESET_REQUESTED


def _request_reset(session, *, email: str):
    return account_mail.request_password_reset(session, email=email, clock=system_clock)


@rx.page(route="/forgot-password", title="Forgot password · Workflow", on_load=ForgotPasswordState.open)
def forgot_password_page() -> rx.Component:
    return public_page(
        auth_card(
            "Forgot password?",
            "Enter the email of your account and we will send you a link to choose a new password.",
            form_error(ForgotPasswordState.form_error),
            form_notice(ForgotPasswordState.notice),
            rx.form(
                rx.vstack(
                    field(
                        "Email",
                        "email",
                        type="email",
                        autocomplete="email",
                        error=ForgotPasswordState.email_error,
                        placeholder="you@example.com",
                    ),
                    rx.button(
                        rx.cond(ForgotPasswordState.sending, "Sending…", "Send Reset Link"),
                        type="submit",
                        size="3",
                        width="100%",
                        disabled=ForgotPasswordState.sending,
                        custom_attrs=press_once(),
                    ),
                    spacing="4",
                    width="100%",
                ),
                on_submit=ForgotPasswordState.submit,
                width="100%",
            ),
            rx.text("Remembered it? ", rx.link("Sign in", href="/login"), size="2"),
        )
    )
