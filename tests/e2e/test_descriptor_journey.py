"""An SCM's batch goes to their SA and back (Descriptors issue, "Must show" browser test)."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import make_person, sign_in, wait_for_autosave
from tests.support.smtp import local_smtp
from workflow_app.db import open_session
from workflow_app.models import Role, Skill, User

pytestmark = pytest.mark.e2e


def _skill_for(scm_email: str, sa_email: str) -> None:
    with open_session() as session:
        ids = {u.email: u.id for u in session.query(User).filter(User.email.in_([scm_email, sa_email]))}
        session.add(Skill(name=f"Welding {uuid.uuid4().hex[:6]}", sa_id=ids[sa_email], scm_id=ids[scm_email]))
        session.commit()


def _write_descriptor(
    page: Page, code: str, criterion: str, *, section: str | None = None, new_section: str | None = None
) -> None:
    page.goto("/descriptors/new")
    expect(page.get_by_role("heading", name="Create Descriptor")).to_be_visible()
    if new_section:
        page.get_by_role("button", name="Create new section").click()
        dialog = page.get_by_role("dialog", name="Create New WSOS Section")
        dialog.get_by_label("Name").fill(new_section)
        dialog.get_by_role("button", name="Create Section").click()
        expect(page.get_by_text("Section created successfully.")).to_be_visible()
        expect(page.get_by_label("WSOS section", exact=True)).to_have_value(re.compile(r"[0-9a-f]{32}"))
    else:
        select = page.get_by_label("WSOS section", exact=True)
        expect(select.locator("option").first).to_have_text("Select WSOS section...")
        select.select_option(label=section)
    page.get_by_label("Code").fill(code)
    page.get_by_label("Criterion").fill(criterion)
    page.get_by_label("Score 3 (Excellent)").fill(f"{criterion}: flawless.")
    page.get_by_label("Score 1 (Pass)").fill(f"{criterion}: acceptable.")
    page.get_by_role("button", name="Save as Draft").click()
    expect(page).to_have_url(re.compile(r"/descriptors/mine$"))
    expect(page.get_by_text(criterion, exact=True)).to_be_visible()


def scm_with_an_sa(browser: Browser, app_url: str) -> tuple[Page, str]:
    """A new SCM, signed in on a page of their own, and the e-mail of the new SA their skill
    sends descriptors to."""
    scm_email, _ = make_person(Role.SCM)
    sa_email, _ = make_person(Role.SA)
    _skill_for(scm_email, sa_email)
    scm = browser.new_context(base_url=app_url).new_page()
    sign_in(scm, scm_email)
    return scm, sa_email


def _card(page: Page, criterion: str):
    return page.locator(".rt-Card").filter(has=page.get_by_text(criterion, exact=True))


def test_a_batch_goes_to_the_sa_and_a_returned_descriptor_comes_back_revised(
    browser: Browser, app_url: str, monkeypatch
):
    tag = uuid.uuid4().hex[:6]
    scm_email, _ = make_person(Role.SCM)
    sa_email, _ = make_person(Role.SA)
    _skill_for(scm_email, sa_email)
    scm = browser.new_context(base_url=app_url).new_page()
    sa = browser.new_context(base_url=app_url).new_page()
    seam, gap, bead = f"Weld seam {tag}", f"Root gap {tag}", f"Bead shape {tag}"
    section = f"Welding quality {tag}"

    with local_smtp(monkeypatch, base_url=app_url) as mailbox:
        sign_in(scm, scm_email)
        _write_descriptor(scm, "A1", seam, new_section=section)
        _write_descriptor(scm, "A2", gap, section=section)
        _write_descriptor(scm, "A3", bead, section=section)
        expect(_card(scm, seam).locator("[data-batch-status=DRAFT]")).to_have_text("Draft")
        seam_edit = scm.get_by_role("link", name="Edit A1").get_attribute("href")
        scm.get_by_role("button", name="Submit for Review").click()
        expect(scm.get_by_text("Batch submitted! 3 descriptor(s) sent for SA review.")).to_be_visible()
        expect(_card(scm, seam).locator("[data-batch-status=PENDING_REVIEW]")).to_have_text("Pending Review")
        expect(scm.get_by_role("button", name="Submit for Review")).to_have_count(0)  # no drafts left
        scm.goto(seam_edit)
        expect(scm.get_by_text("This descriptor cannot be edited")).to_be_visible()
        expect(scm).to_have_url(re.compile(r"/descriptors/mine$"))

        sign_in(sa, sa_email)
        sa.goto("/descriptors/review")
        expect(sa.get_by_role("heading", name="Descriptors Awaiting Review")).to_be_visible()
        expect(sa.get_by_text("3 descriptor(s) pending your review")).to_be_visible()
        for criterion in (seam, gap, bead):
            expect(sa.get_by_text(criterion, exact=True)).to_be_visible()

        sa.get_by_role("button", name="Approve A1").click()
        dialog = sa.get_by_role("dialog")
        dialog.get_by_label("Criterion").fill(f"{seam} (clean)")
        dialog.get_by_role("button", name="Approve").click()
        expect(sa.get_by_text("Descriptor approved with modifications")).to_be_visible()

        sa.get_by_role("button", name="Return A2").click()
        dialog = sa.get_by_role("dialog", name="Return Descriptor")
        expect(dialog).to_contain_text("Return this descriptor to the SCM with feedback on what needs to be changed.")
        feedback = dialog.get_by_label("Feedback for SCM")
        expect(feedback).to_have_attribute("placeholder", "Please explain what needs to be revised...")
        dialog.get_by_role("button", name="Cancel").click()
        expect(dialog).to_have_count(0)
        expect(_card(sa, gap)).to_be_visible()
        sa.get_by_role("button", name="Return A2").click()
        dialog.get_by_label("Feedback for SCM").fill("Give the gap in millimetres.")
        dialog.get_by_role("button", name="Return", exact=True).click()
        expect(sa.get_by_text("Descriptor returned to SCM with your feedback")).to_be_visible()

        sa.get_by_role("checkbox", name="Select A3").click()
        sa.get_by_role("button", name="Approve selected").click()
        expect(sa.get_by_role("status").filter(has_text="Descriptor approved")).to_be_visible()
        expect(sa.get_by_text("No descriptors pending review.")).to_be_visible()

        scm.goto("/descriptors/mine")
        returned = _card(scm, gap)
        expect(returned).to_contain_text("SA Comment: Give the gap in millimetres.")
        expect(returned.locator("[data-batch-status=RETURNED]")).to_have_text("Returned")
        expect(_card(scm, bead).locator("[data-batch-status=APPROVED]")).to_have_text("Approved")
        reworded = _card(scm, f"{seam} (clean)").locator(".changes-box")
        expect(reworded).to_contain_text("The Skill Advisor changed the wording when approving")
        expect(reworded.locator("ins")).to_contain_text("(clean)")
        expect(_card(scm, bead).locator(".changes-box")).to_have_count(0)  # approved as written
        returned.get_by_role("link", name="Edit A2").click()
        expect(scm.get_by_role("heading", name="Revise Descriptor")).to_be_visible()
        expect(scm.get_by_text("Give the gap in millimetres.")).to_be_visible()
        scm.get_by_label("Score 3 (Excellent)").fill("Gap of 2 mm ± 0.5 mm along the whole root.")
        scm.get_by_label("Score 1 (Pass)").fill(f"{gap}: acceptable, under 3 mm.")
        scm.get_by_role("button", name="Update Descriptor").click()
        expect(scm).to_have_url(re.compile(r"/descriptors/mine$"))
        expect(scm.get_by_text("Descriptor updated successfully.")).to_be_visible()
        scm.get_by_role("button", name="Submit for Review").click()
        expect(scm.get_by_text("Batch submitted! 1 descriptor(s) sent for SA review.")).to_be_visible()

        sa.goto("/descriptors/review")
        again = _card(sa, gap)
        expect(again).to_contain_text("Resubmitted")
        expect(again).to_contain_text("Gap of 2 mm ± 0.5 mm along the whole root.")
        changes = again.locator(".changes-box")
        expect(changes).to_contain_text("Changed since you returned it")
        expect(changes).to_contain_text("Your comment then: Give the gap in millimetres.")
        expect(changes.locator("ins")).to_have_text(
            ["Gap of 2 mm ± 0.5 mm along the whole root.", "acceptable, under 3 mm."]
        )
        expect(changes.locator("del")).to_have_text([f"{gap}: flawless.", "acceptable."])
        for unchanged in ("Criterion", "Code", "Score 2 (Good)", "Score 0 (Below Pass)", "Tags"):
            expect(changes.get_by_text(unchanged, exact=True)).to_have_count(0)
        expect(changes.get_by_text("Score 3 (Excellent)", exact=True)).to_be_visible()
        expect(changes.get_by_text("Score 1 (Pass)", exact=True)).to_be_visible()

        subjects = {(tuple(to), msg["Subject"]) for to, msg in mailbox.delivered()}
    assert ((sa_email,), "Descriptor Review Request: 3 descriptors pending") in subjects
    assert ((sa_email,), "Revised Descriptors Resubmitted: 1 descriptor") in subjects
    assert ((scm_email,), f"Descriptor Approved with Changes: {seam} (clean)") in subjects
    assert ((scm_email,), f"Descriptor Returned: {gap}") in subjects
    assert ((scm_email,), f"Descriptor Approved: {bead}") in subjects


def test_typing_into_a_draft_descriptor_is_saved_without_pressing_anything(page: Page):
    scm_email, _ = make_person(Role.SCM)
    sign_in(page, scm_email)
    criterion = f"Saw cut is straight {uuid.uuid4().hex[:6]}"
    _write_descriptor(page, "S1", criterion, section="Work organisation and management")
    _card(page, criterion).get_by_role("link", name="Edit S1").click()
    expect(page.get_by_role("heading", name="Edit Descriptor")).to_be_visible()

    page.get_by_label("Score 2 (Good)").fill("Straight within 1 mm over the whole length.")
    wait_for_autosave(page)
    page.evaluate("localStorage.clear()")  # what comes back must come from the server
    page.reload()

    expect(page.get_by_label("Score 2 (Good)")).to_have_value("Straight within 1 mm over the whole length.")
