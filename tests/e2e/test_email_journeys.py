"""A person verifies their email before the first sign-in, and another resets a forgotten password,
both through the mail the app sends (read from a loopback SMTP server)."""

from __future__ import annotations

import dataclasses
import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import make_person, sign_in, sign_out
from tests.support.smtp import Collector, local_smtp
from workflow_app import config
from workflow_app.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

PASSWORD = "Journey2Pass"


@pytest.fixture
def smtp(monkeypatch, app_url) -> Collector:
    with local_smtp(monkeypatch, base_url=app_url) as collector:
        yield collector


@pytest.fixture
def verification_on(monkeypatch):
    """FEATURE_EMAIL_VERIFICATION_ENABLED for the backend, which runs in this process."""
    monkeypatch.setattr(config, "settings", dataclasses.replace(config.settings, email_verification_enabled=True))


def mailed_link(smtp: Collector, to: str, path: str) -> str:
    mine = [m for rcpt, m in smtp.delivered() if rcpt == [to]]
    assert mine, f"no mail to {to}"
    text = mine[-1].get_body(("plain",)).get_content()
    found = re.search(rf"https?://\S+{re.escape(path)}\?token=[0-9a-f]{{64}}", text)
    assert found, text
    return found.group(0)


def alert(page: Page, text: str):
    return page.get_by_role("alert").filter(has_text=text)


def test_a_newcomer_verifies_their_email_before_the_first_sign_in(page: Page, smtp, verification_on):
    email = f"verify-{uuid.uuid4().hex[:8]}@example.com"
    page.goto("/register")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Create Account").click()
    expect(page.get_by_text("Registration successful. Please check your email to verify your account.")).to_be_visible()
    page.get_by_role("button", name="Resend").click()
    expect(page.get_by_text("If this account still needs verifying, we sent a new link.")).to_be_visible()

    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(alert(page, "Please verify your email before signing in.")).to_be_visible()
    page.get_by_role("button", name="Resend verification email").click()
    expect(page.get_by_text("If this account still needs verifying, we sent a new link.")).to_be_visible()
    link = mailed_link(smtp, email, "/verify-email")
    mine = [m for rcpt, m in smtp.delivered() if rcpt == [email]]
    assert [m["Subject"] for m in mine] == ["Verify your InnovatEPAM account"] * 3

    page.goto(link)
    expect(page.get_by_text("Email verified! You can now sign in.")).to_be_visible()
    sign_in(page, email, PASSWORD)
    sign_out(page)

    page.goto(link)  # the same link again
    expect(page.get_by_text("Already verified")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto("/verify-email?token=" + "0" * 64)
    expect(alert(page, "This verification link is invalid or has expired.")).to_be_visible()


def test_a_forgotten_password_is_reset_from_the_mailed_link(page: Page, smtp):
    email, _ = make_person()
    page.goto("/login")
    page.get_by_role("link", name="Forgot password?").click()
    expect(page).to_have_url(re.compile(r"/forgot-password$"))
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Send Reset Link").click()
    neutral = "If an account exists for that address, we sent a link to reset the password."
    expect(page.get_by_text(neutral)).to_be_visible()
    link = mailed_link(smtp, email, "/reset-password")

    page.goto(link)
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("Confirm new password").fill("short")
    page.get_by_role("button", name="Reset Password").click()
    expect(alert(page, "Password must be at least 8 characters.")).to_be_visible()
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm new password").fill(PASSWORD)
    page.get_by_role("button", name="Reset Password").click()
    expect(page.get_by_text("Your password has been reset. You can now sign in.")).to_be_visible()

    sign_in(page, email, PASSWORD)
    sign_out(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(alert(page, "Invalid email or password.")).to_be_visible()

    page.goto(link)  # the link worked once
    expect(alert(page, "This password reset link is invalid or has expired.")).to_be_visible()
    expect(page.get_by_role("link", name="Request a new link")).to_be_visible()
