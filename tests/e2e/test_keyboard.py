"""The journeys by keyboard alone: an idea written and submitted with Enter, landing with focus on
the new page's heading (assets/focus_on_arrival.js), not on <body>; an SA's approve and return
through their dialogs (issue 12)."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import make_person, sign_in
from tests.e2e.test_descriptor_journey import _write_descriptor, scm_with_an_sa
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
        if label.strip().removesuffix("*").strip() == name:  # a required field's label ends in *
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
    page.keyboard.press("ArrowDown")  # the first category, whose form asks one required field
    _tab_to(page, "Describe the current process")
    page.keyboard.type("Everything by hand.")
    page.get_by_label("Title").focus()  # back up (shift+Tab would do; this keeps the test short)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/ideas/[0-9a-f]{32}$"))
    heading = page.locator("main h1")
    expect(heading).to_have_text("Typed without a mouse")
    expect(heading).to_be_focused()


def test_an_sa_approves_and_returns_by_keyboard(browser, app_url):
    tag = uuid.uuid4().hex[:6]
    scm, sa_email = scm_with_an_sa(browser, app_url)
    _write_descriptor(scm, "A1", f"Torch angle {tag}", new_section=f"Brazing {tag}")
    _write_descriptor(scm, "A2", f"Flux cover {tag}", section=f"Brazing {tag}")
    scm.get_by_role("button", name="Submit for Review").click()
    expect(scm.get_by_text("Batch submitted! 2 descriptor(s) sent for SA review.")).to_be_visible()

    sa = browser.new_context(base_url=app_url).new_page()
    sign_in(sa, sa_email)
    sa.goto("/descriptors/review")
    expect(sa.get_by_text(f"Torch angle {tag}", exact=True)).to_be_visible()
    _tab_to(sa, "Approve A1")
    sa.keyboard.press("Enter")
    dialog = sa.get_by_role("dialog")
    expect(dialog).to_be_visible()
    _tab_to(sa, "Approve")
    sa.keyboard.press("Enter")
    expect(sa.get_by_text("Descriptor approved")).to_be_visible()
    expect(sa.locator("#queue-heading")).to_be_focused()

    _tab_to(sa, "Return A2")
    sa.keyboard.press("Enter")
    _tab_to(sa, "Feedback for SCM")
    sa.keyboard.type("Say how much flux, not just that there is some.")
    _tab_to(sa, "Return")
    sa.keyboard.press("Enter")
    expect(sa.get_by_text("Descriptor returned to SCM with your feedback")).to_be_visible()
    expect(sa.get_by_text("No descriptors pending review.")).to_be_visible()
