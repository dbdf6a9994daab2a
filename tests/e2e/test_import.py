"""An admin imports a marking-scheme workbook: drops it, reads the dry run, imports, downloads
the report and finds the descriptors in the library (ORIGINS Part 2 C7)."""

from __future__ import annotations

import csv
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.descriptors.workbooks import HEADER, workbook_bytes
from tests.e2e.helpers import make_person, sign_in
from workflow_app.models import Role

pytestmark = pytest.mark.e2e


def test_a_workbook_is_previewed_imported_and_found_in_the_library(page: Page, tmp_path):
    tag = uuid.uuid4().hex[:6]
    skill = f"Mechatronics {tag}"
    rows = [
        ["Aspect", "Aspect Description", "Excellent", "Good", "Pass", "Below pass", "Module"],
        ["M1", f"Wires the \u201cpanel\u201d {tag}", "Neat and labelled", "Neat", "Works", "Unsafe", "Wiring"],
        ["M2", f"Programs the PLC sequence {tag}", "\u2022 All steps", "Most steps", "Some", "None", None],
        [None, "X", "A level with a one-letter name", None, None, None, None],
    ]
    workbook = tmp_path / f"23_Mechatronics_{tag}_marking_scheme (final).xlsx"
    workbook.write_bytes(workbook_bytes({"Marking Scheme": [["WorldSkills 2024"], HEADER[:0], *rows]}))
    email, _ = make_person(Role.ADMIN)
    sign_in(page, email)

    page.goto("/admin/descriptors")
    page.get_by_role("link", name="Import workbooks").click()
    expect(page.get_by_role("heading", name="Import descriptors")).to_be_visible()
    page.locator("input[type=file]").set_input_files(str(workbook))

    card = page.locator(".rt-Card").filter(has=page.get_by_role("heading", name=workbook.name))
    expect(card.get_by_label("Skill")).to_have_value(skill)
    expect(card).to_contain_text("Read from the file name")
    expect(card).to_contain_text("header on row 3")
    expect(card).to_contain_text("New 2")
    expect(card).to_contain_text("Failed 1")
    expect(card.get_by_role("row").filter(has_text="R6")).to_contain_text(
        "Criterion name must be at least 2 characters"
    )
    expect(card.get_by_role("row").filter(has_text="M1")).to_contain_text('Wires the "panel"')

    page.get_by_role("button", name="Import 2 descriptor(s)").click()
    expect(page.get_by_text("Imported 2 descriptor(s).")).to_be_visible()
    expect(card).to_contain_text("Imported 2")
    expect(card.get_by_role("row").filter(has_text="M1")).to_contain_text("Imported")
    report = page.locator("#import-report")
    expect(report).to_contain_text("2 imported, 0 duplicate(s) skipped, 1 failed, of 3 rows.")
    with page.expect_download() as started:
        report.get_by_role("button", name="Download report (CSV)").click()
    with open(started.value.path(), encoding="utf-8", newline="") as file:
        lines = list(csv.DictReader(file))
    assert [(line["code"], line["outcome"]) for line in lines] == [
        ("M1", "imported"),
        ("M2", "imported"),
        ("R6", "failed"),
    ]

    page.goto(f"/descriptors?q={tag}")
    expect(page.get_by_text(f"Programs the PLC sequence {tag}")).to_be_visible()
    expect(page.get_by_text(f'Wires the "panel" {tag}')).to_be_visible()

    page.goto("/admin/import")
    page.locator("input[type=file]").set_input_files(str(workbook))
    card = page.locator(".rt-Card").filter(has=page.get_by_role("heading", name=workbook.name))
    expect(card).to_contain_text("Duplicates 2")
    expect(card).to_contain_text("New 0")
    expect(page.get_by_role("button", name="Import 0 descriptor(s)")).to_be_disabled()
