"""Every page at a 390×844 phone: nothing scrolls sideways, and the header's navigation, the bell,
settings and sign-out are all in the menu drawer (issue 12)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import col, select

from workflow_app.db import open_session
from workflow_app.demo import DEMO_PASSWORD
from workflow_app.models import Idea, IdeaStatus, Role
from workflow_app.ui.components.layout import NAV_ITEMS

PHONE = {"width": 390, "height": 844}
EVERYONE = ("/", "/ideas", "/my-ideas", "/ideas/new", "/descriptors", "/notifications", "/settings")
ADMIN_PAGES = ("/admin", "/admin/audit", "/admin/descriptors", "/admin/skills", "/admin/import")
PAGES = {
    Role.SUBMITTER: EVERYONE,
    Role.SCM: (*EVERYONE, "/descriptors/mine", "/descriptors/new", "/descriptors/sections"),
    Role.SA: (*EVERYONE, "/descriptors/review"),
    Role.ADMIN: (*EVERYONE, *ADMIN_PAGES),
    Role.SUPERADMIN: (*EVERYONE, *ADMIN_PAGES, "/admin/users"),
}
EMAILS = {role: f"{role.value.lower()}@example.com" for role in PAGES}


@pytest.fixture
def phone(browser: Browser, app_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=app_url, viewport=PHONE, has_touch=True)
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def _sign_in_on_a_phone(page: Page, email: str) -> None:
    page.goto("/login")
    _fits(page, "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Menu")).to_be_visible()
    expect(page.get_by_role("button", name="Sign Out")).to_be_hidden()  # in the drawer, not the bar


def _shown(page: Page) -> None:
    """The page's own content is there (not the spinner it starts with)."""
    main = page.locator("main")
    expect(main.get_by_role("heading").first).to_be_visible()
    expect(main.locator("[aria-label=Loading]")).to_have_count(0)


def _fits(page: Page, path: str) -> None:
    _shown(page)
    # Not is_mobile: a phone's browser zooms out to a page wider than the screen, and then the
    # page's width is the window's (innerWidth grows with it).
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1] == PHONE["width"], f"{path} is {widths[0]} px wide on a {widths[1]} px screen"


def _some_idea(status: IdeaStatus) -> str:
    with open_session() as session:
        return session.exec(select(Idea.id).where(col(Idea.status) == status).limit(1)).one()


@pytest.mark.parametrize("role", list(PAGES), ids=lambda r: r.value)
def test_no_page_scrolls_sideways_on_a_phone(phone: Page, role: Role):
    _sign_in_on_a_phone(phone, EMAILS[role])
    paths = list(PAGES[role]) + [f"/ideas/{_some_idea(IdeaStatus.SUBMITTED)}"]
    if role in (Role.ADMIN, Role.SUPERADMIN):
        paths.append(f"/admin/review/{_some_idea(IdeaStatus.SUBMITTED)}")
    for path in paths:
        phone.goto(path)
        _fits(phone, path)


def test_the_pages_before_signing_in_fit_a_phone(phone: Page):
    for path in ("/login", "/register", "/forgot-password"):
        phone.goto(path)
        _fits(phone, path)


@pytest.mark.parametrize("role", list(PAGES), ids=lambda r: r.value)
def test_every_destination_of_the_role_is_in_the_menu(phone: Page, role: Role):
    _sign_in_on_a_phone(phone, EMAILS[role])
    mine = [(label, href) for label, href, roles in NAV_ITEMS if role.value in roles]
    for label, href in [*mine, ("Notifications", "/notifications"), ("Settings", "/settings")]:
        phone.get_by_role("button", name="Menu").click()
        drawer = phone.get_by_role("dialog", name="Menu")
        name = re.compile(r"^Notifications( \(\d+\))?$") if label == "Notifications" else label
        link = drawer.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        link.click()
        expect(phone).to_have_url(re.compile(re.escape(href) + r"/?(\?.*)?$"))
        expect(drawer).to_have_count(0)  # following a link closes the menu
        _fits(phone, href)
    phone.get_by_role("button", name="Menu").click()
    phone.get_by_role("dialog", name="Menu").get_by_role("button", name="Sign Out").click()
    expect(phone).to_have_url(re.compile(r"/login"))
