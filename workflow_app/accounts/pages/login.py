"""/login — sign in with email and password."""

from __future__ import annotations

import asyncio

import reflex as rx

from workflow_app import config
from workflow_app.accounts.domain import accounts
from workflow_app.accounts.domain.redirects import safe_next
from workflow_app.core import errors as e
from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.notifications import account_mail
from workflow_app.ui import gateway, inputs
from workflow_app.ui.components.forms import field, form_error, form_notice, press_once
from workflow_app.ui.components.layout import public_page
from workflow_app.ui.session import SessionState

EMAIL_INPUT_MAX = 320  # the domain refuses more than 255 after trimming; room for the whitespace
PASSWORD_INPUT_MAX = 72  # no password the policy allows is longer (it counts UTF-8 bytes, ≤ 72)
SIGN_IN_FIELDS = {
    "email": (EMAIL_INPUT_MAX, e.EMAIL_INVALID),
    "password": (PASSWORD_INPUT_MAX, e.PASSWORD_TOO_LONG),
}
# bcrypt is CPU bound and the server has two cores: at most two checks at a time, process-wide.
SIGN_IN_SLOTS = 2
SIGN_IN_WAIT_SECONDS = 5.0
TOO_MANY_SIGN_INS = "Too many sign-ins right now. Please try again in a moment."
_sign_in_slots = asyncio.Semaphore(SIGN_IN_SLOTS)


async def _sign_in_when_free(email: str, password: str):
    """The sign-in result, or None when no slot came free within SIGN_IN_WAIT_SECONDS."""
    try:
        async with asyncio.timeout(SIGN_IN_WAIT_SECONDS):
            await _sign_in_slots.acquire()
    except TimeoutError:
        return None
    try:
        return await gateway.anonymous(_sign_in, email=email, password=password)
    finally:
        _sign_in_slots.release()


def _sign_in(session, *, email: str, password: str):
    return accounts.sign_in(
        session,
        email=email,
        password=password,
        require_verified=config.settings.email_verification_enabled,
        clock=system_clock,
    )


def _resend_verification(session, *, email: str):
    return account_mail.resend_verification(session, email=email, clock=system_clock)


class LoginState(SessionState):
    login_error: str = ""
    email_error: str = ""
    password_error: str = ""
    signing_in: bool = False
    # The address refused as unverified (with the right password): it may ask for a new link.
    unverified_email: str = ""
    resend_notice: str = ""

    @rx.var
    def notice(self) -> str:
        if self.router.url.query_parameters.get("expired"):
            return "Your sign-in took too long. Please sign in again."
        return ""

    @rx.var
    def register_href(self) -> str:
        nxt = self.router.url.query_parameters.get("next", "")
        return f"/register?next={nxt}" if nxt else "/register"

    @rx.event
    async def open(self):
        self.login_error = self.email_error = self.password_error = ""
        self.unverified_email = self.resend_notice = ""
        self.signing_in = False
        if await self._remember_signed_in() is not None:
            return rx.redirect(safe_next(self.router.url.query_parameters.get("next")), replace=True)

    @rx.event
    async def submit(self, form_data: dict):
        self.login_error = self.email_error = self.password_error = ""
        self.unverified_email = self.resend_notice = ""
        checked = inputs.form(form_data, SIGN_IN_FIELDS)
        if checked is None:
            self.login_error = message_for(ErrorCode.VALIDATION_ERROR)
            return
        values, refused = checked
        if refused:
            self.email_error, self.password_error = refused.get("email", ""), refused.get("password", "")
            return
        self.signing_in = True
        yield  # the button says "Signing in…" while a slot is awaited and bcrypt runs
        result = await _sign_in_when_free(values["email"], values["password"])
        if result is None:
            self.signing_in, self.login_error = False, TOO_MANY_SIGN_INS
            return
        if not result.ok:
            self.signing_in = False
            self.email_error = result.field_errors.get("email", "")
            self.password_error = result.field_errors.get("password", "")
            if not result.field_errors:
                self.login_error = result.message
            if result.code == ErrorCode.EMAIL_NOT_VERIFIED:
                self.unverified_email = values["email"]
            return
        yield self._handoff(result.value, safe_next(self.router.url.query_parameters.get("next")))

    @rx.event
    async def resend_verification(self):
        if not self.unverified_email:
            return
        result = await gateway.anonymous(_resend_verification, email=self.unverified_email)
        self.resend_notice = e.VERIFICATION_RESENT if result.ok else result.message


def auth_card(title: str, subtitle: str, *children: rx.Component) -> rx.Component:
    return rx.center(
        rx.card(
            rx.vstack(
                rx.heading(title, size="7"),
                rx.text(subtitle, color_scheme="gray"),
                *children,
                spacing="4",
                width="100%",
            ),
            size="4",
            width="100%",
            max_width="440px",
        ),
        padding_top="4em",
    )


@rx.page(route="/login", title="Sign in · Workflow", on_load=LoginState.open)
def login_page() -> rx.Component:
    return public_page(
        auth_card(
            "Sign in",
            "Welcome back. Sign in to continue.",
            rx.cond(
                LoginState.notice != "",
                rx.callout(LoginState.notice, icon="info", role="status", width="100%"),
            ),
            form_error(LoginState.login_error),
            rx.cond(
                LoginState.unverified_email != "",
                rx.button(
                    "Resend verification email",
                    variant="soft",
                    on_click=LoginState.resend_verification,
                    custom_attrs=press_once(),
                ),
            ),
            form_notice(LoginState.resend_notice),
            rx.form(
                rx.vstack(
                    field(
                        "Email",
                        "email",
                        type="email",
                        autocomplete="email",
                        error=LoginState.email_error,
                        placeholder="you@example.com",
                    ),
                    field(
                        "Password",
                        "password",
                        type="password",
                        autocomplete="current-password",
                        error=LoginState.password_error,
                    ),
                    rx.button(
                        rx.cond(LoginState.signing_in, "Signing in…", "Sign In"),
                        type="submit",
                        size="3",
                        width="100%",
                        disabled=LoginState.signing_in,
                        custom_attrs=press_once(),
                    ),
                    spacing="4",
                    width="100%",
                ),
                on_submit=LoginState.submit,
                width="100%",
            ),
            rx.hstack(
                rx.text(
                    "No account yet? ",
                    rx.link("Create one", href=LoginState.register_href),
                    size="2",
                ),
                rx.link("Forgot password?", href="/forgot-password", size="2"),
                justify="between",
                width="100%",
                wrap="wrap",
            ),
        )
    )
