"""The real app, served by Reflex's AppHarness, driven by Playwright in Debian's Chromium."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import socket
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.support.chromium import CHROMIUM, CHROMIUM_ARGS
from workflow_app.config import PROJECT_ROOT

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
# One lock per working tree (kept outside it, so nothing untracked appears in the tree).
_TREE_ID = hashlib.sha1(str(PROJECT_ROOT).encode()).hexdigest()[:12]
_TREE_LOCK = Path(tempfile.gettempdir()) / f"workflow-e2e-{_TREE_ID}.lock"


@contextlib.contextmanager
def _only_harness_in_this_tree() -> Iterator[None]:
    """The harness builds the frontend in the tree's one .web and writes its backend's address to
    .web/env.json, which every running dev server there serves. A second session in the same tree
    (someone else's `pytest` in it) rewrote that file, and this session's pages then talked to the
    other session's backend and database: the demo's figures without this test's rows, or
    'Invalid email or password.' for a person made here. So one session at a time; the next waits."""
    with _TREE_LOCK.open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"Waiting for another browser-test session in {PROJECT_ROOT} ({_TREE_LOCK})")  # noqa: T201
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def harness(app_database: str):
    from reflex.testing import AppHarness

    os.environ.setdefault("REFLEX_USE_SYSTEM_BUN", "1")
    # A database query or bcrypt on the backend's event loop fails the event (and the test below).
    os.environ["WORKFLOW_LOOP_GUARD"] = "raise"
    tools_bin = PROJECT_ROOT / ".tools" / "node_modules" / ".bin"
    os.environ["PATH"] = f"{tools_bin}{os.pathsep}{os.environ['PATH']}"
    with _only_harness_in_this_tree(), AppHarness.create(root=PROJECT_ROOT) as harness:
        assert harness.frontend_url
        yield harness


@pytest.fixture(autouse=True)
def nothing_blocks_the_event_loop(harness):
    """Every browser test also proves that no handler it drove opened a DB connection or hashed
    a password on the event loop's thread (workflow_app/loop_guard.py counts each one)."""
    from workflow_app import loop_guard

    before = len(loop_guard.violations)
    yield
    assert loop_guard.watched(), "the backend's event loop thread was never registered"
    assert loop_guard.violations[before:] == []


@pytest.fixture(scope="session")
def app_url(harness) -> str:
    # Same host as the backend (127.0.0.1), so the session cookie reaches both.
    return harness.frontend_url.replace("localhost", "127.0.0.1").rstrip("/")


class BackendOutage:
    """Stops the app's backend (the websocket goes down) and brings it back on the same port."""

    def __init__(self, harness) -> None:
        self.harness = harness
        self.port = harness.backend.servers[0].sockets[0].getsockname()[1]

    def stop(self) -> None:
        self.harness.backend.should_exit = True
        self.harness.backend.force_exit = True
        self.harness.backend_thread.join(timeout=30)
        assert not self.harness.backend_thread.is_alive(), "backend did not stop"

    def start(self) -> None:
        self.harness._start_backend(port=self.port)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            time.sleep(0.2)
        raise RuntimeError("backend did not come back")


@pytest.fixture
def backend_outage(harness) -> Iterator[BackendOutage]:
    outage = BackendOutage(harness)
    yield outage
    if not harness.backend_thread.is_alive():
        outage.start()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, app_url: str, request) -> Iterator[Page]:
    context = browser.new_context(base_url=app_url, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report
