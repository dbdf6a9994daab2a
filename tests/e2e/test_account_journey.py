"""A new person registers, signs in, renames themself and signs out (Foundation issue)."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import sign_in, sign_out
from workflow_app.demo import DEMO_LOGINS
from workflow_app.models import Role

pytestmark = pytest.mark.e2e

PASSWORD = "Journey2Pass"


def test_register_sign_in_rename_sign_out_then_protected_page_asks_to_sign_in(page: Page):
    email = f"journey-{uuid.uuid4().hex[:8]}@example.com"
    page.goto("/register")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Display name (optional)").fill("Jo Journey")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Create Account").click()
    expect(page.get_by_role("heading", name="Welcome, Jo Journey")).to_be_visible()
    sign_out(page)

    sign_in(page, email, PASSWORD)
    page.get_by_role("link", name="Settings").click()
    name = page.get_by_label("Display name")
    name.fill("Jo Renamed")
    page.get_by_role("button", name="Save Display Name").click()
    expect(page.get_by_text("Display name updated.")).to_be_visible()
    expect(page.locator("#current-user-name")).to_have_text("Jo Renamed")

    sign_out(page)
    page.goto("/settings")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fsettings$"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_signing_in_follows_next_back_to_the_page_asked_for(page: Page):
    page.goto("/settings")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.get_by_label("Email").fill("submitter@example.com")
    page.get_by_label("Password").fill("DemoPass1")
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/settings$"))
    expect(page.get_by_role("heading", name="Settings")).to_be_visible()


def test_wrong_password_shows_the_one_generic_message(page: Page):
    page.goto("/login")
    page.get_by_label("Email").fill("admin@example.com")
    page.get_by_label("Password").fill("NotTheRight1")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("alert").filter(has_text="Invalid email or password.")).to_be_visible()


@pytest.mark.parametrize("login", DEMO_LOGINS, ids=lambda login: login.role.value)
def test_each_demo_user_sees_the_navigation_of_their_role(page: Page, login):
    sign_in(page, login.email)
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Ideas", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Settings")).to_be_visible()
    only_for = {
        "Admin": (Role.ADMIN, Role.SUPERADMIN),
        "My Descriptors": (Role.SCM,),
        "Pending Review": (Role.SA,),
        "People": (Role.SUPERADMIN,),
    }
    for link, roles in only_for.items():
        expected = 1 if login.role in roles else 0
        expect(nav.get_by_role("link", name=link, exact=True)).to_have_count(expected)


def test_a_submitter_opening_admin_gets_the_403_page(page: Page):
    sign_in(page, "submitter@example.com")
    page.goto("/admin")
    expect(page.get_by_role("heading", name="Access denied")).to_be_visible()
    expect(page.get_by_text("You don't have permission to access this page.")).to_be_visible()


def test_an_unknown_address_shows_the_styled_404_page(page: Page):
    page.goto("/no-such-page")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
