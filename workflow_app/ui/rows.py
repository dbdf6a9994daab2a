"""Domain records → what a Reflex state can hold: plain dicts, or a page's own typed rows (datetimes as
ISO strings, a missing value as "")."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from enum import Enum
from typing import Any, TypeVar

Row = TypeVar("Row")


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


def as_page_row(row_type: type[Row], record: Any, **given: Any) -> Row:
    """The page's row (a dataclass) from a domain record: each field not `given` is the record's
    attribute of the same name, plain as in `as_row`."""
    taken = (f.name for f in dataclasses.fields(row_type) if f.name not in given)
    return row_type(**{name: _plain(getattr(record, name)) for name in taken}, **given)
