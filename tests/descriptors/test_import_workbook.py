"""Reading marking-scheme workbooks (ORIGINS Part 2 C7): sheet, header, columns, merged cells,
category carried forward, skill from the file name, text normalisation, encoding warnings and
the row rules. Every workbook is built here with openpyxl."""

from __future__ import annotations

import pytest

from tests.descriptors.workbooks import HEADER, scheme_rows, workbook_bytes
from workflow_app.descriptors.domain import import_workbook as iw
from workflow_app.descriptors.domain.import_text import encoding_warnings, normalise

ROW = ["A1", "Work area is kept safe", "Spotless", "Tidy", "Mostly tidy", "Unsafe", "Safety"]


def read(data: bytes, name: str = "01_Industrial_Mechanics_marking_scheme (f).xlsx", **kw) -> iw.ParsedWorkbook:
    return iw.read_workbook(data, name, **kw)


# --- skill from the file name -----------------------------------------------------------------


@pytest.mark.parametrize(
    "name, skill",
    [
        ("01_Industrial_Mechanics_marking_scheme (f).xlsx", "Industrial Mechanics"),
        ("17_Web_Technologies_Marking_Scheme_v2.xlsx", "Web Technologies"),
        ("Cooking marking scheme.xlsx", "Cooking"),
        ("C:\\schemes\\05 - Welding.xlsx", "Welding"),
        ("uploads/39_IT_Network_Systems_Administration.xlsx", "IT Network Systems Administration"),
        ("12_Wall_and_Floor_Tiling [draft] (2).xlsx", "Wall and Floor Tiling"),
        ("2024.xlsx", ""),
    ],
)
def test_the_skill_is_named_by_the_file(name, skill):
    assert iw.skill_from_filename(name) == skill


def test_a_given_skill_name_wins_over_the_file_name():
    assert read(workbook_bytes(rows=[ROW]), skill_name=" Mobile  Robotics ").skill_name == "Mobile Robotics"


def test_a_file_that_names_no_skill_imports_nothing_until_one_is_given():
    parsed = read(workbook_bytes(rows=[ROW]), "2024.xlsx")
    assert parsed.problem == "No skill name: the file name names none, so type one"


# --- the sheet --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "names, chosen",
    [
        (["Cover", "MS", "Marking Scheme"], "Marking Scheme"),
        (["Cover", "ms", "Criteria list"], "ms"),
        (["Cover", "Notes", "Assessment Criteria", "Marks"], "Assessment Criteria"),
        (["Cover", "Marks summary", "Criteria"], "Marks summary"),
        (["Cover", "Notes"], "Cover"),
        (["  marking scheme "], "  marking scheme "),
    ],
)
def test_the_sheet_is_chosen_as_the_origin_chooses_it(names, chosen):
    assert iw.choose_sheet(names) == chosen


def test_the_rows_come_from_the_chosen_sheet():
    data = workbook_bytes({"Cover": [["Welcome"], HEADER, ["Z9", "Not this one at all", "x"]], "MS": [HEADER, ROW]})
    parsed = read(data)
    assert parsed.sheet == "MS"
    assert [r.code for r in parsed.rows] == ["A1"]


# --- header and columns -----------------------------------------------------------------------


def test_the_header_is_found_below_title_rows_within_the_first_twenty():
    title = [["WorldSkills Lyon 2024"], ["Marking Scheme — Industrial Mechanics"], [], ["Criterion A only"]]
    parsed = read(workbook_bytes({"Marking Scheme": [*title, HEADER, ROW]}))
    assert parsed.header_row == 5
    assert parsed.rows[0].row_number == 6


def test_a_header_below_row_twenty_is_not_found():
    parsed = read(workbook_bytes({"Marking Scheme": [*[["note"]] * 20, HEADER, ROW]}))
    assert parsed.problem == "No header row (criterion, code, excellent, …) in the first 20 rows"
    assert parsed.rows == []


