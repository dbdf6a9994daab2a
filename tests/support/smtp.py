"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the mail tests."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from workflow_app.notifications import email as mail


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Collector:
    """An aiosmtpd handler keeping every message it is given."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        self.received.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"

    def delivered(self) -> list[tuple[list[str], EmailMessage]]:
        assert mail.wait_for_outbox(10)
        return self.received


@contextmanager
def local_smtp(monkeypatch, *, base_url: str) -> Iterator[Collector]:
    """Points the app's mail settings at a fresh loopback server for the length of a test."""
    collector = Collector()
    port = free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    for name in ("SMTP_USER", "SMTP_PASSWORD", "SMTP_STARTTLS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(port))
    monkeypatch.setenv("SMTP_ENABLED", "true")
    monkeypatch.setenv("MAIL_FROM", "Workflow <no-reply@workflow.example>")
    monkeypatch.setenv("APP_BASE_URL", base_url)
    try:
        yield collector
    finally:
        mail.wait_for_outbox(10)
        controller.stop()
