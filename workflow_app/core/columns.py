"""Columns as the lists read them: hundreds of rows a page, so the cost per value counts.

SQLModel's UTCDateTime gives each time as an aware UTC datetime through a TypeDecorator; on
SQLite that is the driver's text parsed, then `datetime.replace(tzinfo=UTC)`, about 2.5 µs a
value in all: a third of My Ideas' 1,000 rows. `utc_time` gives the same datetime (UTC, its
`tzinfo` the `datetime.UTC` object) from the stored text in one `fromisoformat`. On PostgreSQL
the driver already gives aware datetimes (in UTC: db.make_engine sets the session's TimeZone).
`stored` reads a column without its result conversion: an enum column as its stored value.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine.interfaces import Dialect
from sqlalchemy.sql.elements import Label


def utc_from_stored(value: str | datetime) -> datetime:
    """A time as a driver gives it (SQLite: text, PostgreSQL: a datetime) as an aware UTC datetime."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    try:  # SQLAlchemy stores UTC as "YYYY-MM-DD HH:MM:SS.ffffff", without an offset
        return datetime.fromisoformat(value + "+00:00")
    except ValueError:  # text written some other way (with its own offset)
        return utc_from_stored(datetime.fromisoformat(value))


def _from_sqlite(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:  # utc_from_stored's first case, inline: this runs once a value
        return datetime.fromisoformat(value + "+00:00")
    except ValueError:
        return utc_from_stored(value)


def _in_utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class _UTCTime(sa.types.UserDefinedType[datetime]):
    """Read-only: only ever the type of a selected column (type_coerce), never of a table's."""

    cache_ok = True

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        return _from_sqlite if dialect.name == "sqlite" else _in_utc


def utc_time(column: sa.Column[Any]) -> Label[datetime]:
    """The time column, selected under its own name, read as an aware UTC datetime."""
    return sa.type_coerce(column, _UTCTime()).label(column.key)


def stored(column: sa.Column[Any]) -> Label[str]:
    """The column, selected under its own name, as the text it holds (no Enum built)."""
    return sa.type_coerce(column, sa.String()).label(column.key)
