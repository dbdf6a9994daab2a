"""Browser benchmark: from navigation until each page shows its data, per role, production build.

    .venv/bin/python -m bench.browser                    # every role, 5 runs after 1 warm-up; writes RESULTS-browser.md
    .venv/bin/python -m bench.browser --quick --no-write # one role, 2 runs, no warm-up: a smoke check

Issue 12: with the production build `make run` serves, every page shows its data ≤ 1 s after
navigation on this machine. The bench starts that build (`reflex run --env prod`, one port) on
loopback over a fresh demo-seeded SQLite database, signs each demo person in through the real
login form in Debian's Chromium (Playwright), then times every page of their role twice: a full
load (`page.goto`) and an in-app navigation (a click on the header's link), each until the page's
data is visible. The floor is the same measurement on pages with no data, in the same run: the
full load of /login signed out, and the in-app step /login → /register. Nothing is asserted;
see bench/README.md for what "data visible" means on each page.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(tempfile.mkdtemp(prefix="wf-bench-browser-"))
DB_URL = f"sqlite:///{BENCH_DIR / 'bench.db'}"
# Read once by workflow_app.config: the bench's seeding goes to the database the app will serve.
os.environ["WORKFLOW_DB_URL"] = DB_URL
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright  # noqa: E402
from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from sqlmodel import Session, col, select  # noqa: E402

from bench.report import machine_lines, pct  # noqa: E402
from tests.support.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.support.servers import REFLEX, _stop_group, free_port  # noqa: E402
from workflow_app import demo  # noqa: E402
from workflow_app.accounts.pages import admin_audit, admin_users_state  # noqa: E402
from workflow_app.core.clock import system_clock  # noqa: E402
from workflow_app.db import make_engine  # noqa: E402
from workflow_app.descriptors.pages import sections, skills_state  # noqa: E402
from workflow_app.ideas.domain import dashboard  # noqa: E402
from workflow_app.models import Idea, IdeaStatus, Role  # noqa: E402

TOOLS_BIN = ROOT / ".tools" / "node_modules" / ".bin"
BUILD_MINUTES = 15  # the first start builds the frontend: 6+ minutes on the 2-core machine
WAIT_MS = 30_000  # a page not showing its data after this long counts as a failed run
TARGET_S = 1.0  # issue 12

OUT = io.StringIO()


def say(line: str = "") -> None:
    print(line, flush=True)
    OUT.write(line + "\n")


# --- what "data visible" means ------------------------------------------------------------------

# Watches the page's websocket from the first script on. Reflex ends every page's on_load chain
# (require_signed_in, then the page's own load) with `is_hydrated = true` on the root state, sent
# after the chain's deltas on the same socket: the moment the page's data has reached the browser,
# whatever the tab showed before (a reload or a client-side navigation shows the tab's previous
# state at once, so the DOM alone cannot tell fresh data from old).
SPY = """
(() => {
  const bench = window.__bench = {
    loadedAt: null, clickAt: null, framePassed: false,
    arm() { this.loadedAt = null; this.clickAt = null; this.framePassed = false; },
  };
  const HYDRATED = /"is_hydrated_rx_state_"\\s*:\\s*true/;
  const Socket = window.WebSocket;
  window.WebSocket = class extends Socket {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (e) => {
        if (bench.loadedAt === null && typeof e.data === "string" && HYDRATED.test(e.data)) {
          bench.loadedAt = performance.now();
        }
      });
    }
  };
  document.addEventListener("click", () => { if (bench.clickAt === null) bench.clickAt = performance.now(); }, true);
})();
"""

# Polled every animation frame: true (the browser's performance.now()) once the page's on_load
# chain has answered, one frame has been drawn since, and `main` shows the page: its heading,
# no skeleton ([aria-label=Loading]) left, and — for a list — its first item or its empty state.
READY = """
(spec) => {
  const bench = window.__bench;
  if (!bench || bench.loadedAt === null) return false;
  if (!bench.framePassed) { bench.framePassed = true; return false; }
  const main = document.querySelector("main");
  if (!main || main.querySelector('[aria-label="Loading"]')) return false;
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const headings = [...main.querySelectorAll("h1, h2, h3, h4, h5, h6")].filter(shown);
  if (!headings.some((h) => h.textContent.includes(spec.heading))) return false;
  if (spec.items || spec.empty) {
    const item = spec.items && [...main.querySelectorAll(spec.items)].some(shown);
    const empty = spec.empty && main.innerText.includes(spec.empty);
    if (!item && !empty) return false;
  }
  const now = performance.now();
  return { at: now, sinceClick: bench.clickAt === null ? null : now - bench.clickAt };
}
"""


@dataclass(frozen=True)
class Screen:
    """One page as the benchmark waits for it: `heading` is text of a heading it shows when it is
    the page asked for (not a 403 or 404), `items` the CSS of its data's first item inside
    `main`, `empty` its empty state's text; `nav` the header link that leads there."""

    path: str
    heading: str
    items: str = ""
    empty: str = ""
    nav: str = ""

    def spec(self) -> dict[str, str]:
        return {"heading": self.heading, "items": self.items, "empty": self.empty}

    @property
    def condition(self) -> str:
        shown = " or ".join(
            [*([f"`{self.items}`"] if self.items else []), *([f'"{self.empty}"'] if self.empty else [])]
        )
        return f'heading "{self.heading}"' + (f" + {shown}" if shown else "")


