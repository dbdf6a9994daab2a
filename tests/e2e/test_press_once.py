"""A double press of a command button does the command once and shows one result, no error: the
button holds the second press (assets/press_once.js), and a repeat that gets past it anyway is
answered with the first result by the state (issue 12)."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from sqlmodel import col, func, select

from tests.e2e.helpers import choose_category, make_person, sign_in
from tests.e2e.test_descriptor_journey import _write_descriptor, scm_with_an_sa
from workflow_app.db import open_session
from workflow_app.models import Descriptor, Idea, Role

pytestmark = pytest.mark.e2e


def _toasts(page: Page) -> Locator:
    return page.locator("[data-sonner-toast]")


def _one_result(page: Page, text: str) -> None:
    expect(_toasts(page).filter(has_text=text)).to_have_count(1)
    page.wait_for_timeout(1000)  # a second answer would have arrived by now
    expect(_toasts(page).filter(has_text=text)).to_have_count(1)
    expect(page.locator("[data-sonner-toast][data-type=error]")).to_have_count(0)


def _ideas_titled(title: str) -> int:
    with open_session() as session:
        return session.exec(select(func.count()).select_from(Idea).where(col(Idea.title) == title)).one()


def _descriptors_named(name: str) -> int:
    with open_session() as session:
        return session.exec(
            select(func.count()).select_from(Descriptor).where(col(Descriptor.criterion_name) == name)
        ).one()


def _fill_idea(page: Page, title: str) -> None:
    page.goto("/ideas/new")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Description").fill("Pressed twice by an impatient finger.")
    choose_category(page, "process-improvement")


def test_a_double_pressed_save_draft_and_submit_make_one_draft_and_one_idea(page: Page):
    sign_in(page, make_person()[0])
    title = f"Twice pressed {uuid.uuid4().hex[:6]}"
    _fill_idea(page, title)
    page.get_by_role("button", name="Save Draft").dblclick()
    expect(page).to_have_url(re.compile(r"/ideas/[0-9a-f]{32}/edit$"))
    _one_result(page, "Draft saved.")
    assert _ideas_titled(title) == 1

    page.get_by_role("button", name="Submit", exact=True).dblclick()
    expect(page).to_have_url(re.compile(r"/ideas/[0-9a-f]{32}$"))
    _one_result(page, "Idea submitted successfully.")
    assert _ideas_titled(title) == 1


def test_a_repeated_submit_that_gets_past_the_button_gets_the_first_answer(page: Page):
    sign_in(page, make_person()[0])
    title = f"Sent twice {uuid.uuid4().hex[:6]}"
    _fill_idea(page, title)
    submit = page.get_by_role("button", name="Submit", exact=True)
    submit.focus()  # as a pointer would: the description's typing is sent on leaving it
    # Without the button's hold, both presses reach the server one after the other.
    submit.evaluate("b => { b.removeAttribute('data-once'); b.click(); b.click(); }")
    expect(page).to_have_url(re.compile(r"/ideas/[0-9a-f]{32}$"))
    _one_result(page, "Idea submitted successfully.")
    expect(page.get_by_text("Too many")).to_have_count(0)
    assert _ideas_titled(title) == 1


def test_enter_in_the_title_submits_the_idea(page: Page):
    sign_in(page, make_person()[0])
    title = f"Entered {uuid.uuid4().hex[:6]}"
    _fill_idea(page, title)
    page.get_by_label("Title").press("Enter")
    expect(page).to_have_url(re.compile(r"/ideas/[0-9a-f]{32}$"))
    _one_result(page, "Idea submitted successfully.")


def test_a_double_pressed_review_starts_once_and_decides_once(browser: Browser, app_url: str):
    author, admin = (browser.new_context(base_url=app_url).new_page() for _ in range(2))
    sign_in(author, make_person()[0])
    _fill_idea(author, f"Reviewed once {uuid.uuid4().hex[:6]}")
    author.get_by_role("button", name="Submit", exact=True).click()
    expect(author).to_have_url(re.compile(r"/ideas/[0-9a-f]{32}$"))

    sign_in(admin, make_person(Role.ADMIN)[0])
    admin.goto(author.url.split(app_url)[-1].replace("/ideas/", "/admin/review/"))
    admin.get_by_role("button", name="Start Review").dblclick()
    _one_result(admin, "Review started.")
    expect(admin.locator("#review-heading")).to_be_focused()  # not <body>: the button is gone
    admin.get_by_label("Comment for the author").fill("Clear and cheap: we will do it next month.")
    admin.get_by_role("button", name="Accept").dblclick()
    _one_result(admin, "Idea accepted.")
    expect(admin.get_by_label("Decision")).to_contain_text("Clear and cheap")
    expect(admin.locator("#decision-heading")).to_be_focused()


def test_a_double_pressed_descriptor_save_batch_submit_and_approve_each_happen_once(browser: Browser, app_url: str):
    tag = uuid.uuid4().hex[:6]
    scm, sa_email = scm_with_an_sa(browser, app_url)
    _write_descriptor(scm, "A1", f"Kerf width {tag}", new_section=f"Cutting {tag}")
    _write_descriptor(scm, "A3", f"Cut angle {tag}", section=f"Cutting {tag}")

    scm.goto("/descriptors/new")
    scm.get_by_label("WSOS section", exact=True).select_option(label=f"Cutting {tag}")
    scm.get_by_label("Code").fill("A2")
    scm.get_by_label("Criterion").fill(f"Edge finish {tag}")
    scm.get_by_label("Score 3 (Excellent)").fill("No burrs along the whole edge.")
    scm.get_by_role("button", name="Save as Draft").dblclick()
    expect(scm).to_have_url(re.compile(r"/descriptors/mine$"))
    _one_result(scm, "Descriptor created and added to draft batch.")
    assert _descriptors_named(f"Edge finish {tag}") == 1

    scm.get_by_role("button", name="Submit for Review").dblclick()
    _one_result(scm, "Batch submitted! 3 descriptor(s) sent for SA review.")

    sa = browser.new_context(base_url=app_url).new_page()
    sign_in(sa, sa_email)
    sa.goto("/descriptors/review")
    sa.get_by_role("button", name="Approve A1").click()
    sa.get_by_role("dialog").get_by_role("button", name="Approve").dblclick()
    _one_result(sa, "Descriptor approved")
    expect(sa.locator("#queue-heading")).to_be_focused()
    sa.get_by_role("button", name="Return A3").click()
    dialog = sa.get_by_role("dialog")
    dialog.get_by_label("Feedback for SCM").fill("Give the angle in degrees, not words.")
    dialog.get_by_role("button", name="Return", exact=True).dblclick()
    _one_result(sa, "Descriptor returned to SCM with your feedback")
    sa.get_by_role("checkbox", name="Select A2").click()
    sa.get_by_role("button", name="Approve selected").dblclick()
    _one_result(sa, "1 of 1 descriptors decided.")
    expect(sa.locator("#decision-results")).to_be_focused()
