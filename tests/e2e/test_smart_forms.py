"""Smart forms in the browser (issue 14 §2, ORIGINS C15): the category's fields on the idea form,
their required check, "Additional Details" on the idea, and the SUPERADMIN's form editor."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import make_person, sign_in
from workflow_app.models import Role

pytestmark = pytest.mark.e2e


def test_switching_category_swaps_the_fields_and_a_required_one_blocks_submit(page: Page):
    sign_in(page, make_person()[0])
    page.goto("/ideas/new")
    page.get_by_label("Title").fill("Fewer morning checks")
    page.get_by_label("Description").fill("Automate the morning checks of the line.")
    expect(page.locator("#additional-details")).to_have_count(0)  # no category yet

    page.get_by_label("Category").select_option("process-improvement")
    expect(page.get_by_text("Additional Details for Process Improvement")).to_be_visible()
    hours = page.get_by_label("Estimated time saved (hours/week)")
    expect(hours).to_have_attribute("inputmode", "numeric")
    hours.fill("-2")
    page.get_by_label("Category").select_option("cost-reduction")
    expect(page.get_by_text("Additional Details for Cost Reduction")).to_be_visible()
    expect(page.get_by_label("Describe the current process")).to_have_count(0)
    expect(page.get_by_label("Current estimated annual cost (USD)")).to_have_attribute("aria-required", "true")
    page.get_by_label("Category").select_option("process-improvement")
    expect(page.get_by_label("Estimated time saved (hours/week)")).to_have_value("")  # answers reset
    expect(page.get_by_label("Title")).to_have_value("Fewer morning checks")  # the rest untouched

    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_text("Describe the current process is required.")).to_be_visible()
    process = page.get_by_label("Describe the current process")
    expect(process).to_have_attribute("aria-invalid", "true")
    expect(process).to_have_attribute("aria-describedby", "dyn-current_process-error")
    expect(page).to_have_url(re.compile(r"/ideas/new$"))

    process.fill("Two people check every valve.\nIt takes an hour.")
    page.get_by_label("Estimated time saved (hours/week)").fill("0")
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page).to_have_url(re.compile(r"/ideas/[0-9a-f]{32}$"))
    details = page.locator("#additional-details")
    expect(details.get_by_role("heading", name="Additional Details")).to_be_visible()
    expect(details).to_contain_text("Describe the current process: Two people check every valve.\nIt takes an hour.")
    expect(details).to_contain_text("Estimated time saved (hours/week): 0")


def test_the_superadmin_adds_a_field_and_the_idea_form_asks_for_it(page: Page):
    sign_in(page, make_person(Role.SUPERADMIN)[0])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Admin").click()
    page.get_by_role("link", name="Idea Forms").click()
    expect(page.get_by_role("heading", name="Idea forms")).to_be_visible()
    page.get_by_label("Category", exact=True).select_option("technical-innovation")
    expect(page).to_have_url(re.compile(r"/admin/forms\?category=technical-innovation$"))
    expect(page.get_by_label("Label").first).to_have_value("Technical problem being solved")

    page.get_by_role("button", name="Add field").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Label is required.")).to_be_visible()
    page.get_by_label("Label").last.fill("Budget owner")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(re.compile(r"Technical Innovation form saved as version \d+\."))).to_be_visible()

    page.goto("/ideas/new")
    page.get_by_label("Category").select_option("technical-innovation")
    expect(page.get_by_label("Budget owner")).to_be_visible()
