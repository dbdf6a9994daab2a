"""Reading a marking-scheme workbook into descriptor rows, as ORIGINS Part 2 C7 does: the sheet,
the header row, the columns, merged cells, the category carried down, the skill named by the
file, the text normalised, and the row rules with their warnings.

openpyxl reads in read-only mode, row by row: a workbook is never held whole in memory, and a
sheet longer than ``SCAN_ROWS`` is read no further (a zip that inflates to millions of rows
costs a bounded time). Nothing here touches the database.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import PurePath
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from workflow_app.descriptors.domain.import_text import encoding_warnings, normalise

HEADER_SCAN = 20  # rows searched for the header
SCAN_ROWS = 20_000  # rows of a sheet read at most
ROWS_MAX = 5_000  # descriptor rows one workbook may hold
KEEP_NAME_MIN = 5  # a row is kept with a name this long, or with any level
NAME_MIN = 2
NAME_WARN = 500
LEVEL_WARN = 2_000
CODE_MAX = 32  # Descriptor.code
SKILL_MAX = 200
LEVELS = ("score3", "score2", "score1", "score0")
LEVEL_NAMES = {"score3": "Score 3", "score2": "Score 2", "score1": "Score 1", "score0": "Score 0"}
FIELD_NAMES = {"code": "Code", "criterion_name": "Criterion", **LEVEL_NAMES, "category": "Category"}

_HEADER_WORDS = ("criterion", "descriptor", "excellent", "good", "pass", "code", "aspect")
_SHEET_NAMES = ("marking scheme", "ms")
_SHEET_WORDS = ("mark", "criteria")

# ORIGINS C7's header patterns, tried on each header cell in this order; the first field not
# yet taken gets the column. Words of three characters or fewer (and the digits) must be a
# whole word of the header ("No." but not "Notes"); longer ones may be part of one
# ("Subcriteria"). The levels' words come before the codes' and names' so "Below pass" is not a
# pass, and "aspect" alone is a code until a code column exists (then a name).
_COLUMN_PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("code", ("code", "id", "ref", "no", "number")),
    ("score0", ("below", "poor", "unsatisfactory", "fail", "insufficient")),
    ("score3", ("excellent", "exc", "outstanding")),
    ("score2", ("good", "satisfactory")),
    ("score1", ("pass", "acceptable", "adequate", "sufficient")),
    ("criterion_name", ("sub-aspect", "criterion", "criteria", "descriptor", "description")),
    ("code", ("aspect",)),
    ("criterion_name", ("aspect",)),
    ("category", ("category", "section", "module", "area")),
    ("score3", ("4",)),
    ("score2", ("3",)),
    ("score1", ("2",)),
    ("score0", ("1",)),
)

# "01_Industrial_Mechanics_marking_scheme (f).xlsx" → "Industrial Mechanics"
_SKILL_PREFIX = re.compile(r"^\s*\d+[\s_.-]*")
_SKILL_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_SKILL_TAIL = re.compile(r"[\s_-]*marking[\s_-]*scheme.*$", re.IGNORECASE)


class WorkbookUnreadable(Exception):
    """The file is not a workbook openpyxl can read (or has no sheet)."""


@dataclass(frozen=True)
class ImportRow:
    """One descriptor as the workbook gives it, after normalisation."""

    row_number: int  # the sheet's row, 1-based
    code: str
    criterion_name: str
    score3: str | None
    score2: str | None
    score1: str | None
    score0: str | None
    category: str | None
    warnings: tuple[str, ...] = ()
    problem: str | None = None  # set: the row cannot be imported (reported as failed)

    def levels(self) -> tuple[str | None, ...]:
        return (self.score3, self.score2, self.score1, self.score0)


@dataclass
class ParsedWorkbook:
    file_name: str
    skill_name: str  # from the file name unless given; "" when neither names one
    sheet: str = ""
    header_row: int | None = None
    columns: dict[str, str] = field(default_factory=dict)  # field → the header it was read from
    rows: list[ImportRow] = field(default_factory=list)
    problem: str | None = None  # set: nothing of this workbook can be imported
    truncated: bool = False

    @property
    def warnings(self) -> int:
        return sum(1 for r in self.rows if r.warnings)


def skill_from_filename(file_name: str) -> str:
    """ORIGINS C7: the number prefix, bracketed parts and "marking scheme…" dropped,
    underscores read as spaces."""
    stem = PurePath(file_name.replace("\\", "/")).stem
    name = _SKILL_TAIL.sub("", _SKILL_BRACKETS.sub(" ", _SKILL_PREFIX.sub("", stem)))
    return " ".join(name.replace("_", " ").split())[:SKILL_MAX]


def _header_key(text: str) -> tuple[str, frozenset[str]]:
    lowered = text.lower()
    return lowered, frozenset(re.findall(r"[a-z0-9]+", lowered))


def _matches(pattern: str, header: tuple[str, frozenset[str]]) -> bool:
    lowered, words = header
    if len(pattern) <= 3:
        return pattern in words
    return pattern in lowered or pattern.replace("-", " ") in lowered


def map_columns(headers: list[str]) -> dict[str, int]:
    """field → column index for one header row (ORIGINS C7's column patterns)."""
    taken: dict[str, int] = {}
    for index, text in enumerate(headers):
        if not text:
            continue
        key = _header_key(text)
        for name, patterns in _COLUMN_PATTERNS:
            if name not in taken and any(_matches(p, key) for p in patterns):
                taken[name] = index
                break
    return taken


def is_header(cells: list[str]) -> bool:
    """Several cells (two or more) naming one of the header words."""
    return sum(1 for c in cells if c and any(w in c.lower() for w in _HEADER_WORDS)) >= 2


def choose_sheet(names: list[str]) -> str:
    """ "Marking Scheme", then "MS", then the first whose name holds "mark" or "criteria", then
    the first."""
    lowered = [n.strip().lower() for n in names]
    for wanted in _SHEET_NAMES:
        if wanted in lowered:
            return names[lowered.index(wanted)]
    for name, low in zip(names, lowered, strict=True):
        if any(w in low for w in _SHEET_WORDS):
            return name
    return names[0]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


_MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Za-z]{1,3}[0-9]{1,7}:[A-Za-z]{1,3}[0-9]{1,7})\"")
_CHUNK = 1 << 20