CARD = ".rt-Card"  # Radix's rx.card
TABLE_ROW = "tbody tr"
NO_MATCH = "No descriptors match your search."  # the library's and the curation list's empty state

EVERYONE = [
    Screen("/", "Welcome", items=CARD),  # the stat cards
    Screen("/ideas", "Ideas", items=CARD, empty="No ideas found.", nav="Ideas"),
    Screen("/my-ideas", "My Ideas", items=CARD, empty="You haven't submitted any ideas yet.", nav="My Ideas"),
    Screen("/descriptors", "Descriptor Library", items=CARD, empty=NO_MATCH, nav="Descriptors"),
    Screen("/notifications", "Notifications", items=CARD, empty="No notifications yet."),
    Screen("/settings", "Settings", items=CARD),
]
BY_ROLE: dict[Role, list[Screen]] = {
    Role.SCM: [
        Screen("/descriptors/mine", "My Descriptors", items="h2", nav="My Descriptors"),
        Screen("/descriptors/sections", "WSOS Sections", items=CARD, empty=sections.EMPTY, nav="Sections"),
    ],
    Role.SA: [
        Screen(
            "/descriptors/review",
            "Descriptors Awaiting Review",
            items=CARD,
            empty="No descriptors pending review.",
            nav="Pending Review",
        )
    ],
}
ADMIN_SCREENS = [
    Screen("/admin", "Admin dashboard", items=TABLE_ROW, empty=dashboard.EMPTY_QUEUE, nav="Admin"),
    Screen("/admin/audit", "Audit log", items=TABLE_ROW, empty=admin_audit.EMPTY),
    Screen("/admin/descriptors", "Curate descriptors", items=TABLE_ROW, empty=NO_MATCH),
    Screen("/admin/skills", "Skills", items=TABLE_ROW, empty=skills_state.EMPTY),
]
BY_ROLE[Role.ADMIN] = ADMIN_SCREENS
BY_ROLE[Role.SUPERADMIN] = [
    *ADMIN_SCREENS,
    Screen("/admin/users", "People", items=TABLE_ROW, empty=admin_users_state.EMPTY, nav="People"),
]
ROLES = [Role.SUBMITTER, Role.SCM, Role.SA, Role.ADMIN, Role.SUPERADMIN]
LOGIN = Screen("/login", "Sign in")  # the floor: no data, its on_load reads nothing signed out
REGISTER = Screen("/register", "Create your account")  # reached from /login by "Create one"
START = EVERYONE[0]  # where each in-app navigation starts: Home


def screens_for(role: Role, idea: Screen) -> list[Screen]:
    return [*EVERYONE, *BY_ROLE.get(role, []), idea]


# --- the app: database, production server -------------------------------------------------------


def seed_database() -> Screen:
    """Migrates the fresh database, seeds the demo data, and returns a SUBMITTED idea's page."""
    from alembic import command

    from workflow_app.cli import alembic_config

    command.upgrade(alembic_config(DB_URL), "head")
    engine = make_engine(DB_URL)
    with Session(engine, expire_on_commit=False) as session:
        demo.seed_demo_data(session, clock=system_clock)
        idea = session.exec(
            select(Idea).where(Idea.status == IdeaStatus.SUBMITTED).order_by(col(Idea.created_at).desc())
        ).first()
    engine.dispose()
    assert idea is not None, "the demo data has no SUBMITTED idea"
    return Screen(f"/ideas/{idea.id}", idea.title, items=CARD)  # the description's card


