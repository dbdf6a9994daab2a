"""Sending mail over SMTP without ever blocking or failing the action that caused it.

Settings are read from the environment when a message goes out (not at import), so a test or
an operator can point mail elsewhere without restarting anything.
"""

from __future__ import annotations

import logging
import os
import smtplib
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from email.message import EmailMessage

log = logging.getLogger("workflow_app.mail")

_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class MailSettings:
    host: str = "localhost"
    port: int = 1025
    user: str = ""
    password: str = ""
    starttls: bool = False
    sender: str = "Workflow <no-reply@localhost>"
    base_url: str = "http://localhost:3000"
    enabled: bool = True
    timeout: float = 5.0

    def link(self, path: str) -> str:
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in _TRUE


def mail_settings() -> MailSettings:
    defaults = MailSettings()
    return MailSettings(
        host=_env("SMTP_HOST", defaults.host),
        port=int(_env("SMTP_PORT", str(defaults.port))),
        user=os.environ.get("SMTP_USER", ""),
        password=os.environ.get("SMTP_PASSWORD", ""),
        starttls=_flag("SMTP_STARTTLS", defaults.starttls),
        sender=_env("MAIL_FROM", defaults.sender),
        # The first address the app is served from (APP_BASE_URL may list several).
        base_url=_env("APP_BASE_URL", defaults.base_url).split(",")[0].strip().rstrip("/") or defaults.base_url,
        enabled=_flag("SMTP_ENABLED", defaults.enabled),
        timeout=float(_env("SMTP_TIMEOUT", str(defaults.timeout))),
    )


def send_email(message: EmailMessage, settings: MailSettings | None = None) -> None:
    """Sends now, on the calling thread; raises on failure (dispatch() is the safe wrapper)."""
    settings = settings or mail_settings()
    if "From" not in message:
        message["From"] = settings.sender
    with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as smtp:
        if settings.starttls:
            smtp.starttls()
        if settings.user:
            smtp.login(settings.user, settings.password)
        smtp.send_message(message)


# Two workers: mail is rare, and a slow server must not pile up threads.
_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="mail")
_pending: set[Future[None]] = set()
_pending_lock = threading.Lock()


def _describe(message: EmailMessage) -> str:
    return f"{message.get('Subject', '')!r} to {message.get('To', '')}"


def _send_logged(message: EmailMessage, settings: MailSettings) -> None:
    try:
        send_email(message, settings)
        log.info("Sent email %s", _describe(message))
    except Exception:
        log.exception("Could not send email %s via %s:%s", _describe(message), settings.host, settings.port)


def _forget(future: Future[None]) -> None:
    with _pending_lock:
        _pending.discard(future)


def dispatch(message: EmailMessage) -> None:
    """Queues the message for sending in the background; never raises, never blocks."""
    try:
        settings = mail_settings()
        if not settings.enabled:
            log.info("Mail disabled (SMTP_ENABLED=false); not sending %s", _describe(message))
            return
        future = _pool.submit(_send_logged, message, settings)
        with _pending_lock:
            _pending.add(future)
        future.add_done_callback(_forget)
    except Exception:
        log.exception("Could not queue email %s", _describe(message))


def wait_for_outbox(timeout: float = 10.0) -> bool:
    """Waits until every queued message was handed over (or failed); True if all finished."""
    with _pending_lock:
        futures = list(_pending)
    _, not_done = wait(futures, timeout=timeout)
    return not not_done
