"""Browsing the descriptor library (Descriptors issue: search, favorites, compare)."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import make_person, sign_in
from workflow_app.models import Role

pytestmark = pytest.mark.e2e

# Demo descriptors (workflow_app/demo.py); other tests add their own with the same codes.
SAFE = "Work area is kept safe and tidy throughout"
PLANS = "Plans the work to finish within the time allowed"
PPE = "Personal protective equipment is worn correctly"
EXPLAINS = "Explains the finished work to the client clearly"


def test_searching_marking_a_favorite_and_comparing_descriptors(page: Page):
    email, _ = make_person(Role.SA)
    sign_in(page, email)
    page.goto("/descriptors")
    expect(page.get_by_role("heading", name="Descriptor Library")).to_be_visible()

    page.get_by_label("Search descriptors").fill("safety")
    expect(page).to_have_url(re.compile(r"q=safety"))
    expect(page.get_by_text(SAFE)).to_be_visible()
    expect(page.get_by_text(EXPLAINS)).to_have_count(0)

    page.get_by_role("button", name="Add to favorites").first.click()
    expect(page.get_by_text("Added to favorites")).to_be_visible()
    page.get_by_role("tab", name=re.compile("My favorites")).click()
    expect(page.get_by_role("button", name="Remove from favorites")).to_have_count(1)

    # The four demo descriptors on one page, whatever other tests added to the library
    page.goto("/descriptors?" + urlencode({"q": "tidy OR allowed OR protective OR client"}))
    for criterion in (SAFE, PLANS, PPE, EXPLAINS):
        card = page.locator(".rt-Card").filter(has=page.get_by_text(criterion, exact=True))
        card.get_by_role("checkbox", name=re.compile("^Compare ")).click()
    expect(page.get_by_text("You can only compare up to 3 descriptors at a time")).to_be_visible()
    page.get_by_role("button", name=re.compile(r"Compare Descriptors \(3\)")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text(PLANS)).to_be_visible()
    expect(dialog.get_by_text(EXPLAINS)).to_have_count(0)


def test_quality_badges_are_drawn_as_the_origin_draws_them(page: Page):
    """ORIGINS D: "Excellent" filled, "Good" outline, "Reference" green."""
    email, _ = make_person(Role.SA)
    sign_in(page, email)
    for criterion, word, quality, label, look in (
        (SAFE, "tidy", "EXCELLENT", "Excellent", "rt-variant-solid"),
        (PLANS, "allowed", "GOOD", "Good", "rt-variant-outline"),
        (EXPLAINS, "client", "REFERENCE", "Reference", "rt-variant-soft"),
    ):
        page.goto(f"/descriptors?q={word}")
        card = page.locator(".rt-Card").filter(has=page.get_by_text(criterion, exact=True)).first
        badge = card.locator(f"[data-quality={quality}]")
        expect(badge).to_have_text(label)
        expect(badge).to_have_class(re.compile(look))
    expect(
        page.locator(".rt-Card").filter(has=page.get_by_text(EXPLAINS, exact=True)).first.locator("[data-quality]")
    ).to_have_attribute("data-accent-color", "green")
