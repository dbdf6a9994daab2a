"""An idea of the demo's blind 3-stage pipeline goes through it: stage 1 passes, stage 2 escalates,
the SUPERADMIN passes the escalation, the decision stage accepts with a score of 4 and two criteria;
the reviewing ADMIN sees "Anonymous" while it is under review and the name after; the author
sees the stages and the score (ORIGINS C16–C18; issue 15)."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import choose_category, make_person, sign_in
from workflow_app.demo import DEMO_PIPELINE_CATEGORY
from workflow_app.models import Role

pytestmark = pytest.mark.e2e

COMMENT = "Looked at it closely; reasons in the notes."


def _complete(page: Page, outcome: str, *, comment: str = COMMENT) -> None:
    page.get_by_label(re.compile(r"^Comment \(10")).fill(comment)
    page.get_by_role("button", name=outcome, exact=True).click()


def test_an_idea_passes_escalates_is_resolved_and_accepted_with_a_score(browser: Browser, app_url):
    tag = uuid.uuid4().hex[:6]
    author_email, author_name = make_person(Role.SUBMITTER, name=f"Ada Author {tag}")
    first_email, _ = make_person(Role.ADMIN)
    second_email, second_name = make_person(Role.ADMIN)
    author, first, second, sol = (browser.new_context(base_url=app_url).new_page() for _ in range(4))
    for page, email in ((author, author_email), (first, first_email), (second, second_email)):
        sign_in(page, email)
    sign_in(sol, "superadmin@example.com")

    author.goto("/ideas/new")
    author.get_by_label("Title").fill(f"Faster builds {tag}")
    author.get_by_label("Description").fill("Cache the dependencies between pipeline runs.")
    choose_category(author, DEMO_PIPELINE_CATEGORY)
    author.get_by_role("button", name="Submit", exact=True).click()
    expect(author).to_have_url(re.compile(r"/ideas/[0-9a-f]{32}$"))
    idea_id = author.url.rsplit("/", 1)[1]
    review_url = f"/admin/review/{idea_id}"

    first.goto(review_url)
    expect(first.get_by_text(author_name)).to_be_visible()  # submitted: not yet under blind review
    first.get_by_role("button", name="Claim stage 1: Screening").click()
    expect(first.get_by_text("Stage claimed. It is yours to complete.")).to_be_visible()
    expect(first.get_by_text("Anonymous")).to_be_visible()
    expect(first.get_by_text(author_name)).to_have_count(0)
    _complete(first, "Pass")
    expect(first.get_by_text("Stage passed. The next stage waits for a reviewer.")).to_be_visible()

    second.goto(review_url)
    second.get_by_role("button", name="Claim stage 2: Technical Assessment").click()
    _complete(second, "Escalate")
    expect(second.get_by_text("Stage escalated to a Super Admin.")).to_be_visible()

    sol.goto("/admin")
    escalations = sol.get_by_role("region", name="Escalations")
    escalations.get_by_role("link", name=f"Faster builds {tag}").click()
    expect(sol).to_have_url(re.compile(review_url + "$"))
    expect(sol.get_by_text(author_name)).to_be_visible()  # a SUPERADMIN always sees the name
    sol.get_by_label(re.compile(r"^Resolution comment")).fill("Fine to go on; the cost is modest.")
    sol.get_by_role("button", name="Pass", exact=True).click()
    expect(sol.get_by_text("Escalation passed: the next stage waits for a reviewer.")).to_be_visible()

    first.goto(review_url)
    first.get_by_role("button", name="Claim stage 3: Final Decision").click()
    _complete(first, "Accept")
    expect(first.get_by_text("A score (1–5) is required to finalise the decision.")).to_be_visible()
    first.locator("label.star-option").nth(1).click()  # two stars, then the keyboard: arrows move the rating
    expect(first.get_by_label("2 of 5")).to_be_checked()
    first.keyboard.press("ArrowRight")
    first.keyboard.press("ArrowRight")
    expect(first.get_by_label("4 of 5")).to_be_checked()
    expect(first.get_by_role("group", name="Rate this idea (required)")).to_contain_text("4 / 5")
    first.get_by_role("checkbox", name="Technical Feasibility").click()
    first.get_by_role("checkbox", name="Cost Efficiency").click()
    _complete(first, "Accept")
    expect(first.get_by_text("Idea accepted.")).to_be_visible()
    expect(first.get_by_text(author_name).first).to_be_visible()  # decided: the name is back

    author.reload()
    stages = author.get_by_role("list", name="Review stages")
    expect(stages).to_contain_text("Screening")
    expect(stages).to_contain_text("Accepted")
    expect(stages).to_contain_text(second_name)  # decided: the reviewers show to the author too
    score = author.locator(".rt-Card").filter(has=author.get_by_role("heading", name="Score"))
    expect(score).to_contain_text("4 / 5")
    expect(score).to_contain_text("Technical Feasibility")
    expect(score).to_contain_text("Cost Efficiency")
