"""axe-core (the npm package, `make install-dev`) finds no violation on any page, for any role,
at desktop width and on a phone (issue 12)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.test_phone_layout import EMAILS, PAGES, PHONE, _shown, _some_idea
from workflow_app.config import PROJECT_ROOT
from workflow_app.demo import DEMO_PASSWORD
from workflow_app.models import IdeaStatus, Role

AXE = PROJECT_ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 800}
# A button inside a link (or the reverse) is two Tab stops for one action (forms.link_button).
NESTED = "a button, a a, a input, button a, button button, button input"


def violations(page: Page) -> list[str]:
    """axe's violations of the page as it stands, one line per rule with the elements it names."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    lines = [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in found
    ]
    if nested := page.locator(NESTED).count():
        lines.append(f"nested-interactive: {nested} control(s) inside a link or button ({NESTED})")
    # Whether or not this data overflows here, a table's scroll area takes the focus where it
    # would (assets/scroll_regions.js): a phone and one long audit entry are enough.
    if unfocusable := page.locator(".rt-TableRoot .rt-ScrollAreaViewport:not([tabindex='0'])").count():
        lines.append(f"scroll-area: {unfocusable} table scroll area(s) without tabindex=0")
    return lines


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def viewer(request, browser: Browser, app_url: str) -> Iterator[Page]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make install-dev` installs axe-core")
    context = browser.new_context(base_url=app_url, viewport=request.param)
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def _sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/login" not in url)
    _shown(page)


def test_the_pages_before_signing_in_have_no_violations(viewer: Page):
    found = {}
    for path in ("/login", "/register", "/forgot-password"):
        viewer.goto(path)
        _shown(viewer)
        found[path] = violations(viewer)
    assert not any(found.values()), "\n".join(f"{path}: {line}" for path, lines in found.items() for line in lines)


@pytest.mark.parametrize("role", list(PAGES), ids=lambda r: r.value)
def test_no_page_of_the_role_has_violations(viewer: Page, role: Role):
    _sign_in(viewer, EMAILS[role])
    paths = [*PAGES[role], f"/ideas/{_some_idea(IdeaStatus.SUBMITTED)}"]
    if role in (Role.ADMIN, Role.SUPERADMIN):
        paths.append(f"/admin/review/{_some_idea(IdeaStatus.SUBMITTED)}")
    found = {}
    for path in paths:
        viewer.goto(path)
        _shown(viewer)
        found[path] = violations(viewer)
    assert not any(found.values()), "\n".join(f"{path}: {line}" for path, lines in found.items() for line in lines)
