"""A socket.io client that speaks Reflex 0.10's `/_event` protocol, as the browser does.

What the browser does (reflex_base/.templates/web/utils/state.js, reflex/app.py EventNamespace):
- it connects to namespace `/_event` (engine.io path `/_event` too) over a websocket with
  `?token=<client token>` (one token per tab,
  kept in sessionStorage; the state on the server is keyed by it) and sends the page's
  `hydrate_and_load` event in the socket.io CONNECT packet (`auth={"event": ...}`);
- each event is emitted as socket.io event "event" with
  `{"name": "<full state path>.<handler>", "payload": {arg: value}, "router_data": {...}}`,
  where router_data carries the page's `pathname`, `asPath` and `query` (the route's dynamic
  arguments, e.g. `idea_id`, travel in `query`);
- the backend answers with socket.io events "event" carrying `{"delta": {state path: {var:
  value}}, "events": [...]}`; `events` holds what the browser must run, e.g. `_call_script`.

The HTTP headers of the websocket request (Cookie, Host) are what `self.router.headers` shows
to every handler of that connection.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin

import httpx
import socketio

ROOT_STATE = "reflex___state____state"
NAMESPACE = "/_event"  # the socket.io namespace, and also the engine.io path
FIELD_MARKER = "_rx_state_"  # every var in a delta is named `<var>_rx_state_`
Update = dict[str, Any]


class _AsciiJson:
    """The JSON socket.io encodes packets with: escapes for everything outside ASCII, so a
    test can send what JSON allows and UTF-8 does not (a lone surrogate), as any client can."""

    @staticmethod
    def dumps(obj: Any, **kwargs: Any) -> str:
        return json.dumps(obj, ensure_ascii=True, **{k: v for k, v in kwargs.items() if k != "ensure_ascii"})

    @staticmethod
    def loads(text: str | bytes, **kwargs: Any) -> Any:
        return json.loads(text, **kwargs)


def event_name(state_cls: type, handler: str) -> str:
    """`reflex___state____state.<…>.<handler>`: how the browser addresses a handler."""
    return f"{state_cls.get_full_name()}.{handler}"


def router_data(path: str, query: dict[str, str] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"pathname": path, "asPath": path}
    if query:
        data["query"] = dict(query)
    return data


class ReflexClient:
    """One browser tab: a client token, an optional cookie, one socket at a time."""

    def __init__(
        self, base_url: str, *, token: str | None = None, cookie: str | None = None, http_session: Any = None
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token or str(uuid.uuid4())
        self.cookie = cookie
        self.http_session = http_session  # one shared aiohttp session for many tabs (bench/)
        self.sio: socketio.AsyncClient | None = None
        self.updates: list[Update] = []
        self._changed = asyncio.Event()
        self.path = "/"
        self.query: dict[str, str] = {}
        # Optional hook on every update (the bench timestamps replies without scanning lists).
        self.on_update: Callable[[Update], None] | None = None

    # --- connection -------------------------------------------------------------------------

    async def connect(self, path: str, query: dict[str, str] | None = None, *, timeout: float = 15) -> Update:
        """Opens the page `path` like a page load: connect with the hydrate event, wait until the
        page's on_load handlers ran (`is_hydrated`); returns the hydrate snapshot."""
        await self.disconnect()
        self.path, self.query = path, dict(query or {})
        self.updates.clear()
        options = {"http_session": self.http_session} if self.http_session is not None else {}
        self.sio = socketio.AsyncClient(reconnection=False, json=_AsciiJson, **options)
        self.sio.on("event", self._received, namespace=NAMESPACE)
        self.sio.on("new_token", self._new_token, namespace=NAMESPACE)
        boot = {"name": f"{ROOT_STATE}.hydrate_and_load", "payload": {}, "router_data": router_data(path, self.query)}
        headers = {"Origin": self.base_url, **({"Cookie": self.cookie} if self.cookie else {})}
        await self.sio.connect(
            f"{self.base_url}?token={self.token}",
            headers=headers,
            auth={"event": boot},
            transports=["websocket"],
            namespaces=[NAMESPACE],
            socketio_path=NAMESPACE,
            wait_timeout=timeout,
        )
        snapshot = await self.wait_for(lambda u: ROOT_STATE in u.get("delta", {}), timeout=timeout)
        await self.wait_for(
            lambda u: u.get("delta", {}).get(ROOT_STATE, {}).get("is_hydrated" + FIELD_MARKER) is True,
            timeout=timeout,
        )
        return snapshot

    async def disconnect(self) -> None:
        if self.sio is not None:
            sio, self.sio = self.sio, None
            await sio.disconnect()

    async def _received(self, data: Any) -> None:
        update = json.loads(data) if isinstance(data, str) else data
        if self.on_update is not None:
            self.on_update(update)
            return
        self.updates.append(update)
        self._changed.set()

    async def _new_token(self, token: str) -> None:
        self.token = token

    # --- events -----------------------------------------------------------------------------

    async def emit(self, state_cls: type, handler: str, **payload: Any) -> None:
        """Sends `handler(**payload)` of `state_cls` from the current page."""
        assert self.sio is not None, "connect first"
        await self.sio.emit(
            "event",
            {
                "name": event_name(state_cls, handler),
                "payload": payload,
                "router_data": router_data(self.path, self.query),
            },
            namespace=NAMESPACE,
        )

    async def wait_for(self, predicate: Callable[[Update], bool], *, timeout: float = 15) -> Update:
        """The first update (received so far or later) for which `predicate` holds."""
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            for update in self.updates[seen:]:
                if predicate(update):
                    return update
            seen = len(self.updates)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no matching update within {timeout} s; got {self.updates[-3:]!r}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                pass

    async def wait_for_var(self, state_cls: type, var: str, value: Any = ..., *, timeout: float = 15) -> Any:
        """Waits until a delta sets `var` of `state_cls` (to `value`, if given); returns the value."""
        name, key = state_cls.get_full_name(), var + FIELD_MARKER

        def matches(update: Update) -> bool:
            changes = update.get("delta", {}).get(name, {})
            return key in changes and (value is ... or changes[key] == value)

        update = await self.wait_for(matches, timeout=timeout)
        return update["delta"][name][key]

    def scripts(self) -> list[str]:
        """Every `_call_script` the backend asked this tab to run, in order."""
        return [
            event["payload"]["javascript_code"]
            for update in self.updates
            for event in update.get("events", [])
            if event.get("name") == "_call_script"
        ]