def subprocess_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PORT", "REFLEX_REDIS_URL"}}
    env.update(
        {
            "PATH": f"{TOOLS_BIN}{os.pathsep}{ROOT / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}",
            "REFLEX_USE_SYSTEM_BUN": "1",
            "REFLEX_TELEMETRY_ENABLED": "false",
            "REFLEX_CHECK_LATEST_VERSION": "false",
        }
    )
    return env


class ProdApp:
    """`reflex run --env prod` as `make run` starts it: frontend and backend on one port of
    127.0.0.1, in its own process group (stopping it stops Granian's workers too).

    It builds in a copy of .web of its own (REFLEX_WEB_WORKDIR; node_modules copied, so no
    install): a `make test` or `make run` going on meanwhile keeps its frontend untouched."""

    def __init__(self) -> None:
        self.port = free_port()
        self.log_path = BENCH_DIR / "app.log"
        self.web = BENCH_DIR / "web"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _copy_web(self) -> None:
        here = ROOT / ".web"
        if (here / "node_modules").is_dir():
            skip = {"build", ".react-router"}  # the build's own output, made afresh

            def ignore(folder: str, names: list[str]) -> set[str]:
                return skip & set(names) if Path(folder) == here else set()

            shutil.copytree(here, self.web, symlinks=True, ignore=ignore)

    def start(self) -> ProdApp:
        self._copy_web()
        env = subprocess_env()
        env.update(
            {
                "WORKFLOW_DB_URL": DB_URL,
                "APP_BASE_URL": f"{self.url},http://localhost:{self.port}",
                "REFLEX_STATES_WORKDIR": str(BENCH_DIR / "states"),
                "REFLEX_WEB_WORKDIR": str(self.web),
                "SMTP_ENABLED": "false",
                "PYTHONUNBUFFERED": "1",
            }
        )
        command = [str(REFLEX), "run", "--env", "prod", "--frontend-port", str(self.port)]
        command += ["--backend-host", "127.0.0.1", "--loglevel", "warning"]
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        return self

    def wait_ready(self) -> float:
        """Seconds until the page answers 200 and the backend's /ping answers (build included)."""
        assert self.proc is not None, "start first"
        started = time.monotonic()
        deadline = started + BUILD_MINUTES * 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the app exited ({self.proc.returncode}):\n{self.log_tail()}")
            try:
                if (
                    httpx.get(f"{self.url}/", timeout=2).status_code == 200
                    and httpx.get(f"{self.url}/ping", timeout=2).status_code == 200
                ):
                    return time.monotonic() - started
            except httpx.HTTPError:
                pass
            time.sleep(1)
        raise RuntimeError(f"the app did not answer within {BUILD_MINUTES} minutes:\n{self.log_tail()}")

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:] if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.proc is not None:
            _stop_group(self.proc)
            self.proc = None


# --- timing ---------------------------------------------------------------------------------------


@dataclass
class Samples:
    """Seconds per run: `wall` in this process around the action, `browser` by performance.now()
    (a full load: since the navigation started; in-app: since the click event)."""

    wall: list[float] = field(default_factory=list)
    browser: list[float] = field(default_factory=list)
    failed: int = 0


def ms(value: float) -> str:
    return "—" if value != value else f"{value * 1000:.0f}"


def wait_visible(page: Page, screen: Screen) -> dict[str, float | None]:
    """Until the page shows its data (READY); the browser's clock at that frame."""
    handle = page.wait_for_function(READY, arg=screen.spec(), polling="raf", timeout=WAIT_MS)
    ready: dict[str, float | None] = handle.json_value()
    return ready


def full_load(page: Page, screen: Screen) -> tuple[float, float]:
    started = time.perf_counter()
    page.goto(screen.path, wait_until="commit")
    ready = wait_visible(page, screen)
    return time.perf_counter() - started, float(ready["at"] or 0) / 1000