@pytest.mark.parametrize(
    "headers, expected",
    [
        (HEADER, ["code", "criterion_name", "score3", "score2", "score1", "score0", "category"]),
        (
            ["Ref", "Sub-Aspect", "Outstanding", "Satisfactory", "Acceptable", "Unsatisfactory", "Module"],
            ["code", "criterion_name", "score3", "score2", "score1", "score0", "category"],
        ),
        (
            ["Aspect", "Aspect Description", "4", "3", "2", "1", "Area"],
            ["code", "criterion_name", "score3", "score2", "score1", "score0", "category"],
        ),
        (
            ["No.", "Descriptor", "Exc", "Good", "Sufficient", "Insufficient", "Section"],
            ["code", "criterion_name", "score3", "score2", "score1", "score0", "category"],
        ),
        (["Sub Criteria ID", "Sub Criteria Name", "Notes"], ["code", "criterion_name", None]),
        (["Criterion", "Below pass", "Pass"], ["criterion_name", "score0", "score1"]),
    ],
)
def test_columns_are_read_by_the_origins_header_patterns(headers, expected):
    mapped = iw.map_columns(headers)
    by_index = {i: name for name, i in mapped.items()}
    assert [by_index.get(i) for i in range(len(headers))] == expected


def test_a_header_with_no_criterion_column_imports_nothing():
    parsed = read(workbook_bytes({"MS": [["Code", "Excellent", "Good"], ["A1", "x", "y"]]}))
    assert parsed.problem == "The header has no criterion column"


# --- merged cells and the category ------------------------------------------------------------


def test_merged_cells_read_their_master_cell():
    rows = [
        HEADER,
        ["A1", "Measures the part", "Within 0.01 mm", None, "Within 0.1 mm", "Outside", "Measurement"],
        ["A2", "Marks out the plate", "Exact", "Close", "Rough", "Wrong", None],
        ["A3", "Checks the gauge", "Always", "Mostly", "Once", "Never", None],
    ]
    # the category spans the three rows; A1's excellent and good share one cell
    parsed = read(workbook_bytes({"Marking Scheme": rows}, merges={"Marking Scheme": ["G2:G4", "C2:D2"]}))
    assert [r.category for r in parsed.rows] == ["Measurement"] * 3
    assert (parsed.rows[0].score3, parsed.rows[0].score2) == ("Within 0.01 mm", "Within 0.01 mm")


def test_a_merged_header_cell_is_read_from_its_master():
    rows = [
        ["Code", "Criterion", "Excellent", None, "Pass", "Below pass"],
        ["A1", "Keeps the area clean", "a", "b", "c", "d"],
    ]
    parsed = read(workbook_bytes({"MS": rows}, merges={"MS": ["C1:D1"]}))
    assert parsed.columns["score3"] == "Excellent"


def test_the_category_is_carried_forward_until_the_next_one():
    rows = [
        HEADER,
        [*ROW[:6], "Safety"],
        ["A2", "Wears the right PPE", "a", "", "", "", None],
        ["B1", "Plans the work", "a", "", "", "", "Planning"],
        ["B2", "Keeps to the plan", "a", "", "", "", ""],
    ]
    parsed = read(workbook_bytes(rows=rows[1:]))
    assert [r.category for r in parsed.rows] == ["Safety", "Safety", "Planning", "Planning"]


# --- text normalisation and encoding ----------------------------------------------------------


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("\u201cQuoted\u201d and \u2018single\u2019 5\u2032 4\u2033", "\"Quoted\" and 'single' 5' 4\""),
        ("\u2022 first\n\u25aa second\n\u00b7 third\n\u25cf fourth", "- first\n- second\n- third\n- fourth"),
        ("no\u00a0break\u2009thin\u3000wide", "no break thin wide"),
        ("a\u2013b\u2014c\u2010d\u2015e", "a-b-c-d-e"),
        ("bell\x07 gone\x00, tab\tkept", "bell gone, tab kept"),
        ("line one\r\nline two\rline three", "line one\nline two\nline three"),
        ("too    many \t spaces", "too many spaces"),
        ("one\n\n\n\n\ntwo", "one\n\ntwo"),
        ("  \n trimmed \n ", "trimmed"),
        ("Cafe\u0301", "Caf\u00e9"),  # NFC
    ],
)
def test_text_is_normalised(raw, clean):
    assert normalise(raw) == clean


