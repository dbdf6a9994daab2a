"""Domain records → plain dicts a Reflex state can hold (datetimes as ISO strings)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from enum import Enum
from typing import Any


def iso_utc(moment: datetime) -> str:
    """ISO 8601 with its offset; SQLite hands back naive datetimes, which are UTC here."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def epoch_ms(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp() * 1000 if iso else 0.0


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, Enum):
        return value.value
    if value is None:
        return ""
    return value


def as_row(record: Any) -> dict[str, Any]:
    """The record's top-level fields, flattened for the page (nested records stay dicts)."""
    if dataclasses.is_dataclass(record):
        items = ((f.name, getattr(record, f.name)) for f in dataclasses.fields(record))
    else:
        items = dict(record).items()
    return {name: as_row(value) if dataclasses.is_dataclass(value) else _plain(value) for name, value in items}


def as_rows(records: list[Any]) -> list[dict[str, Any]]:
    return [as_row(r) for r in records]