def in_app(page: Page, start: Screen, screen: Screen, link: str) -> tuple[float, float]:
    full_load(page, start)
    page.evaluate("window.__bench.arm()")
    target = page.get_by_role("link", name=link, exact=True)
    if screen.nav:
        target = page.get_by_role("navigation", name="Main").get_by_role("link", name=link, exact=True)
    # Found and in view before the clock starts, then one real mouse click: Playwright's own
    # click() would add its actionability checks (tens of ms) to the time.
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    assert box is not None, f"no {link!r} link on {start.path}"
    started = time.perf_counter()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    ready = wait_visible(page, screen)
    return time.perf_counter() - started, float(ready["sinceClick"] or 0) / 1000


def repeat(action: Callable[[], tuple[float, float]], runs: int, warmup: int, what: str) -> Samples:
    samples = Samples()
    for i in range(warmup + runs):
        try:
            wall, browser = action()
        except PlaywrightError as error:
            samples.failed += 1
            print(f"  {what}: run {i + 1} failed: {str(error).splitlines()[0]}", flush=True)
            continue
        if i >= warmup:
            samples.wall.append(wall)
            samples.browser.append(browser)
    return samples


@dataclass
class Measured:
    screen: Screen
    full: Samples
    nav: Samples | None


def new_page(browser: Browser, url: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(base_url=url, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(WAIT_MS)
    context.add_init_script(SPY)
    return context, context.new_page()


def sign_in(page: Page, email: str) -> None:
    """Through the real form, as a person does (tests/e2e/helpers.py)."""
    page.goto(LOGIN.path)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Sign Out")).to_be_visible()


def measure_floor(browser: Browser, url: str, runs: int, warmup: int) -> tuple[Samples, Samples]:
    context, page = new_page(browser, url)
    try:
        full = repeat(lambda: full_load(page, LOGIN), runs, warmup, "floor /login")
        nav = repeat(lambda: in_app(page, LOGIN, REGISTER, "Create one"), runs, warmup, "floor /login → /register")
    finally:
        context.close()
    return full, nav


def measure_role(browser: Browser, url: str, role: Role, idea: Screen, runs: int, warmup: int) -> list[Measured]:
    login = next(d for d in demo.DEMO_LOGINS if d.role == role)
    context, page = new_page(browser, url)
    results = []
    try:
        sign_in(page, login.email)
        for screen in screens_for(role, idea):
            full = repeat(lambda s=screen: full_load(page, s), runs, warmup, f"{role.value} {screen.path}")
            nav = None
            if screen.nav:
                nav = repeat(
                    lambda s=screen: in_app(page, START, s, s.nav), runs, warmup, f"{role.value} → {screen.nav}"
                )
            results.append(Measured(screen, full, nav))
            print(f"  {role.value} {screen.path}: {ms(pct(full.wall, 50))} ms", flush=True)
    finally:
        context.close()
    return results


# --- the report ------------------------------------------------------------------------------------


def machine(chromium: str) -> str:
    from importlib.metadata import version

    return (
        f"{machine_lines()}\n"
        f"- the production build (`reflex run --env prod`, frontend and backend on one port, as `make run`), "
        f"Python {platform.python_version()}, Reflex {version('reflex')}, demo data on SQLite; "
        f"Chromium {chromium} headless (Playwright {version('playwright')}), 1280×800, on the same machine"
    )


def ratio(ours: float, floor: float) -> str:
    return "—" if not floor or ours != ours or floor != floor else f"{ours / floor:.1f}×"


def cell(samples: Samples | None) -> tuple[str, str]:
    """(median with the browser's own figure, p90), in ms."""
    if samples is None:
        return "—", "—"
    failed = f" ({samples.failed} failed)" if samples.failed else ""
    median = f"{ms(pct(samples.wall, 50))} ({ms(pct(samples.browser, 50))}){failed}"
    return median, ms(pct(samples.wall, 90))


def verdict(row: Measured) -> str:
    runs = [row.full, *([row.nav] if row.nav else [])]
    if any(s.failed or not s.wall for s in runs):
        return "**no** (failed runs)"
    medians = max(pct(s.wall, 50) for s in runs)
    p90 = max(pct(s.wall, 90) for s in runs)
    if medians > TARGET_S:
        return "**no**"
    return "yes" if p90 <= TARGET_S else "yes (p90 > 1 s)"


def report_role(role: Role, rows: list[Measured], floor_full: Samples, floor_nav: Samples) -> None:
    login = next(d for d in demo.DEMO_LOGINS if d.role == role)
    say(f"\n## {role.value} ({login.email})\n")
    say(
        "| page | full load median ms | p90 | in-app median ms | p90 | ratio to floor (full / in-app) | ≤ 1 s? |\n"
        "|---|---|---|---|---|---|---|"
    )
    full_floor, nav_floor = pct(floor_full.wall, 50), pct(floor_nav.wall, 50)
    for row in rows:
        full_median, full_p90 = cell(row.full)
        nav_median, nav_p90 = cell(row.nav)
        ratios = ratio(pct(row.full.wall, 50), full_floor)
        ratios += f" / {ratio(pct(row.nav.wall, 50), nav_floor)}" if row.nav else ""
        name = "/ideas/<id>" if row.screen.path.startswith("/ideas/") else row.screen.path
        say(f"| `{name}` | {full_median} | {full_p90} | {nav_median} | {nav_p90} | {ratios} | {verdict(row)} |")


# --- main ------------------------------------------------------------------------------------------


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per page and way (the median of these)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first")
    parser.add_argument("--roles", default=",".join(r.value for r in ROLES), help="comma-separated roles")
    parser.add_argument("--quick", action="store_true", help="a smoke check: SUBMITTER only, 2 runs, no warm-up")
    parser.add_argument("--out", default=str(ROOT / "bench" / "RESULTS-browser.md"))
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS-browser.md alone")
    args = parser.parse_args()
    args.roles = [Role(r.strip()) for r in args.roles.split(",") if r.strip()]
    if args.quick:
        args.roles, args.runs, args.warmup = [Role.SUBMITTER], 2, 0
    return args


def run(args: argparse.Namespace) -> None:
    os.environ.update(subprocess_env())  # Playwright's driver too
    idea = seed_database()
    app = ProdApp().start()
    try:
        print(f"building and starting the production app on {app.url} (up to {BUILD_MINUTES} min)…", flush=True)
        ready_after = app.wait_ready()
        print(f"app ready after {ready_after:.0f} s", flush=True)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                floor_full, floor_nav = measure_floor(browser, app.url, args.runs, args.warmup)
                results = {
                    role: measure_role(browser, app.url, role, idea, args.runs, args.warmup) for role in args.roles
                }
                chromium = browser.version
            finally:
                browser.close()
    finally:
        app.stop()
    say("# Browser benchmark: navigation → data visible (`make bench-browser`)\n")
    say(machine(chromium))
    say(
        f"- {args.runs} timed runs per page and way after {args.warmup} warm-up; milliseconds of wall time in the "
        "bench process around the action, the browser's own `performance.now()` figure in parentheses "
        "(full load: from navigation start; in-app: from the click event); the app was ready "
        f"{ready_after:.0f} s after its start (the build included)"
    )
    say(
        f"- **floor** (pages with no data, same run): full load of `/login` signed out "
        f"{ms(pct(floor_full.wall, 50))} ms median ({ms(pct(floor_full.browser, 50))}), p90 "
        f"{ms(pct(floor_full.wall, 90))}; in-app `/login` → `/register` ({REGISTER.heading!r}) "
        f"{ms(pct(floor_nav.wall, 50))} ms median ({ms(pct(floor_nav.browser, 50))}), p90 "
        f"{ms(pct(floor_nav.wall, 90))}. Every signed-in page has a state load, so no in-app floor among them"
    )
    say(
        "- full load = `page.goto(path)`; in-app = from Home, a click on the header's link (pages without one: —); "
        '≤ 1 s? = both medians ≤ 1 s (p90 noted when over). "Data visible": bench/README.md'
    )
    for role, rows in results.items():
        report_role(role, rows, floor_full, floor_nav)
    conditions = {row.screen.path: row.screen.condition for rows in results.values() for row in rows}
    say("\n## What each page waited for (inside `main`, after its on_load chain answered)\n")
    for path, condition in conditions.items():
        say(f"- `{'/ideas/<id>' if path.startswith('/ideas/') else path}`: {condition}")


def main() -> int:
    started = time.monotonic()
    try:
        args = parse()
        run(args)
    finally:
        shutil.rmtree(BENCH_DIR, ignore_errors=True)
    say(f"\nWhole run: {time.monotonic() - started:.0f} s. Method and caveats: bench/README.md.")
    if not args.no_write:
        Path(args.out).write_text(OUT.getvalue())
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
