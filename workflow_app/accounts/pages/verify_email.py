"""/verify-email?token=… — the link mailed at registration; checked on the server (ORIGINS C2)."""

from __future__ import annotations

import reflex as rx

from workflow_app.accounts.domain import verification
from workflow_app.accounts.pages.login import auth_card
from workflow_app.core import errors as e
from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.ui import gateway, inputs
from workflow_app.ui.components.forms import form_error, form_notice, link_button
from workflow_app.ui.components.layout import public_page
from workflow_app.ui.session import SessionState

TOKEN_INPUT_MAX = 64  # the link's token is 64 hex digits; anything longer is no token of ours
ALREADY_VERIFIED_PAUSE_MS = 1500  # long enough to read "Already verified" before sign-in opens


class VerifyEmailState(SessionState):
    checked: bool = False
    verified: bool = False
    message: str = ""

    @rx.event
    async def check(self):
        self.checked, self.verified, self.message = False, False, ""
        token = inputs.short_text(self.router.url.query_parameters.get("token", ""), limit=TOKEN_INPUT_MAX)
        result = await gateway.anonymous(_verify, token=token)
        self.checked = True
        if result.ok:
            self.verified, self.message = True, e.EMAIL_VERIFIED
            return
        self.message = result.message
        if result.code == ErrorCode.ALREADY_VERIFIED:
            return rx.call_script(f"setTimeout(() => window.location.assign('/login'), {ALREADY_VERIFIED_PAUSE_MS})")


def _verify(session, *, token: str):
    return verification.verify_email(session, token=token, clock=system_clock)


def _outcome() -> rx.Component:
    already = VerifyEmailState.message == message_for(ErrorCode.ALREADY_VERIFIED)
    return rx.vstack(
        rx.cond(
            VerifyEmailState.verified | already,
            form_notice(VerifyEmailState.message),
            form_error(VerifyEmailState.message),
        ),
        rx.cond(already, rx.text("Taking you to sign in…", size="2", color_scheme="gray")),
        rx.cond(
            VerifyEmailState.verified | already,
            link_button("Sign In", size="3", href="/login"),
            rx.text(
                "Sign in with your password to ask for a new link. ", rx.link("Go to sign in", href="/login"), size="2"
            ),
        ),
        spacing="3",
        width="100%",
    )


@rx.page(route="/verify-email", title="Verify email · Workflow", on_load=VerifyEmailState.check)
def verify_email_page() -> rx.Component:
    return public_page(
        auth_card(
            "Verify your email",
            "Activating your account.",
            rx.cond(VerifyEmailState.checked, _outcome(), rx.center(rx.spinner(size="3"), aria_label="Checking")),
        )
    )
