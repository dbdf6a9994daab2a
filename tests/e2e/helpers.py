"""Steps a person takes, shared by the browser tests."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from workflow_app.domain.demo import DEMO_PASSWORD


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Sign Out")).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign Out").click()
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
