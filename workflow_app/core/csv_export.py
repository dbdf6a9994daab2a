"""What the CSV downloads share: cells a spreadsheet will not run, UTC times, and CSV text.

The audit log (core/audit_log.py), the ideas (ideas/domain/idea_export.py) and the library's
descriptors (descriptors/domain/library_export.py) are each streamed in chunks, one keyset
range at a time; each chunk's rows become one piece of CSV text through these helpers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection");
# the same set as audit_log.FORMULA_STARTS (a test keeps the two equal).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Items of a list column (tags, categories, skills) within one cell.
LIST_SEPARATOR = "; "


def defused(cell: str) -> str:
    """The cell as text a spreadsheet shows instead of running: a leading quote before a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def safe_cells(values: Iterable[object]) -> list[str]:
    """Each value as a defused cell: None is empty, a list is its items joined."""
    return [defused(_text(value)) for value in values]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, datetime):
        return utc_text(value)
    return str(getattr(value, "value", value))  # an enum's value, not its name


def utc_text(moment: datetime | None) -> str:
    """ISO 8601 in UTC to the second; a naive time (SQLite's) is taken as UTC already."""
    if moment is None:
        return ""
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def csv_text(records: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(records)
    return buffer.getvalue()
