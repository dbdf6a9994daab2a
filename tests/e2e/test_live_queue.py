"""An open admin dashboard shows another admin's claim and decision without a reload (issue 8)."""

from __future__ import annotations

import uuid

from playwright.sync_api import Browser, expect
from sqlmodel import select

from tests.e2e.helpers import make_person, sign_in
from workflow_app.core.actor import Actor
from workflow_app.core.clock import system_clock
from workflow_app.db import open_session
from workflow_app.ideas.domain import ideas
from workflow_app.ideas.domain.idea_rules import IdeaIn
from workflow_app.models import Role, User


def _submitted_idea(title: str) -> str:
    email, _ = make_person()
    with open_session() as session:
        author = Actor.of(session.exec(select(User).where(User.email == email)).one())
        result = ideas.submit_idea(
            session,
            author,
            IdeaIn(
                title=title,
                description="Seen live on the dashboard.",
                category="process-improvement",
                dynamic_fields={"current_process": "Checked by hand."},
            ),
            clock=system_clock,
        )
    assert result.ok, result
    return result.value


def test_a_claim_and_a_decision_by_another_admin_appear_on_an_open_dashboard(browser: Browser, app_url):
    title = f"Live queue {uuid.uuid4().hex[:6]}"
    idea_id = _submitted_idea(title)
    watcher_email, _ = make_person(Role.ADMIN)
    reviewer_email, reviewer_name = make_person(Role.ADMIN)
    watcher, reviewer = (browser.new_context(base_url=app_url).new_page() for _ in range(2))

    sign_in(watcher, watcher_email)
    watcher.goto("/admin")
    in_review = watcher.locator("table").filter(has=watcher.get_by_role("columnheader", name="Reviewer"))
    expect(watcher.get_by_role("heading", name="In Review")).to_be_visible()

    sign_in(reviewer, reviewer_email)
    reviewer.goto(f"/admin/review/{idea_id}")
    reviewer.get_by_role("button", name="Start Review").click()
    expect(reviewer.get_by_text("Under review by")).to_be_visible()

    row = in_review.get_by_role("row").filter(has_text=title)
    expect(row).to_be_visible(timeout=5_000)  # no reload on the watcher's side
    expect(row).to_contain_text(reviewer_name)

    reviewer.get_by_label("Comment for the author").fill("Decided while the dashboard was watching.")
    reviewer.get_by_role("button", name="Reject").click()
    expect(reviewer.get_by_text("Idea rejected.")).to_be_visible()
    expect(in_review.get_by_role("row").filter(has_text=title)).to_have_count(0, timeout=5_000)
