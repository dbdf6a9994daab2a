"""/login — sign in with email and password."""

from __future__ import annotations

import reflex as rx

from workflow_app.auth.redirects import safe_next
from workflow_app.components.forms import field, form_error
from workflow_app.components.layout import public_page
from workflow_app.db import open_session
from workflow_app.domain import accounts
from workflow_app.domain.clock import system_clock
from workflow_app.state.session import SessionState


class LoginState(SessionState):
    login_error: str = ""
    email_error: str = ""
    password_error: str = ""
    signing_in: bool = False

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
    def open(self):
        self._remember(self._current_actor())
        self.login_error = self.email_error = self.password_error = ""
        if self.signed_in:
            return rx.redirect(safe_next(self.router.url.query_parameters.get("next")), replace=True)

    @rx.event
    def submit(self, form_data: dict):
        self.login_error = self.email_error = self.password_error = ""
        with open_session() as session:
            result = accounts.sign_in(
                session, email=form_data.get("email", ""), password=form_data.get("password", ""),
                clock=system_clock,
            )
        if not result.ok:
            self.email_error = result.field_errors.get("email", "")
            self.password_error = result.field_errors.get("password", "")
            if not result.field_errors:
                self.login_error = result.message
            return
        self.signing_in = True
        return self._handoff(result.value, safe_next(self.router.url.query_parameters.get("next")))


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
            rx.form(
                rx.vstack(
                    field("Email", "email", type="email", autocomplete="email",
                          error=LoginState.email_error, placeholder="you@example.com"),
                    field("Password", "password", type="password", autocomplete="current-password",
                          error=LoginState.password_error),
                    rx.button(
                        rx.cond(LoginState.signing_in, "Signing in…", "Sign In"),
                        type="submit", size="3", width="100%", disabled=LoginState.signing_in,
                    ),
                    spacing="4",
                    width="100%",
                ),
                on_submit=LoginState.submit,
                width="100%",
            ),
            rx.text(
                "No account yet? ",
                rx.link("Create one", href=LoginState.register_href),
                size="2",
            ),
        )
    )
