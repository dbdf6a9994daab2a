"""Columns as the lists read them: hundreds of rows a page, so the cost per value counts.

SQLModel's UTCDateTime gives each time as an aware UTC datetime through a TypeDecorator; on
SQLite that is the driver's text parsed, then `datetime.replace(tzinfo=UTC)`, about 2.5 µs a
value in all: a third of My Ideas' 1,000 rows. `utc_time` gives the same datetime (UTC, its
`tzinfo` the `datetime.UTC` object) for a fifth of that: SQLite appends the offset to the
stored text and `datetime.fromisoformat` reads it; PostgreSQL's driver already gives aware
datetimes (in UTC: db.make_engine sets the session's TimeZone), which `astimezone` keeps.
Either is a C call per value, with no Python function around it.
`stored` reads a column without its result conversion: an enum column as its stored value.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine.interfaces import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import Label
from sqlalchemy.sql.functions import FunctionElement


def utc_from_stored(value: str | datetime) -> datetime:
    """A time as a driver gives it (SQLite: text, PostgreSQL: a datetime) as an aware UTC datetime."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    # SQLAlchemy stores UTC on SQLite as "YYYY-MM-DD HH:MM:SS.ffffff", without an offset.
    return utc_from_stored(datetime.fromisoformat(value))


class _UTCText(FunctionElement[str]):
    """SQLite: the stored text with its offset, "+00:00", which fromisoformat reads as UTC."""

    inherit_cache = True


@compiles(_UTCText)
def _utc_text(element: _UTCText, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)  # type: ignore[no-any-return]


@compiles(_UTCText, "sqlite")
def _utc_text_sqlite(element: _UTCText, compiler: Any, **kw: Any) -> str:
    return f"({compiler.process(element.clauses, **kw)} || '+00:00')"


def _or_none(convert: Callable[[Any], datetime]) -> Callable[[Any], datetime | None]:
    return lambda value: None if value is None else convert(value)


class _UTCTime(sa.types.UserDefinedType[datetime]):
    """Read-only: only ever the type of a selected column (utc_time), never of a table's."""

    cache_ok = True

    def __init__(self, nullable: bool) -> None:
        self.nullable = nullable

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        convert = datetime.fromisoformat if dialect.name == "sqlite" else operator.methodcaller("astimezone", UTC)
        return _or_none(convert) if self.nullable else convert


def utc_time(column: sa.Column[Any]) -> Label[datetime]:
    """The time column, selected under its own name, read as an aware UTC datetime."""
    return sa.type_coerce(_UTCText(column), _UTCTime(bool(column.nullable))).label(column.key)


def stored(column: sa.Column[Any]) -> Label[str]:
    """The column, selected under its own name, as the text it holds (no Enum built)."""
    return sa.type_coerce(column, sa.String()).label(column.key)


def one_of(column: sa.Column[Any], size: int) -> sa.ColumnElement[bool]:
    """`column IN (:one_of_0, …)` with `size` places, for a statement built once: its SQL is the
    same at every execution, where an expanding IN is rendered again each time (a tenth of a
    small page's call). `one_of_values` fills the places; NULL in the unused ones matches nothing."""
    return column.in_([sa.bindparam(f"one_of_{i}", type_=column.type) for i in range(size)])


def one_of_values(values: Sequence[Any], size: int) -> dict[str, Any]:
    return {f"one_of_{i}": values[i] if i < len(values) else None for i in range(size)}


def places_for(count: int) -> int:
    """How many places a `one_of` needs for `count` values: a power of two from 8, so a few
    statements serve every count."""
    return max(8, 1 << max(0, count - 1).bit_length())
