"""The SUPERADMIN's review pipelines in the browser (issue 15, ORIGINS C16, C17): a 3-stage
pipeline built, reordered with the arrows and saved in one go; the decision-stage rule; the
blind-review switch and its toast; delete back to the default. An ADMIN is refused the page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import col, delete, select

from tests.e2e.helpers import make_person, sign_in
from tests.e2e.test_accessibility import violations
from workflow_app.db import open_session
from workflow_app.ideas.domain import pipelines
from workflow_app.models import ReviewPipeline, ReviewStage, Role

pytestmark = pytest.mark.e2e

# No other browser test submits or reviews ideas of this category.
CATEGORY, LABEL = "new-product-service", "New Product/Service"


@pytest.fixture
def default_pipeline_after():
    """Whatever happens in the test, the category is back on the default pipeline after it."""
    yield
    with open_session() as session:
        ids = list(session.exec(select(ReviewPipeline.id).where(col(ReviewPipeline.category) == CATEGORY)))
        if ids:
            session.exec(delete(ReviewStage).where(col(ReviewStage.pipeline_id).in_(ids)))
            session.exec(delete(ReviewPipeline).where(col(ReviewPipeline.id).in_(ids)))
            session.commit()


def test_a_superadmin_builds_reorders_switches_and_deletes_a_pipeline(page: Page, default_pipeline_after):
    sign_in(page, make_person(Role.SUPERADMIN)[0])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Admin").click()
    page.get_by_role("link", name="Review Pipelines").click()
    expect(page.get_by_role("heading", name="Review pipelines")).to_be_visible()
    card = page.locator(".rt-Card").filter(has=page.get_by_role("heading", name=LABEL))
    expect(card).to_contain_text("Default (2-stage)")

    card.get_by_role("button", name="Create pipeline").click()
    expect(page.get_by_label("Pipeline name")).to_be_focused()
    page.get_by_label("Pipeline name").fill("Launch review")
    page.get_by_label("Stage 1 name").fill("Market fit")
    page.get_by_label("Stage 2 name").fill("Go / no-go")
    page.get_by_role("button", name="Add stage").click()  # goes in before the decision stage
    expect(page.get_by_label("Stage 2 name")).to_be_focused()
    page.keyboard.type("Costing")
    page.get_by_role("button", name="Move stage 2 up").click()
    expect(page.get_by_label("Stage 1 name")).to_have_value("Costing")
    expect(page.get_by_role("button", name="Move stage 1 down")).to_be_focused()  # focus follows the stage

    page.get_by_label("Stage 1: decision stage").click()
    page.get_by_role("button", name="Save Pipeline").click()
    expect(page.get_by_text(pipelines.NOT_ONE_DECISION)).to_be_visible()
    assert violations(page) == []  # the open editor, its error shown
    page.get_by_label("Stage 1: decision stage").click()
    page.get_by_role("button", name="Save Pipeline").click()
    expect(page.get_by_text("Pipeline “Launch review” saved.")).to_be_visible()

    card = page.locator(".rt-Card").filter(has=page.get_by_role("heading", name=LABEL))
    expect(card).to_contain_text("Launch review")
    expect(card.locator("li")).to_have_text(["Costing", "Market fit", re.compile(r"^Go / no-go\s*Decision stage$")])
    expect(card).to_contain_text("No reviews in progress")

    switch = card.get_by_role("switch", name="Blind review for Launch review")
    switch.click()
    expect(page.get_by_text(pipelines.blind_toast("Launch review", True))).to_be_visible()
    expect(switch).to_have_attribute("aria-checked", "true")

    card.get_by_role("button", name=f"Delete pipeline for {LABEL}").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Launch review")
    dialog.get_by_role("button", name="Delete").click()
    expect(dialog).to_have_count(0)
    expect(card).to_contain_text("Default (2-stage)")


def test_an_admin_is_refused_the_pipelines_page(page: Page):
    sign_in(page, make_person(Role.ADMIN)[0])
    page.goto("/admin/review-config")
    expect(page.get_by_role("heading", name="Access denied")).to_be_visible()
    page.goto("/admin")
    expect(page.get_by_role("heading", name="Admin dashboard")).to_be_visible()
    expect(page.get_by_role("link", name="Review Pipelines")).to_have_count(0)
