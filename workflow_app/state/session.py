"""Who is signed in, for every page. Re-read from the database on each page load."""

from __future__ import annotations

import json
import logging
from urllib.parse import quote, urlencode

import reflex as rx

from workflow_app.auth import sessions
from workflow_app.db import open_session
from workflow_app.domain.actor import Actor
from workflow_app.domain.clock import system_clock
from workflow_app.models.enums import ROLE_LABELS, Role
from workflow_app.notifications import inbox

log = logging.getLogger(__name__)


class SessionState(rx.State):
    user_id: str = ""
    display_name: str = ""
    email: str = ""
    role: str = ""
    auth_checked: bool = False
    unread_notifications: int = 0
    # Where this browser reaches the backend (another port in development, the same in prod).
    api_origin: str = ""

    @rx.var
    def signed_in(self) -> bool:
        return self.user_id != ""

    @rx.var
    def role_label(self) -> str:
        return ROLE_LABELS.get(Role(self.role), self.role) if self.role else ""

    @rx.var
    def is_admin(self) -> bool:
        return self.role in (Role.ADMIN.value, Role.SUPERADMIN.value)

    @rx.var
    def logout_action(self) -> str:
        return f"{self.api_origin}/api/auth/logout?{urlencode({'origin': self._page_origin()})}"

    def _page_origin(self) -> str:
        return self.router.url.origin if self.router.url else ""

    def _cookie_token(self) -> str | None:
        return sessions.token_from_cookie_header(self.router.headers.cookie)

    def _current_actor(self) -> Actor | None:
        """The signed-in actor as the database says now (role changes apply at once)."""
        with open_session() as session:
            return sessions.actor_for_token(session, self._cookie_token(), clock=system_clock)

    def _remember(self, actor: Actor | None) -> None:
        scheme = "https" if self._page_origin().startswith("https") else "http"
        self.api_origin = f"{scheme}://{self.router.headers.host}" if self.router.headers.host else ""
        self.user_id = actor.user_id if actor else ""
        self.display_name = actor.display_name if actor else ""
        self.email = actor.email if actor else ""
        self.role = actor.role.value if actor else ""
        self.auth_checked = True
        self.unread_notifications = self._unread(actor) if actor else 0

    def _unread(self, actor: Actor) -> int:
        with open_session() as session:
            return inbox.unread_count(session, actor)

    def _login_redirect(self):
        url = self.router.url
        here = url.path + (f"?{url.query}" if url.query else "")
        return rx.redirect(f"/login?next={quote(here, safe='')}", replace=True)

    def _handoff(self, ticket: str, next_path: str):
        """Full page load through the cookie route, which then opens `next_path`."""
        query = urlencode({"ticket": ticket, "next": next_path, "origin": self._page_origin()})
        return rx.call_script(f"window.location.assign({json.dumps(f'{self.api_origin}/api/auth/handoff?{query}')})")

    @rx.event
    def require_signed_in(self):
        actor = self._current_actor()
        self._remember(actor)
        if actor is None:
            return self._login_redirect()

    @rx.event
    def sign_out(self):
        """POSTs to the cookie route, which revokes the session and clears the cookie."""
        script = (
            "const f = document.createElement('form'); f.method = 'post';"
            f" f.action = {json.dumps(self.logout_action)};"
            " document.body.appendChild(f); f.submit();"
        )
        return rx.call_script(script)

    @rx.event
    def load_optional(self):
        """For pages anyone may see (login, register, 404): shows the header right."""
        self._remember(self._current_actor())
