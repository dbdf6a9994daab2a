"""The app's logs: one JSON object per line on stderr (ORIGINS C3), for whatever collects them.

`log.info("login.success", extra={"user_id": …})` becomes
`{"time": "…Z", "level": "INFO", "logger": "workflow_app.accounts.domain.accounts", "event": "login.success",
"user_id": "…"}`. Nothing secret is written: fields named like a password or secret are
replaced, tokens and tickets are cut to their first 8 characters, and a traceback is one
field of its line.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

_STANDARD = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}
_SECRET = ("password", "secret", "authorization", "cookie")
_TOKEN = ("token", "ticket")
TOKEN_SHOWN = 8


def _field(name: str, value: Any) -> Any:
    lowered = name.lower()
    if any(word in lowered for word in _SECRET):
        return "[redacted]"
    if any(word in lowered for word in _TOKEN):
        return str(value)[:TOKEN_SHOWN]
    return value


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "event": record.getMessage(),
        }
        for name, value in vars(record).items():
            if name not in _STANDARD and not name.startswith("_"):
                line[name] = _field(name, value)
        if record.exc_info:
            line["traceback"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


def configure(level: int = logging.INFO) -> None:
    """The `workflow_app` loggers write JSON lines to stderr (once, however often it is called)."""
    logger = logging.getLogger("workflow_app")
    if any(isinstance(h.formatter, JsonLines) for h in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines())
    logger.addHandler(handler)
    logger.setLevel(level)
