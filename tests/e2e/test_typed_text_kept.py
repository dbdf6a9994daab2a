"""A command that finds the session ended goes to sign-in and back, and what was typed is still
there (ui/components/keep_typed.py, assets/keep_typed.js)."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect
from sqlmodel import select

from tests.e2e.helpers import make_person, sign_in
from workflow_app.accounts.domain import sessions
from workflow_app.core.actor import Actor
from workflow_app.core.clock import system_clock
from workflow_app.db import open_session
from workflow_app.demo import DEMO_PASSWORD
from workflow_app.ideas.domain import ideas, reviews
from workflow_app.ideas.domain.idea_rules import IdeaIn
from workflow_app.models import Role, User

COMMENT = "Good idea; facilities can start with the second floor next month."


def _an_idea_under_review_by(admin_email: str) -> str:
    author_email, _ = make_person()
    with open_session() as session:
        author = session.exec(select(User).where(User.email == author_email)).one()
        admin = session.exec(select(User).where(User.email == admin_email)).one()
        idea_id = ideas.submit_idea(
            session,
            Actor.of(author),
            IdeaIn(
                title="Plants on every floor",
                description="Green desks make calmer rooms.",
                category="employee-experience",
                dynamic_fields={"affected_group": "Everyone", "pain_level": "Low"},
            ),
            clock=system_clock,
        ).value
        assert reviews.start_review(session, Actor.of(admin), idea_id=idea_id, clock=system_clock).ok
    return idea_id


def _end_sessions_of(email: str) -> None:
    with open_session() as session:
        user = session.exec(select(User).where(User.email == email)).one()
        assert sessions.revoke_others(session, user_id=user.id, keep_token=None, clock=system_clock) >= 1
        session.commit()


def test_a_comment_typed_as_the_session_ended_is_back_after_signing_in_and_then_sent(browser: Browser, app_url):
    admin_email, _ = make_person(Role.ADMIN)
    idea_id = _an_idea_under_review_by(admin_email)
    page = browser.new_context(base_url=app_url).new_page()
    sign_in(page, admin_email)
    page.goto(f"/admin/review/{idea_id}")
    page.get_by_label("Comment for the author").fill(COMMENT)

    _end_sessions_of(admin_email)  # expired or revoked elsewhere while the comment was typed
    page.get_by_role("button", name="Accept").click()
    expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(page.get_by_text("Idea accepted.")).to_have_count(0)  # never a success toast

    page.get_by_label("Email").fill(admin_email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(rf"/admin/review/{idea_id}$"))
    expect(page.get_by_label("Comment for the author")).to_have_value(COMMENT)
    expect(page.get_by_text(f"{len(COMMENT)} / 2000")).to_be_visible()  # the page has it, not only the box

    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_label("Decision")).to_contain_text(COMMENT[:30])
    kept = page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('keep_typed:'))")
    assert kept == []  # sent: nothing of it stays in the tab


def test_someone_else_signing_in_on_that_tab_does_not_get_the_text(browser: Browser, app_url):
    admin_email, _ = make_person(Role.ADMIN)
    other_email, _ = make_person(Role.SUPERADMIN)
    idea_id = _an_idea_under_review_by(admin_email)
    page = browser.new_context(base_url=app_url).new_page()
    sign_in(page, admin_email)
    page.goto(f"/admin/review/{idea_id}")
    page.get_by_label("Comment for the author").fill(COMMENT)

    _end_sessions_of(admin_email)
    page.get_by_role("button", name="Reject").click()
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.get_by_label("Email").fill(other_email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(rf"/admin/review/{idea_id}$"))
    expect(page.get_by_label("Comment for the author")).to_have_value("")


def test_sign_out_forgets_every_kept_text_of_the_tab(browser: Browser, app_url):
    admin_email, _ = make_person(Role.ADMIN)
    idea_id = _an_idea_under_review_by(admin_email)
    page = browser.new_context(base_url=app_url).new_page()
    sign_in(page, admin_email)
    page.goto(f"/admin/review/{idea_id}")
    page.get_by_label("Comment for the author").fill(COMMENT)
    page.wait_for_function("Object.keys(sessionStorage).some(k => k.startsWith('keep_typed:'))")

    page.get_by_role("button", name="Sign Out").click()
    expect(page).to_have_url(re.compile(r"/login"))
    assert page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('keep_typed:'))") == []
