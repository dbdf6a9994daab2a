"""/admin/users in the browser: a superadmin gives a newcomer the SA role, which holds on the
newcomer's next page without signing in again; nobody else gets the page; nobody changes
their own role."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import make_person, sign_in
from workflow_app.demo import DEMO_PASSWORD
from workflow_app.models import Role


def test_a_superadmin_makes_a_newcomer_an_sa_and_their_next_page_shows_the_sa_navigation(
    page: Page,
    browser: Browser,
    app_url: str,
):
    email, name = make_person(Role.SUBMITTER)
    newcomer = browser.new_context(base_url=app_url).new_page()
    sign_in(newcomer, email)
    nav = newcomer.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Pending Review")).to_have_count(0)

    sign_in(page, "superadmin@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    page.get_by_label("Search by name or email").fill(email)
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"[?&]q="))
    # The search reloads the page: wait until only the match is listed, or the click below may
    # open a role menu that the reload then replaces.
    expect(page.get_by_role("row").filter(has_text="@")).to_have_count(1)
    row = page.get_by_role("row").filter(has_text=email)
    expect(row).to_have_count(1)
    row.get_by_label(f"Role of {name}").click()
    page.get_by_role("option", name="Skill Advisor").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text(f"Make {name} Skill Advisor?")
    dialog.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text(f"{name} is now Skill Advisor.")).to_be_visible()
    expect(row.get_by_label(f"Role of {name}")).to_contain_text("Skill Advisor")

    newcomer.goto("/ideas")  # no new sign-in: the next page already knows the role
    expect(newcomer.get_by_role("navigation", name="Main").get_by_role("link", name="Pending Review")).to_be_visible()
    newcomer.context.close()


def test_cancel_leaves_the_role_as_it_was(page: Page):
    email, name = make_person(Role.SUBMITTER)
    sign_in(page, "superadmin@example.com")
    page.goto(f"/admin/users?q={email}")
    row = page.get_by_role("row").filter(has_text=email)
    row.get_by_label(f"Role of {name}").click()
    page.get_by_role("option", name="Admin", exact=True).click()
    page.get_by_role("alertdialog").get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    expect(row.get_by_label(f"Role of {name}")).to_contain_text("Submitter")


def test_the_superadmin_cannot_change_their_own_role_or_deactivate_themselves(page: Page):
    sign_in(page, "superadmin@example.com")
    page.goto("/admin/users?q=superadmin@example.com")
    row = page.get_by_role("row").filter(has_text="superadmin@example.com")
    expect(row.get_by_label("Role of Sol Superadmin")).to_be_disabled()
    expect(row.get_by_role("button", name="Deactivate")).to_have_count(0)
    expect(row.get_by_text("You", exact=True)).to_be_visible()


def test_a_deactivated_person_is_signed_out_and_told_why_at_sign_in(page: Page, browser: Browser, app_url: str):
    email, name = make_person(Role.SUBMITTER)
    person = browser.new_context(base_url=app_url).new_page()
    sign_in(person, email)

    sign_in(page, "superadmin@example.com")
    page.goto(f"/admin/users?q={email}")
    page.get_by_role("row").filter(has_text=email).get_by_role("button", name="Deactivate").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Confirm").click()
    expect(page.get_by_text(f"{name} was deactivated.")).to_be_visible()

    person.goto("/my-ideas")
    expect(person.get_by_role("heading", name="Sign in")).to_be_visible()
    person.get_by_label("Email").fill(email)
    person.get_by_label("Password").fill(DEMO_PASSWORD)
    person.get_by_role("button", name="Sign In").click()
    expect(person.get_by_text("This account has been deactivated.")).to_be_visible()
    person.context.close()


def test_an_admin_opening_people_gets_the_403_page(page: Page):
    sign_in(page, "admin@example.com")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="People")).to_have_count(0)
    page.goto("/admin/users")
    expect(page.get_by_role("heading", name="Access denied")).to_be_visible()
