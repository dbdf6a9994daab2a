"""A count on Home opens the list it counts: My Ideas filtered to that status (issue 12)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import make_person, sign_in
from tests.e2e.test_press_once import _fill_idea

pytestmark = pytest.mark.e2e


def test_the_submitted_count_opens_my_submitted_ideas_and_the_filter_moves_between_statuses(page: Page):
    sign_in(page, make_person()[0])
    _fill_idea(page, "Counted and listed")
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page).to_have_url(re.compile(r"/ideas/[0-9a-f]{32}$"))

    page.goto("/")
    page.get_by_role("link", name=re.compile(r"^Submitted\s*1$")).click()
    expect(page).to_have_url(re.compile(r"/my-ideas\?status=SUBMITTED$"))
    expect(page.get_by_role("link", name="Counted and listed")).to_be_visible()
    filters = page.get_by_role("navigation", name="Filter by status")
    expect(filters.get_by_role("link", name="Submitted")).to_have_attribute("aria-current", "page")

    filters.get_by_role("link", name="Accepted").click()
    expect(page).to_have_url(re.compile(r"/my-ideas\?status=ACCEPTED$"))
    expect(page.get_by_text("None of your ideas has this status.")).to_be_visible()
    filters.get_by_role("link", name="All").click()
    expect(page.get_by_role("link", name="Counted and listed")).to_be_visible()
