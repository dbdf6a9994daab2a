"""Marking-scheme workbooks built with openpyxl for the import tests (no binaries shipped)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

HEADER = ["Code", "Criterion", "Excellent", "Good", "Pass", "Below Pass", "Category"]


def workbook_bytes(
    sheets: dict[str, Sequence[Sequence[Any]]] | None = None,
    *,
    rows: Sequence[Sequence[Any]] = (),
    merges: dict[str, Sequence[str]] | None = None,
) -> bytes:
    """A workbook of these sheets (name → rows), or of one "Marking Scheme" sheet of HEADER
    and ``rows``; ``merges`` names each sheet's merged ranges ("A2:A4")."""
    sheets = sheets if sheets is not None else {"Marking Scheme": [HEADER, *rows]}
    book = Workbook()
    book.remove(book.active)
    for name, sheet_rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in sheet_rows:
            sheet.append(list(row))
        for ref in (merges or {}).get(name, ()):
            sheet.merge_cells(ref)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def scheme_rows(count: int, *, prefix: str = "A", category: str | None = "Safety") -> list[list[Any]]:
    return [
        [
            f"{prefix}{i}",
            f"Criterion number {i} of the scheme",
            f"Excellent work {i}",
            f"Good work {i}",
            f"Pass work {i}",
            f"Below pass {i}",
            category if i == 1 else None,
        ]
        for i in range(1, count + 1)
    ]
