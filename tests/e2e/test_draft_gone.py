"""A tab whose draft expired (or was deleted) while it was open says so at the next write, turns
read-only, and offers the typed text: copied, or as a new draft (issue 12)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import make_person, sign_in, wait_for_autosave
from tests.e2e.test_ideas_journey import _start_draft
from workflow_app.db import open_session
from workflow_app.models import Idea

pytestmark = pytest.mark.e2e


def _expire(draft_id: str) -> None:
    with open_session() as session:
        draft = session.get(Idea, draft_id)
        assert draft is not None
        draft.draft_expires_at = datetime.now(UTC) - timedelta(minutes=1)
        session.add(draft)
        session.commit()


def test_typing_into_a_draft_that_expired_meanwhile_locks_the_editor_and_keeps_the_text(page: Page):
    sign_in(page, make_person()[0])
    draft_id = _start_draft(page, "Bike racks by the entrance")
    page.get_by_label("Description").fill("Twenty covered racks")
    wait_for_autosave(page)  # the editor is open and writing
    _expire(draft_id)

    page.get_by_label("Description").fill("Twenty covered racks, close to the door.")
    locked = page.locator("#draft-locked")
    expect(locked).to_contain_text("This draft has expired and can no longer be saved.")
    expect(page.locator("#save-status")).to_have_count(0)  # no "Saved" / "retrying" left to believe
    expect(page.get_by_label("Title")).to_have_attribute("readonly", "")
    expect(page.get_by_role("button", name="Save Draft")).to_have_count(0)
    expect(page.get_by_role("button", name="Submit", exact=True)).to_have_count(0)

    locked.get_by_role("button", name="Start a new draft with this text").click()
    expect(page).to_have_url(re.compile(r"/ideas/[0-9a-f]{32}/edit$"))
    expect(page).not_to_have_url(re.compile(draft_id))
    expect(page.get_by_text("A new draft was started with your text.")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Bike racks by the entrance")
    expect(page.get_by_label("Description")).to_have_value("Twenty covered racks, close to the door.")
    expect(page.get_by_role("button", name="Save Draft")).to_be_enabled()


def test_an_expired_draft_is_listed_with_when_it_expired_and_can_be_read(page: Page):
    sign_in(page, make_person()[0])
    draft_id = _start_draft(page, "Quiet room on the second floor")
    _expire(draft_id)

    page.goto("/my-ideas?tab=drafts")
    section = page.locator("details.expired-drafts")
    section.locator("summary").click()
    card = section.locator(".rt-Card").filter(has_text="Quiet room on the second floor")
    expect(card).to_contain_text("Expired a minute ago")
    card.get_by_role("link", name="Read Quiet room on the second floor").click()
    expect(page).to_have_url(re.compile(f"/ideas/{draft_id}/edit$"))
    expect(page.get_by_role("heading", name="Expired draft")).to_be_visible()
    expect(page.locator("#draft-locked")).to_contain_text("This draft has expired and can no longer be edited.")
    expect(page.get_by_label("Title")).to_have_value("Quiet room on the second floor")
