"""An admin curates the library (Descriptors issue: admin curation with the similar warning)."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import make_person, sign_in
from workflow_app.models import Role

pytestmark = pytest.mark.e2e


def test_an_admin_creates_a_descriptor_is_warned_of_a_near_duplicate_then_deletes_it(page: Page):
    email, _ = make_person(Role.ADMIN)
    sign_in(page, email)
    page.goto("/admin/descriptors")
    page.get_by_role("button", name="Create Descriptor").click()
    dialog = page.get_by_role("dialog")
    code = f"Z{uuid.uuid4().hex[:4]}"
    dialog.get_by_label("Code").fill(code)
    dialog.get_by_label("Criterion").fill("Work area is kept safe and tidy")
    expect(dialog.get_by_text("Similar descriptors found")).to_be_visible()
    expect(dialog.get_by_text("Work area is kept safe and tidy throughout", exact=False)).to_be_visible()
    dialog.get_by_label("Quality").select_option("EXCELLENT")
    dialog.get_by_label("Score 3 (Excellent)").fill("Spotless all day.")
    dialog.get_by_role("button", name="Save Descriptor").click()
    expect(page.get_by_text("Descriptor saved.")).to_be_visible()

    page.get_by_label("Search descriptors").fill("spotless")
    expect(page.get_by_role("button", name=f"Delete {code}")).to_be_visible()
    page.get_by_role("button", name=f"Delete {code}").click()
    expect(page.get_by_text("Descriptor deleted. It no longer shows in the library.")).to_be_visible()
    expect(page.get_by_role("button", name=f"Delete {code}")).to_have_count(0)