def _merged_ranges(worksheet: Any) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges (min_col, min_row, max_col, max_row). Read-only mode does not
    give them: they sit after the rows in the sheet's XML, so the XML is scanned for them first,
    as bytes in chunks (no XML tree, nothing of the rows kept)."""
    refs: list[bytes] = []
    source = worksheet._get_source()  # read-only worksheets open their XML part this way
    tail = b""
    try:
        while chunk := source.read(_CHUNK):
            text = tail + chunk
            cut = text.rfind(b"<")  # a tag cut by the chunk's end is read with the next chunk
            cut = cut if cut > len(text) - 512 else len(text)
            refs += _MERGE_CELL.findall(text, 0, cut)
            tail = text[cut:]
        refs += _MERGE_CELL.findall(tail)
    finally:
        source.close()
    bounds = (range_boundaries(ref.decode()) for ref in refs)
    return [(a, b, c, d) for a, b, c, d in bounds if a and b and c and d]


def _rows_with_merges(worksheet: Any) -> Iterator[list[str]]:
    """Each row's cell texts, a merged cell's others reading its top-left (master) cell."""
    ranges = _merged_ranges(worksheet)
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    for min_col, min_row, max_col, max_row in ranges:
        if (max_col - min_col + 1) * (max_row - min_row + 1) > 10_000:
            continue  # a whole-column merge: nothing of ours to carry
        for r in range(min_row, max_row + 1):
            for c in range(min_col, max_col + 1):
                if (r, c) != (min_row, min_col):
                    covered[(r, c)] = (min_row, min_col)
    masters: dict[tuple[int, int], str] = {}
    master_cells = {(r, c) for r, c in covered.values()}
    widths: dict[int, int] = {}
    for r, c in covered:
        widths[r] = max(widths.get(r, 0), c)
    worksheet.reset_dimensions()  # the stored size can be wrong; read every row there is
    for row_number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if row_number > SCAN_ROWS:
            return
        cells = [_cell_text(v) for v in values]
        if covered:
            width = max(len(cells), widths.get(row_number, 0))
            cells += [""] * (width - len(cells))
            for index in range(width):
                spot = (row_number, index + 1)
                if spot in master_cells:
                    masters[spot] = cells[index]
                elif spot in covered and not cells[index]:
                    cells[index] = masters.get(covered[spot], "")
        yield cells


def _value(cells: list[str], columns: dict[str, int], name: str) -> tuple[str, list[str]]:
    index = columns.get(name)
    raw = cells[index] if index is not None and index < len(cells) else ""
    return normalise(raw), encoding_warnings(raw)


def _row(cells: list[str], columns: dict[str, int], row_number: int, category: str | None) -> ImportRow | None:
    texts: dict[str, str] = {}
    warnings: list[str] = []
    for name in ("code", "criterion_name", *LEVELS):
        texts[name], found = _value(cells, columns, name)
        warnings += [f"{FIELD_NAMES[name]} {w}" for w in found]
    name_text = texts["criterion_name"]
    levels = [texts[n] or None for n in LEVELS]
    if len(name_text) < KEEP_NAME_MIN and not any(levels):
        return None  # a blank, title or total row
    if not any(levels):
        warnings.append("No performance levels")
    if len(name_text) > NAME_WARN:
        warnings.append(f"Criterion name over {NAME_WARN} characters")
    for name, level in zip(LEVELS, levels, strict=True):
        if level and len(level) > LEVEL_WARN:
            warnings.append(f"{LEVEL_NAMES[name]} over {LEVEL_WARN} characters")
    code = texts["code"][:CODE_MAX] or f"R{row_number}"
    problem = None if len(name_text) >= NAME_MIN else f"Criterion name must be at least {NAME_MIN} characters"
    score3, score2, score1, score0 = levels
    return ImportRow(row_number, code, name_text, score3, score2, score1, score0, category, tuple(warnings), problem)


def _open(source: bytes | IO[bytes]) -> Any:
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        return load_workbook(stream, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, ParseError) as exc:
        raise WorkbookUnreadable(str(exc) or exc.__class__.__name__) from exc


def read_workbook(source: bytes | IO[bytes], file_name: str, *, skill_name: str | None = None) -> ParsedWorkbook:
    """The workbook's descriptor rows. A file that cannot be read, has no header in its first
    rows or names no skill comes back with ``problem`` set and no rows."""
    skill = normalise(skill_name or "")[:SKILL_MAX] or skill_from_filename(file_name)
    parsed = ParsedWorkbook(file_name=PurePath(file_name.replace("\\", "/")).name, skill_name=skill)
    try:
        workbook = _open(source)
    except WorkbookUnreadable as exc:
        parsed.problem = f"Not a readable .xlsx workbook ({exc})"
        return parsed
    try:
        if not workbook.sheetnames:
            parsed.problem = "The workbook has no sheets"
            return parsed
        parsed.sheet = choose_sheet(workbook.sheetnames)
        _read_rows(workbook[parsed.sheet], parsed)
    except (ParseError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        parsed.problem, parsed.rows = f"The sheet could not be read ({exc})", []
    finally:
        workbook.close()
    if not parsed.problem and not skill:
        parsed.problem = "No skill name: the file name names none, so type one"
    return parsed


def _read_rows(worksheet: Any, parsed: ParsedWorkbook) -> None:
    columns: dict[str, int] | None = None
    category: str | None = None
    for row_number, cells in enumerate(_rows_with_merges(worksheet), start=1):
        if columns is None:
            if row_number > HEADER_SCAN:
                break
            if is_header(cells):
                columns = map_columns(cells)
                parsed.header_row = row_number
                parsed.columns = {name: normalise(cells[i]) for name, i in columns.items()}
            continue
        if "category" in columns:
            here, _ = _value(cells, columns, "category")
            category = here or category  # carried forward to the rows below it
        row = _row(cells, columns, row_number, category)
        if row is None:
            continue
        if len(parsed.rows) >= ROWS_MAX:
            parsed.truncated = True
            break
        parsed.rows.append(row)
    if columns is None:
        parsed.problem = f"No header row (criterion, code, excellent, …) in the first {HEADER_SCAN} rows"
    elif "criterion_name" not in columns:
        parsed.problem, parsed.rows = "The header has no criterion column", []
