"""/register — create an account (SUBMITTER), then signed in straight away; with
FEATURE_EMAIL_VERIFICATION_ENABLED, told to open the link mailed to them instead (ORIGINS C1)."""

from __future__ import annotations

import reflex as rx

from workflow_app import config
from workflow_app.accounts.domain import accounts
from workflow_app.accounts.domain.redirects import safe_next
from workflow_app.accounts.pages.login import EMAIL_INPUT_MAX, PASSWORD_INPUT_MAX, auth_card
from workflow_app.config import settings
from workflow_app.core import errors as e
from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.notifications import account_mail
from workflow_app.ui import gateway, inputs
from workflow_app.ui.components.forms import field, form_error, form_notice, press_once
from workflow_app.ui.components.layout import public_page
from workflow_app.ui.session import SessionState

DISPLAY_NAME_INPUT_MAX = 100  # the domain allows 50 after trimming; room for the whitespace
REGISTER_FIELDS = {
    "email": (EMAIL_INPUT_MAX, e.EMAIL_INVALID),
    "display_name": (DISPLAY_NAME_INPUT_MAX, e.DISPLAY_NAME_TOO_LONG),
    "password": (PASSWORD_INPUT_MAX, e.PASSWORD_TOO_LONG),
    # Longer than any allowed password, so it cannot match one.
    "confirm_password": (PASSWORD_INPUT_MAX, e.PASSWORDS_DO_NOT_MATCH),
}


class RegisterState(SessionState):
    form_error: str = ""
    errors: dict[str, str] = {}
    registering: bool = False
    # The address the verification link went to; while set, the page says so instead of the form.
    sent_to: str = ""
    resend_notice: str = ""

    @rx.event
    async def open(self):
        self.form_error = ""
        self.errors = {}
        self.registering = False
        self.sent_to = self.resend_notice = ""
        if await self._remember_signed_in() is not None:
            return rx.redirect("/", replace=True)

    @rx.event
    async def submit(self, form_data: dict):
        self.form_error = ""
        self.errors = {}
        checked = inputs.form(form_data, REGISTER_FIELDS)
        if checked is None:
            self.form_error = message_for(ErrorCode.VALIDATION_ERROR)
            return
        values, refused = checked
        if refused:
            self.errors = refused
            return
        verify = config.settings.email_verification_enabled
        # bcrypt runs in the worker thread, with the rest of the registration.
        result = await gateway.anonymous(_register_unverified if verify else _register, **values)
        if not result.ok:
            self.errors = {k: v for k, v in result.field_errors.items() if k in REGISTER_FIELDS}
            if not self.errors:
                self.form_error = result.message
            return
        if verify:
            self.sent_to = result.value
            return
        self.registering = True
        return self._handoff(result.value, safe_next(self.router.url.query_parameters.get("next")))

    @rx.event
    async def resend(self):
        """Another link to the address just registered (limited per address; the answer is neutral)."""
        if not self.sent_to:
            return
        result = await gateway.anonymous(_resend, email=self.sent_to)
        self.resend_notice = e.VERIFICATION_RESENT if result.ok else result.message


def _register(session, *, email: str, display_name: str, password: str, confirm_password: str):
    return accounts.register(
        session,
        email=email,
        password=password,
        confirm_password=confirm_password,
        display_name=display_name,
        allowed_domain=settings.allowed_email_domain,
        superadmin_email=settings.superadmin_email,
        clock=system_clock,
    )


def _register_unverified(session, *, email: str, display_name: str, password: str, confirm_password: str):
    return account_mail.register_for_verification(
        session,
        email=email,
        password=password,
        confirm_password=confirm_password,
        display_name=display_name,
        allowed_domain=settings.allowed_email_domain,
        superadmin_email=settings.superadmin_email,
        clock=system_clock,
    )


def _resend(session, *, email: str):
    return account_mail.resend_verification(session, email=email, clock=system_clock)


def _check_your_email() -> rx.Component:
    return rx.vstack(
        form_notice(e.VERIFICATION_SENT),
        rx.text(
            "We sent a link to ",
            rx.text.strong(RegisterState.sent_to),
            ". Open it within 24 hours to activate your account, then sign in.",
            size="2",
        ),
        form_notice(RegisterState.resend_notice),
        rx.hstack(
            rx.button("Resend", variant="soft", on_click=RegisterState.resend, custom_attrs=press_once()),
            rx.link("Go to sign in", href="/login", size="2"),
            spacing="4",
            align="center",
        ),
        spacing="3",
        width="100%",
    )


def _hint() -> str:
    if settings.allowed_email_domain:
        return f"Use your @{settings.allowed_email_domain} address."
    return ""


@rx.page(route="/register", title="Create account · Workflow", on_load=RegisterState.open)
def register_page() -> rx.Component:
    errors = RegisterState.errors
    return public_page(
        auth_card(
            "Create your account",
            "Submit ideas, save drafts and follow their review.",
            form_error(RegisterState.form_error),
            rx.cond(RegisterState.sent_to != "", _check_your_email(), _register_form(errors)),
            rx.text("Already have an account? ", rx.link("Sign in", href="/login"), size="2"),
        )
    )


def _register_form(errors) -> rx.Component:
    return rx.form(
        rx.vstack(
            field(
                "Email",
                "email",
                type="email",
                autocomplete="email",
                hint=_hint(),
                error=errors.get("email", ""),
                placeholder="you@example.com",
            ),
            field(
                "Display name (optional)",
                "display_name",
                autocomplete="name",
                error=errors.get("display_name", ""),
                max_length=50,
                hint="Shown with your ideas. Leave blank to use your email name.",
            ),
            field(
                "Password",
                "password",
                type="password",
                autocomplete="new-password",
                error=errors.get("password", ""),
                hint="8–72 characters with an uppercase letter, a lowercase letter and a number.",
            ),
            field(
                "Confirm password",
                "confirm_password",
                type="password",
                autocomplete="new-password",
                error=errors.get("confirm_password", ""),
            ),
            rx.button(
                rx.cond(RegisterState.registering, "Creating account…", "Create Account"),
                type="submit",
                size="3",
                width="100%",
                disabled=RegisterState.registering,
                custom_attrs=press_once(),
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=RegisterState.submit,
        width="100%",
    )
