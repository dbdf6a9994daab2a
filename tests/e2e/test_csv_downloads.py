"""Download CSV on /ideas (admins) and on the library: the file holds what the page lists."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import make_person, sign_in
from workflow_app.descriptors.domain.library_export import CSV_HEADER as DESCRIPTOR_HEADER
from workflow_app.ideas.domain.idea_export import CSV_HEADER as IDEA_HEADER
from workflow_app.models import Role

pytestmark = pytest.mark.e2e

SAFE = "Work area is kept safe and tidy throughout"  # a demo descriptor (workflow_app/demo.py)
EXPLAINS = "Explains the finished work to the client clearly"


def _downloaded(page: Page) -> tuple[str, list[list[str]]]:
    with page.expect_download() as started:
        page.get_by_role("link", name="Download CSV").click()
    download = started.value
    with open(download.path(), encoding="utf-8", newline="") as file:
        return download.suggested_filename, list(csv.reader(io.StringIO(file.read())))


def test_an_admin_downloads_the_ideas_of_the_chosen_category(page: Page):
    email, _ = make_person(Role.ADMIN)
    sign_in(page, email)
    page.goto("/ideas?category=cost-reduction")
    expect(page.get_by_role("heading", name="Ideas")).to_be_visible()
    link = page.get_by_role("link", name="Download CSV")
    expect(link).to_have_attribute("href", re.compile(r"/api/admin/ideas\.csv\?category=cost-reduction$"))

    name, (header, *rows) = _downloaded(page)

    assert re.fullmatch(r"ideas-\d{8}\.csv", name)
    assert header == list(IDEA_HEADER)
    assert {row[3] for row in rows} <= {"Cost Reduction"}


def test_a_submitter_has_no_ideas_download(page: Page):
    email, _ = make_person(Role.SUBMITTER)
    sign_in(page, email)
    page.goto("/ideas")
    expect(page.get_by_role("heading", name="Ideas")).to_be_visible()

    expect(page.get_by_role("link", name="Download CSV")).to_have_count(0)


def test_the_library_download_holds_what_the_search_found(page: Page):
    email, _ = make_person(Role.SCM)
    sign_in(page, email)
    page.goto("/descriptors")
    page.get_by_label("Search descriptors").fill("safety")
    expect(page).to_have_url(re.compile(r"q=safety"))
    expect(page.get_by_text(SAFE)).to_be_visible()
    expect(page.get_by_text(EXPLAINS)).to_have_count(0)
    expect(page.get_by_role("link", name="Download CSV")).to_have_attribute("href", re.compile(r"\?q=safety$"))

    name, (header, *rows) = _downloaded(page)

    assert re.fullmatch(r"descriptors-\d{8}\.csv", name)
    assert header == list(DESCRIPTOR_HEADER)
    found = [row[1] for row in rows]
    assert SAFE in found and EXPLAINS not in found
    assert "Needs Review" not in {row[6] for row in rows}  # an SCM never sees NEEDS_REVIEW
