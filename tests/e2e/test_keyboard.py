"""The idea journey by keyboard alone: sign in, write, submit with Enter, and land on the new page
with focus on its heading (assets/focus_on_arrival.js), not on <body> (issue 12)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import make_person
from workflow_app.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


def _focused(page: Page) -> str:
    return page.evaluate("(() => { const e = document.activeElement; return e.tagName + ':' + e.textContent; })()")


def _tab_to(page: Page, name: str, *, limit: int = 40) -> None:
    """Presses Tab until the control with this accessible name (or label) has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        label = page.evaluate(
            "(() => { const e = document.activeElement; return e.getAttribute('aria-label') ||"
            " (e.labels && e.labels[0] && e.labels[0].textContent) || e.textContent || ''; })()"
        )
        if label.strip() == name:
            return
    raise AssertionError(f"{name!r} never got the focus by Tab; last: {_focused(page)}")


def test_an_idea_is_written_and_submitted_by_keyboard_and_focus_lands_on_its_heading(page: Page):
    email, _ = make_person()
    page.goto("/login")
    _tab_to(page, "Email")
    page.keyboard.type(email)
    _tab_to(page, "Password")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Sign Out")).to_be_visible()

    page.goto("/ideas/new")
    expect(page.get_by_role("heading", name="Submit Idea")).to_be_visible()
    _tab_to(page, "Title")
    page.keyboard.type("Typed without a mouse")
    _tab_to(page, "Description")
    page.keyboard.type("Every step of this idea was a key press.")
    _tab_to(page, "Category")
    page.keyboard.press("ArrowDown")  # the first category
    page.get_by_label("Title").focus()  # back up (shift+Tab would do; this keeps the test short)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/ideas/[0-9a-f]{32}$"))
    heading = page.locator("main h1")
    expect(heading).to_have_text("Typed without a mouse")
    expect(heading).to_be_focused()
