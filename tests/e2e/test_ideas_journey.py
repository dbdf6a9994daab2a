"""The paths a person walks through the Ideas workflow (Ideas issue, "Must show" a–e)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import choose_category, make_person, sign_in, wait_for_autosave
from workflow_app.models import Role

pytestmark = pytest.mark.e2e

CONFLICT = "This draft was changed in another window. Reload to see the latest version."


def _draft_id(page: Page) -> str:
    expect(page).to_have_url(re.compile(r"/ideas/[0-9a-f]{32}/edit$"))
    return page.url.rstrip("/").split("/")[-2]


def _start_draft(page: Page, title: str) -> str:
    page.goto("/ideas/new")
    page.get_by_label("Title").fill(title)
    page.get_by_role("button", name="Save Draft").click()
    expect(page.get_by_text("Draft saved. You can continue later from My Ideas.")).to_be_visible()
    expect(page.get_by_role("heading", name="Edit draft")).to_be_visible()
    return _draft_id(page)


def test_a_saved_draft_is_resumed_from_my_ideas_and_submitted(page: Page):
    email, _ = make_person()
    sign_in(page, email)
    draft_id = _start_draft(page, "Solar panels on the car park")

    page.get_by_role("link", name="My Ideas").first.click()
    page.get_by_role("tab", name=re.compile("Drafts")).click()
    expect(page.get_by_role("tab", name="Drafts 1 active drafts")).to_be_visible()
    page.get_by_role("link", name="Resume Solar panels on the car park").click()
    expect(page).to_have_url(re.compile(f"/ideas/{draft_id}/edit$"))
    expect(page.get_by_label("Title")).to_have_value("Solar panels on the car park")
    page.get_by_label("Description").fill("Cover the car park with solar panels to shade cars and cut bills.")
    choose_category(page, "cost-reduction")
    page.get_by_role("button", name="Submit", exact=True).click()

    expect(page).to_have_url(re.compile(f"/ideas/{draft_id}$"))
    expect(page.get_by_text("Idea submitted successfully.")).to_be_visible()
    page.goto("/ideas")
    expect(page.get_by_role("link", name="Solar panels on the car park")).to_be_visible()
    page.goto("/my-ideas?tab=drafts")
    expect(page.get_by_text("No drafts saved. Start a new idea and save it as a draft to see it here.")).to_be_visible()


def test_typing_into_a_saved_draft_is_saved_to_the_server_without_pressing_anything(page: Page):
    email, _ = make_person()
    sign_in(page, email)
    _start_draft(page, "Autosaved idea")

    page.get_by_label("Description").fill("Typed and never saved by hand.")
    wait_for_autosave(page)
    page.evaluate("localStorage.clear()")  # what comes back must come from the server
    page.reload()

    expect(page.get_by_label("Description")).to_have_value("Typed and never saved by hand.")


def test_text_typed_while_the_server_is_down_is_offered_back_after_reload(page: Page, backend_outage):
    email, _ = make_person()
    sign_in(page, email)
    _start_draft(page, "Offline idea")
    page.get_by_label("Description").fill("First line, saved.")
    wait_for_autosave(page)

    backend_outage.stop()
    expect(page.locator("#save-status")).to_contain_text("Not saved — offline", timeout=20_000)
    page.get_by_label("Description").fill("First line, saved. Second line typed offline.")
    page.reload()
    backend_outage.start()

    banner = page.get_by_role("alert").filter(has_text="We found unsaved changes. Restore them?")
    expect(banner).to_be_visible(timeout=30_000)
    expect(page.get_by_label("Description")).to_have_value("First line, saved.")
    banner.get_by_role("button", name="Yes").click()
    expect(page.get_by_label("Description")).to_have_value("First line, saved. Second line typed offline.")
    wait_for_autosave(page)


def test_the_stale_tab_gets_the_conflict_message_and_loses_nothing(page: Page, browser: Browser):
    email, _ = make_person()
    sign_in(page, email)
    draft_id = _start_draft(page, "Two tabs")
    other = page.context.new_page()
    other.goto(f"/ideas/{draft_id}/edit")
    expect(other.get_by_label("Title")).to_have_value("Two tabs")

    page.get_by_label("Description").fill("Written in the first tab.")
    wait_for_autosave(page)
    other.get_by_label("Description").fill("Written in the second tab.")

    expect(other.get_by_role("alert").filter(has_text=CONFLICT)).to_be_visible(timeout=15_000)
    expect(other.get_by_label("Description")).to_have_value("Written in the second tab.")
    expect(other.get_by_role("button", name="Save Draft")).to_be_disabled()  # only Reload can help
    other.reload()
    banner = other.get_by_role("alert").filter(has_text="We found unsaved changes. Restore them?")
    expect(banner).to_be_visible()
    banner.get_by_role("button", name="Yes").click()
    expect(other.get_by_label("Description")).to_have_value("Written in the second tab.")


def test_an_admin_reviews_the_author_sees_the_decision_another_admin_sees_the_claim(browser: Browser, app_url):
    author_email, _ = make_person()
    admin_email, admin_name = make_person(Role.ADMIN)
    second_email, _ = make_person(Role.SUPERADMIN)
    author, admin, second = (browser.new_context(base_url=app_url).new_page() for _ in range(3))

    sign_in(author, author_email)
    author.goto("/ideas/new")
    author.get_by_label("Title").fill("Standing desks for everyone")
    author.get_by_label("Description").fill("Offer standing desks to whoever wants one.")
    choose_category(author, "employee-experience")
    author.get_by_role("button", name="Submit", exact=True).click()
    expect(author).to_have_url(re.compile(r"/ideas/[0-9a-f]{32}$"))
    idea_path = author.url.split(app_url)[-1]

    sign_in(admin, admin_email)
    admin.goto(idea_path.replace("/ideas/", "/admin/review/"))
    admin.get_by_role("button", name="Start Review").click()
    expect(admin.get_by_text("Under review by")).to_be_visible()

    sign_in(second, second_email)
    second.goto(admin.url.split(app_url)[-1])
    expect(second.get_by_text("Under review by")).to_contain_text(admin_name)
    expect(second.get_by_role("button", name="Start Review")).to_have_count(0)
    expect(second.get_by_role("button", name="Accept")).to_have_count(1)  # SUPERADMIN may still decide

    admin.get_by_label("Comment for the author").fill("Too short")
    admin.get_by_role("button", name="Accept").click()
    expect(admin.get_by_text("A comment is required (minimum 10 characters).")).to_be_visible()
    admin.get_by_label("Comment for the author").fill("Great for our backs. Facilities will order them.")
    admin.get_by_role("button", name="Accept").click()
    expect(admin.get_by_label("Decision")).to_contain_text("Great for our backs.")

    author.goto("/notifications")
    expect(author.get_by_role("link", name="1 unread notifications")).to_be_visible()
    author.get_by_role("button", name='Open Your idea "Standing desks for everyone" was accepted').click()
    expect(author).to_have_url(re.compile(re.escape(idea_path) + "$"))
    expect(author.get_by_role("heading", name="Review decision")).to_be_visible()
    expect(author.get_by_text("Great for our backs. Facilities will order them.")).to_be_visible()
    expect(author.get_by_text("Accepted").first).to_be_visible()


def test_the_author_deletes_a_submitted_idea_after_typing_their_name(page: Page):
    email, name = make_person()
    sign_in(page, email)
    page.goto("/ideas/new")
    page.get_by_label("Title").fill("An idea to take back")
    page.get_by_label("Description").fill("Written in haste, deleted at leisure.")
    choose_category(page, "process-improvement")
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page).to_have_url(re.compile(r"/ideas/[0-9a-f]{32}$"))

    page.get_by_role("button", name="Delete").click()
    confirm = page.get_by_role("button", name="Confirm Delete")
    expect(confirm).to_be_disabled()
    page.get_by_label("Your display name").fill(name)
    expect(confirm).to_be_enabled()
    confirm.click()

    expect(page).to_have_url(re.compile(r"/my-ideas$"))
    expect(page.get_by_text("Idea deleted.")).to_be_visible()
    expect(page.get_by_role("link", name="An idea to take back")).to_have_count(0)


def test_the_category_filter_lives_in_the_url(page: Page):
    sign_in(page, "submitter@example.com")
    page.goto("/ideas?category=employee-experience")
    expect(page.get_by_role("link", name="Quiet hours on Wednesday mornings")).to_be_visible()
    expect(page.get_by_role("link", name="Shared tool library for workshops")).to_have_count(0)


def test_a_draft_is_deleted_from_the_drafts_tab_after_confirming(page: Page):
    email, _ = make_person()
    sign_in(page, email)
    _start_draft(page, "A draft to throw away")

    page.goto("/my-ideas?tab=drafts")
    page.get_by_role("button", name="Delete A draft to throw away").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog.get_by_text("This action cannot be undone.")).to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()
    expect(page.get_by_text("A draft to throw away")).to_be_visible()

    page.get_by_role("button", name="Delete A draft to throw away").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Delete").click()
    expect(page.get_by_text("Draft deleted.")).to_be_visible()
    expect(page.get_by_text("No drafts saved. Start a new idea and save it as a draft to see it here.")).to_be_visible()
