"""The cells every CSV download writes (core/csv_export.py)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta, timezone

import pytest

from workflow_app.core import audit_log, csv_export
from workflow_app.models import IdeaStatus


def test_the_downloads_defuse_the_same_formula_starts_as_the_audit_export():
    assert csv_export.FORMULA_STARTS == audit_log.FORMULA_STARTS


@pytest.mark.parametrize("dangerous", ["=1+1", "+1", "-1", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_quote(dangerous):
    assert csv_export.defused(dangerous) == "'" + dangerous


@pytest.mark.parametrize("harmless", ["", "Bike racks", "1=1", "a-b", "'=already quoted", " =spaced"])
def test_a_harmless_cell_is_left_as_it_is(harmless):
    assert csv_export.defused(harmless) == harmless


def test_values_become_cells_none_empty_lists_joined_enums_by_value_times_in_utc():
    eastern = timezone(timedelta(hours=-5))

    cells = csv_export.safe_cells(
        [
            None,
            ["a", "b"],
            (),
            IdeaStatus.SUBMITTED,
            datetime(2026, 1, 2, 3, 4, 5),
            datetime(2026, 1, 2, tzinfo=eastern),
        ]
    )

    assert cells == ["", "a; b", "", "SUBMITTED", "2026-01-02T03:04:05Z", "2026-01-02T05:00:00Z"]


def test_a_list_whose_first_item_is_a_formula_is_defused_as_one_cell():
    assert csv_export.safe_cells([["=cmd", "safe"], ["safe", "=cmd"]]) == ["'=cmd; safe", "safe; =cmd"]


def test_csv_text_quotes_what_needs_quoting():
    text = csv_export.csv_text([["a,b", 'say "hi"', "two\nlines"], [1, None]])

    assert list(csv.reader(io.StringIO(text))) == [["a,b", 'say "hi"', "two\nlines"], ["1", ""]]
    assert csv_export.utc_text(None) == "" and csv_export.utc_text(datetime(2026, 1, 1, tzinfo=UTC)).endswith("Z")