@pytest.mark.parametrize(
    "raw, warning",
    [
        ("Donâ€™t forget", "looks like mis-decoded text (mojibake)"),
        ("CafÃ© au lait", "looks like mis-decoded text (mojibake)"),
        ("broken \ufffd char", "contains the replacement character �"),
        ("bell\x07", "contains control characters"),
        ("private \ue000 use", "contains private-use characters"),
        ("x" * 501, "has over 500 characters without a space"),
    ],
)
def test_broken_encodings_are_warned_about(raw, warning):
    assert encoding_warnings(raw) == [warning]


def test_clean_text_has_no_encoding_warnings():
    assert encoding_warnings("Café, naïve – “fine” • ok\ttab\r\nnew line " + "x" * 500) == []


def test_the_rows_are_normalised_and_carry_their_warnings():
    rows = [["A1", "\u2022 Keeps the \u201carea\u201d\u00a0clean", "Donâ€™t slip", None, None, None, None]]
    [row] = read(workbook_bytes(rows=rows)).rows
    assert row.criterion_name == '- Keeps the "area" clean'
    assert row.score3 == "Donâ€™t slip"  # kept as read: only a person can tell what it meant
    assert row.warnings == ("Score 3 looks like mis-decoded text (mojibake)",)


# --- row rules --------------------------------------------------------------------------------


def test_blank_title_and_total_rows_are_not_descriptors():
    rows = [
        [None] * 7,
        ["", "Sum", None, None, None, None, None],
        ["A1", "Keeps the area clean", None, None, None, None, None],
    ]
    parsed = read(workbook_bytes(rows=rows))
    assert [r.code for r in parsed.rows] == ["A1"]


def test_a_row_is_kept_by_a_level_even_with_a_short_name():
    [row] = read(workbook_bytes(rows=[["A1", "Cut", "Clean cut", None, None, None, None]])).rows
    assert (row.criterion_name, row.problem) == ("Cut", None)


def test_a_name_under_two_characters_fails_its_row():
    [row] = read(workbook_bytes(rows=[["A1", "X", "Clean cut", None, None, None, None]])).rows
    assert row.problem == "Criterion name must be at least 2 characters"


def test_a_row_without_a_code_gets_r_and_its_row_number():
    rows = [
        ["A1", "Keeps the area clean", "a", None, None, None, None],
        [None, "Wears the right PPE", "b", None, None, None, None],
    ]
    parsed = read(workbook_bytes(rows=rows))
    assert [r.code for r in parsed.rows] == ["A1", "R3"]


def test_numeric_codes_read_as_written():
    parsed = read(
        workbook_bytes(
            rows=[
                [1, "Keeps the area clean", "a", None, None, None, None],
                [1.5, "Wears PPE well", "b", None, None, None, None],
            ]
        )
    )
    assert [r.code for r in parsed.rows] == ["1", "1.5"]


def test_long_and_empty_rows_are_warned_about():
    rows = [
        ["A1", "Keeps the area clean", None, None, None, None, None],
        ["A2", "N" + " name" * 120, "a", None, None, None, None],
        ["A3", "Wears the right PPE", "word " * 401, None, None, None, None],
    ]
    parsed = read(workbook_bytes(rows=rows))
    assert [r.warnings for r in parsed.rows] == [
        ("No performance levels",),
        ("Criterion name over 500 characters",),
        ("Score 3 over 2000 characters",),
    ]


def test_a_file_that_is_not_a_workbook_is_refused_with_a_reason():
    parsed = read(b"%PDF-1.7 not a workbook")
    assert parsed.problem.startswith("Not a readable .xlsx workbook")


def test_a_long_sheet_is_read_up_to_its_limit(monkeypatch):
    monkeypatch.setattr(iw, "ROWS_MAX", 30)
    parsed = read(workbook_bytes(rows=scheme_rows(40)))
    assert (len(parsed.rows), parsed.truncated) == (30, True)