_ASSIGN = re.compile(r'window\.location\.assign\("([^"]+)"\)')


def handoff_url(script: str) -> str | None:
    """The `/api/auth/handoff?ticket=…` URL a sign-in's call_script sends the browser to."""
    match = _ASSIGN.search(script)
    return json.loads(f'"{match.group(1)}"') if match and "/api/auth/handoff" in match.group(1) else None


async def sign_in(client: ReflexClient, login_state: type, *, email: str, password: str, timeout: float = 30) -> str:
    """The browser's sign-in: LoginState.submit on /login, then the hand-off route sets the cookie.

    Returns the `wf_session` cookie (also kept on `client.cookie` for its next page loads).
    """
    await client.connect("/login")
    seen = len(client.scripts())
    await client.emit(login_state, "submit", form_data={"email": email, "password": password})
    await client.wait_for(lambda u: any(e.get("name") == "_call_script" for e in u.get("events", [])), timeout=timeout)
    url = next(filter(None, map(handoff_url, client.scripts()[seen:])), None)
    if url is None:
        raise AssertionError(f"sign-in gave no hand-off: {client.scripts()[seen:]!r}")
    url = urljoin(client.base_url + "/", url)  # as the browser resolves it against the page
    async with httpx.AsyncClient(follow_redirects=False, timeout=timeout) as http:
        response = await http.get(url)
    if response.status_code != 303 or "wf_session" not in response.cookies:
        raise AssertionError(f"hand-off refused: {response.status_code} {response.headers!r}")
    client.cookie = f"wf_session={response.cookies['wf_session']}"
    return client.cookie
