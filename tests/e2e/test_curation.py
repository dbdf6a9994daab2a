"""An admin curates the library (ORIGINS C3): creates a descriptor with its skills, sector and
categories and finds it by each filter; is warned of near duplicates; deletes after the
confirmation, finds it under Deleted and restores it; is told a code is taken for the skill."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from tests.e2e.helpers import make_person, sign_in
from tests.e2e.test_accessibility import violations
from workflow_app.core.actor import Actor
from workflow_app.core.clock import system_clock
from workflow_app.db import open_session
from workflow_app.descriptors.domain import curation
from workflow_app.models import Role, User

pytestmark = pytest.mark.e2e


def _admin(page: Page) -> str:
    email, _ = make_person(Role.ADMIN)
    sign_in(page, email)
    return email


def _curated(email: str, *, code: str, name: str, skill: str) -> None:
    """A library descriptor written as the admin would, straight through the domain."""
    with open_session() as session:
        actor = Actor.of(session.exec(select(User).where(User.email == email)).one())
        form = curation.CuratedDescriptorIn(code=code, criterion_name=name, score3="Always", skill_names=skill)
        assert curation.create_curated_descriptor(session, actor, form, clock=system_clock).ok


def _row(page: Page, code: str):
    return page.get_by_role("row").filter(has=page.get_by_text(code, exact=True))


def test_an_admin_creates_a_descriptor_with_skills_sector_and_categories_and_finds_it_by_each(page: Page):
    _admin(page)
    tag = uuid.uuid4().hex[:6]
    code, skill, sector, category = f"Z{tag}", f"Robotics {tag}", f"Sector {tag}", f"Wiring {tag}"
    page.goto("/admin/descriptors")
    page.get_by_role("button", name="Create Descriptor").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Code").fill(code)
    dialog.get_by_label("Criterion").fill("Work area is kept safe and tidy")
    warning = dialog.get_by_role("status").filter(has_text="Similar descriptors found")
    expect(warning).to_contain_text("Review these similar descriptors to avoid duplicates:")
    near = warning.get_by_role("link", name="Work area is kept safe and tidy throughout")
    expect(near).to_have_attribute("href", re.compile(r"^/descriptors\?q=Work\+area"))
    expect(warning).to_contain_text(re.compile(r"\(\d+% similar\)"))
    dialog.get_by_label("Skills").fill(f"{skill}, Mechatronics")
    dialog.get_by_label("Sector").fill(sector)
    dialog.get_by_label("Categories").fill(f"{category}, Safety")
    dialog.get_by_label("Quality").select_option("EXCELLENT")
    dialog.get_by_label("Score 3 (Excellent)").fill("Spotless all day.")
    assert violations(page) == []  # the form with its warning open
    dialog.get_by_role("button", name="Save Descriptor").click()
    expect(page.get_by_text("Descriptor saved.")).to_be_visible()
    expect(dialog).to_be_hidden()

    for label, value, key in (
        ("Skill", skill.upper(), "skill"),
        ("Sector", sector.lower(), "sector"),
        ("Category", category, "category"),
    ):
        page.goto("/admin/descriptors")
        page.get_by_label(label, exact=True).fill(value)
        expect(page).to_have_url(re.compile(rf"[?&]{key}="))
        expect(_row(page, code)).to_contain_text(f"{skill}, Mechatronics")
        expect(page.get_by_role("row")).to_have_count(2)  # the header and this one
    page.get_by_label("Quality", exact=True).select_option("GOOD")
    expect(page.get_by_text("No descriptors match your search.")).to_be_visible()


def test_an_admin_deletes_after_the_confirmation_then_restores_it_from_deleted(page: Page):
    email = _admin(page)
    tag = uuid.uuid4().hex[:6]
    code, name = f"D{tag}", f"Cable trays are level {tag}"
    _curated(email, code=code, name=name, skill="Electrical Installations")
    page.goto(f"/admin/descriptors?q={code}")

    page.get_by_role("button", name=f"Delete {code}").click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text(f'Are you sure you want to delete "{name}"?')
    expect(confirm).to_contain_text("This descriptor will be soft-deleted and can be restored if needed.")
    confirm.evaluate("el => Promise.all(el.getAnimations({subtree: true}).map(a => a.finished))")  # faded in
    assert violations(page) == []
    confirm.get_by_role("button", name="Cancel").click()
    expect(confirm).to_be_hidden()
    expect(_row(page, code)).to_be_visible()

    page.get_by_role("button", name=f"Delete {code}").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Delete").click()
    expect(page.get_by_text("Descriptor deleted. It no longer shows in the library.")).to_be_visible()
    expect(_row(page, code)).to_have_count(0)

    page.get_by_label("Show", exact=True).select_option("deleted")
    expect(page).to_have_url(re.compile(r"show=deleted"))
    expect(page.get_by_role("columnheader", name="Deleted")).to_be_visible()
    # The delete's toast is checked too, once it has faded in (half-way, its colours are not its own).
    page.evaluate("Promise.all(document.getAnimations().map(a => a.finished))")
    assert violations(page) == []
    page.get_by_role("button", name=f"Restore {code}").click()
    expect(page.get_by_text("Descriptor restored. It shows in the library again.")).to_be_visible()
    expect(_row(page, code)).to_have_count(0)

    page.get_by_label("Show", exact=True).select_option("")
    expect(page.get_by_role("button", name=f"Delete {code}")).to_be_visible()


def test_a_code_the_skill_already_has_is_refused_on_the_form(page: Page):
    email = _admin(page)
    tag = uuid.uuid4().hex[:6]
    code, skill = f"T{tag}", f"Joinery {tag}"
    _curated(email, code=code, name=f"Joints are tight {tag}", skill=skill)
    page.goto("/admin/descriptors")
    page.get_by_role("button", name="Create Descriptor").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Code").fill(code)
    dialog.get_by_label("Criterion").fill(f"Mitres close without gaps {tag}")
    dialog.get_by_label("Skills").fill(skill.lower())
    dialog.get_by_label("Score 2 (Good)").fill("Small gaps only.")
    dialog.get_by_role("button", name="Save Descriptor").click()
    expect(dialog.get_by_role("alert")).to_have_text("A descriptor with this code already exists for this skill")
    expect(dialog.get_by_label("Code")).to_have_value(code)

    dialog.get_by_label("Skills").fill(f"Carpentry {tag}")
    dialog.get_by_role("button", name="Save Descriptor").click()
    expect(page.get_by_text("Descriptor saved.")).to_be_visible()
