"""The app's log lines: JSON, one per event, nothing secret (ORIGINS C3)."""

from __future__ import annotations

import json
import logging

from workflow_app.logs import JsonLines


def line(message: str, **extra) -> dict:
    record = logging.makeLogRecord(
        {
            "name": "workflow_app.accounts.domain.accounts",
            "levelname": "INFO",
            "levelno": logging.INFO,
            "msg": message,
            **extra,
        }
    )
    return json.loads(JsonLines().format(record))


def test_an_event_is_one_json_object_with_its_fields():
    entry = line("login.success", user_id="u-1")
    assert entry["event"] == "login.success" and entry["user_id"] == "u-1"
    assert entry["level"] == "INFO" and entry["logger"] == "workflow_app.accounts.domain.accounts"
    assert entry["time"].endswith("Z")


def test_tokens_are_cut_to_8_characters_and_secrets_never_written():
    entry = line(
        "handoff", token="abcdefghijklmnop", login_ticket="0123456789", password="Secret123", cron_secret="s" * 40
    )
    assert entry["token"] == "abcdefgh" and entry["login_ticket"] == "01234567"
    assert entry["password"] == entry["cron_secret"] == "[redacted]"
    assert "Secret123" not in json.dumps(entry)


def test_a_traceback_stays_inside_its_line():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        record = logging.makeLogRecord(
            {"name": "workflow_app", "levelname": "ERROR", "levelno": 40, "msg": "failed", "exc_info": sys.exc_info()}
        )
    text = JsonLines().format(record)
    assert "\n" not in text
    assert "RuntimeError: boom" in json.loads(text)["traceback"]
