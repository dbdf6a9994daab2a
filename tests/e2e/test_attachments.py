"""A submitter attaches two files to a new idea with a progress bar per file, finds them again
after a reload, submits, downloads one; another submitter is refused the private idea's file;
an admin deletes one (ORIGINS C14; issue 14)."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import make_person, sign_in, sign_out
from workflow_app.models import Role

pytestmark = pytest.mark.e2e

PLAN = b"%PDF-1.7\n" + b"0123456789abcdef" * 40_000  # 640 KB: long enough to watch it upload


def _throttle_uploads(page: Page, bytes_per_second: int) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    conditions = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": bytes_per_second}
    cdp.send("Network.emulateNetworkConditions", conditions)


def test_files_attached_to_a_draft_are_kept_submitted_and_downloaded_only_by_those_allowed(page: Page, tmp_path):
    tag = uuid.uuid4().hex[:6]
    plan, notes = tmp_path / f"Plan {tag}.pdf", tmp_path / "notes.txt"
    plan.write_bytes(PLAN)
    notes.write_text("Measured on floor 3 for a week.\n", encoding="utf-8")
    email, _ = make_person(Role.SUBMITTER)
    sign_in(page, email)

    page.goto("/ideas/new")
    page.get_by_label("Title").fill(f"Quieter printers {tag}")
    page.get_by_label("Description").fill("Move the printers away from the desks on floor 3.")
    page.get_by_text("Private — only you and admins").click()
    page.get_by_label("Category").select_option("process-improvement")
    page.get_by_label("Describe the current process").fill("Printers stand next to the desks.")

    _throttle_uploads(page, 256 * 1024)
    page.get_by_label("Attach files").set_input_files([str(plan), str(notes)])
    expect(page.get_by_role("progressbar", name=f"Uploading {plan.name}")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Uploading notes.txt")).to_be_visible()
    # The new form's first upload saved its draft: the page is now that draft's editor.
    expect(page).to_have_url(re.compile(r"/ideas/[0-9a-f]{32}/edit$"), timeout=30_000)
    _throttle_uploads(page, -1)
    section = page.get_by_role("link", name=plan.name)
    expect(section).to_be_visible()
    expect(page.get_by_role("link", name="notes.txt")).to_be_visible()
    expect(page.get_by_role("progressbar")).to_have_count(0)

    page.reload()
    expect(page.get_by_label("Title")).to_have_value(f"Quieter printers {tag}")
    expect(page.get_by_role("link", name=plan.name)).to_be_visible()
    expect(page.get_by_text("625.0 KB")).to_be_visible()

    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page).to_have_url(re.compile(r"/ideas/[0-9a-f]{32}$"))
    idea_url = page.url
    attachments = page.locator(".rt-Card").filter(has=page.get_by_role("heading", name="Attachments"))
    expect(attachments.get_by_role("link", name=plan.name)).to_have_attribute("title", plan.name)
    expect(attachments).to_contain_text("< 1 KB")
    expect(attachments.get_by_role("button", name=re.compile("Delete"))).to_have_count(0)  # not the author's
    with page.expect_download() as started:
        attachments.get_by_role("link", name="notes.txt").click()
    assert started.value.suggested_filename == "notes.txt"
    assert open(started.value.path(), "rb").read() == notes.read_bytes()
    href = attachments.get_by_role("link", name=plan.name).get_attribute("href")
    assert href and page.request.get(href).body() == PLAN

    sign_out(page)
    other, _ = make_person(Role.SUBMITTER)
    sign_in(page, other)
    refused = page.request.get(href)
    assert (refused.status, refused.json()) == (403, {"error": "Forbidden"})

    sign_out(page)
    sign_in(page, "admin@example.com")
    page.goto(idea_url)
    attachments.get_by_role("button", name="Delete notes.txt").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Delete").click()
    expect(page.get_by_text("Attachment deleted.")).to_be_visible()
    expect(attachments.get_by_role("link", name="notes.txt")).to_have_count(0)
    expect(attachments.get_by_role("link", name=plan.name)).to_be_visible()
