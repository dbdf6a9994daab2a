"""Who is signed in, for every page. Re-read from the database on each page load."""

from __future__ import annotations

import json
import logging
from urllib.parse import quote, urlencode

import reflex as rx

from workflow_app.accounts.domain import sessions
from workflow_app.core.actor import Actor
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.models.enums import ROLE_LABELS, Role
from workflow_app.notifications import inbox
from workflow_app.ui import gateway
from workflow_app.ui.components import keep_typed

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
    # The session (its token's digest) this tab's state was filled for; "" when nobody's.
    _filled_for: str = ""

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

    async def _call(self, work, /, *args, **kwargs) -> gateway.Call:
        """`work(session, actor, ...)` in a worker thread for whoever the session cookie says is signed in
        now, with the role the database holds now (role changes apply at once)."""
        return await gateway.as_actor(self._cookie_token(), work, *args, **kwargs)

    def _remember(self, actor: Actor | None, unread: int = 0) -> None:
        if self.user_id and (actor is None or actor.user_id != self.user_id):
            # Someone signed out, or someone else signed in, on this tab: the state is keyed by
            # the tab, not the person, so nothing the previous person saw may stay in it.
            self._get_root_state().reset()
        self._filled_for = sessions.token_digest(self._cookie_token()) if actor else ""
        scheme = "https" if self._page_origin().startswith("https") else "http"
        self.api_origin = f"{scheme}://{self.router.headers.host}" if self.router.headers.host else ""
        self.user_id = actor.user_id if actor else ""
        self.display_name = actor.display_name if actor else ""
        self.email = actor.email if actor else ""
        self.role = actor.role.value if actor else ""
        self.auth_checked = True
        self.unread_notifications = unread if actor else 0

    async def _remember_signed_in(self) -> Actor | None:
        call = await self._call(inbox.unread_count)
        self._remember(call.actor, call.value or 0)
        return call.actor

    def _login_redirect(self):
        url = self.router.url
        here = url.path + (f"?{url.query}" if url.query else "")
        return rx.redirect(f"/login?next={quote(here, safe='')}", replace=True)

    def _signed_out(self) -> list:
        """An action found the session ended: say so, then go to sign-in (never a success toast)."""
        return [rx.toast.error(message_for(ErrorCode.UNAUTHENTICATED)), self._login_redirect()]

    def _handoff(self, ticket: str, next_path: str):
        """Full page load through the cookie route, which then opens `next_path`."""
        query = urlencode({"ticket": ticket, "next": next_path, "origin": self._page_origin()})
        return rx.call_script(f"window.location.assign({json.dumps(f'{self.api_origin}/api/auth/handoff?{query}')})")

    @staticmethod
    async def forget_previous_person(root: rx.State) -> None:
        """Before a page load sends the tab's whole state: when it was filled for another session
        than the cookie now says (signed out, someone else, or a client replaying the tab's
        token), it is emptied first. No database: the cookie is compared with what was stored."""
        state = await root.get_state(SessionState)
        cookie = sessions.token_digest(state._cookie_token())
        if state._filled_for and state._filled_for != cookie:
            root.reset()
            state._filled_for = ""

    @rx.event
    async def require_signed_in(self):
        if await self._remember_signed_in() is None:
            return self._login_redirect()

    @rx.event
    def sign_out(self):
        """POSTs to the cookie route, which revokes the session and clears the cookie."""
        script = (
            keep_typed.FORGET_ALL + " const f = document.createElement('form'); f.method = 'post';"
            f" f.action = {json.dumps(self.logout_action)};"
            " document.body.appendChild(f); f.submit();"
        )
        return rx.call_script(script)

    @rx.event
    async def load_optional(self):
        """For pages anyone may see (login, register, 404): shows the header right."""
        await self._remember_signed_in()
