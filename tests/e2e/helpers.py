"""Steps a person takes, shared by the browser tests."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from workflow_app.accounts.domain.passwords import hash_password
from workflow_app.db import open_session
from workflow_app.demo import DEMO_PASSWORD
from workflow_app.models import Role, User


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


def make_person(role: Role = Role.SUBMITTER, *, name: str | None = None) -> tuple[str, str]:
    """A new account in the app's database; returns (email, display name)."""
    tag = uuid.uuid4().hex[:8]
    email, display_name = f"{role.value.lower()}-{tag}@example.com", name or f"{role.value.title()} {tag}"
    with open_session() as session:
        session.add(User(email=email, display_name=display_name, password_hash=hash_password(DEMO_PASSWORD), role=role))
        session.commit()
    return email, display_name


# An answer to each required smart-form field of a category (the preloaded forms, ORIGINS B).
REQUIRED_DETAILS = {
    "process-improvement": {"Describe the current process": "Checked by hand every morning."},
    "new-product-service": {"Target market or audience": "Small offices"},
    "cost-reduction": {"Current estimated annual cost (USD)": "12000", "Estimated savings (%)": "15"},
    "employee-experience": {"Which employee group is affected?": "Everyone"},
    "technical-innovation": {"Technical problem being solved": "Slow builds"},
}


def choose_category(page: Page, category: str) -> None:
    """Picks the idea's category and answers its form's required fields."""
    page.get_by_label("Category").select_option(category)
    for label, value in REQUIRED_DETAILS[category].items():
        page.get_by_label(label).fill(value)
    if category == "employee-experience":
        page.get_by_label("Current pain level").select_option("Medium")


def wait_for_autosave(page: Page) -> None:
    """After typing: the status line leaves "Saved at" (unsaved changes), then comes back to it."""
    status = page.locator("#save-status")
    expect(status).not_to_contain_text("Saved at", timeout=5_000)
    expect(status).to_contain_text("Saved at", timeout=15_000)
