"""Socket.io load benchmarks of the draft editor against production backends on loopback.

    .venv/bin/python -m bench.ws                 # everything (~20 min), writes bench/RESULTS.md
    .venv/bin/python -m bench.ws --only typists --sizes 20,100 --duration 10 --no-write

Each scenario starts its own backend(s) (`reflex run --env prod --backend-only`, as
tests/support/servers.py does) with `WORKFLOW_BENCH=1`, which registers the no-op floor state
(workflow_app/bench_noop.py), then drives them with many socket.io clients on one asyncio loop
speaking Reflex's `/_event` protocol (tests/support/reflex_ws.py). Every figure is printed with
its floor measured in the same run on the same backend and the same connected tabs: the floor
is `BenchNoopState.noop`, an event that only echoes a number back. See bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import io
import json
import math
import os
import platform
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(tempfile.mkdtemp(prefix="wf-bench-"))
# Read once by workflow_app.config: the bench process's own domain calls (seeding, polling) go to
# the same database as the backends it starts. Set before anything imports workflow_app.
os.environ["WORKFLOW_DB_URL"] = f"sqlite:///{BENCH_DIR / 'bench.db'}"
os.environ["WORKFLOW_BENCH"] = "1"
os.environ.pop("REFLEX_REDIS_URL", None)
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
import psutil  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from bench.report import machine_lines, pct, tree_state  # noqa: E402
from tests.support.reflex_ws import FIELD_MARKER, ReflexClient  # noqa: E402
from tests.support.servers import Backend, RedisServer  # noqa: E402
from workflow_app.accounts.domain import passwords, sessions  # noqa: E402
from workflow_app.bench_noop import BenchNoopState  # noqa: E402
from workflow_app.core.actor import Actor  # noqa: E402
from workflow_app.core.clock import system_clock  # noqa: E402
from workflow_app.db import make_engine  # noqa: E402
from workflow_app.ideas.domain import drafts  # noqa: E402
from workflow_app.ideas.domain.idea_rules import IdeaIn  # noqa: E402
from workflow_app.ideas.pages.idea_editor_state import IdeaEditorState  # noqa: E402
from workflow_app.models import Idea, Role, User  # noqa: E402
from workflow_app.ui.autosave import PAUSE_SECONDS  # noqa: E402

DEBOUNCE_SECONDS = 0.3  # debounce_timeout=300 of the editor's inputs (ideas/pages/idea_editor.py)
TIMEOUT_SECONDS = 15.0  # an event without its reply after this long counts as a timeout
QUIET_SECONDS = 90.0  # after a run's tabs close: wait this long at most for an idle backend
RUN_TAG = [0]  # bumped per measured run, so no run's texts can match an earlier run's rows
POLL_SECONDS = 0.1  # how often the bench reads the drafts back from the database
TYPIST_RATE = 5.0  # keystroke events per second per typist in the "5 events/s" runs
PROBE_RATE = 20.0  # no-op events per second of the probe tab in the heavy-event runs
MAX_TITLE = 140  # below the title limit (150), so every autosave is valid
NOOP = BenchNoopState.get_full_name()
EDITOR = IdeaEditorState.get_full_name()
SEQ_KEY = "seq" + FIELD_MARKER
TITLE_KEY = "title" + FIELD_MARKER
SAVING_KEY = "saving_draft" + FIELD_MARKER

OUT = io.StringIO()


def say(line: str = "") -> None:
    print(line, flush=True)
    OUT.write(line + "\n")


# --- statistics -------------------------------------------------------------------------------


def ms(value: float) -> str:
    return "—" if value != value else f"{value * 1000:.0f} ms" if value >= 0.01 else f"{value * 1000:.1f} ms"


def ratio(ours: float, floor: float) -> str:
    return "—" if not floor or ours != ours or floor != floor else f"{ours / floor:.2f}×"


# --- the database: seeding and reading back ----------------------------------------------------


@dataclass
class Typist:
    user_id: str
    email: str
    draft_id: str
    cookie: str


def migrate(url: str) -> None:
    from alembic import command

    from workflow_app.cli import alembic_config

    command.upgrade(alembic_config(url), "head")


def seed(engine: sa.Engine, count: int, prefix: str) -> list[Typist]:
    """`count` users, each with one draft and a signed-in session, made by the domain directly.

    Sessions come from `sessions.issue_login_ticket` + `redeem_login_ticket`, what the login
    form and the hand-off route do (the login itself is measured by tests/scaleout, not here).
    bcrypt runs at cost 4 for the seeding only; the backends never hash these passwords.
    """
    passwords.BCRYPT_COST = 4
    password_hash = passwords.hash_password("BenchPass1")
    typists: list[Typist] = []
    with Session(engine, expire_on_commit=False) as session:
        users = [
            User(
                email=f"{prefix}{i}@bench.example",
                display_name=f"Typist {prefix}{i}",
                password_hash=password_hash,
                role=Role.SUBMITTER,
            )
            for i in range(count)
        ]
        session.add_all(users)
        session.commit()
        for i, user in enumerate(users):
            saved = drafts.save_draft(
                session,
                Actor.of(user),
                IdeaIn(title=f"Bench draft {prefix}{i}", description=None, category=None),
                draft_id=None,
                clock=system_clock,
            )
            assert saved.ok, saved
            ticket = sessions.issue_login_ticket(session, user_id=user.id, clock=system_clock)
            session.commit()
            token = sessions.redeem_login_ticket(session, ticket=ticket, ttl=dt.timedelta(hours=8), clock=system_clock)
            typists.append(Typist(user.id, user.email, saved.value.id, f"{sessions.COOKIE_NAME}={token}"))
    return typists


class CommitWatch:
    """Polls the drafts' titles every POLL_SECONDS (in a thread) and times each expected text.

    `expect(draft, text, since)`: the draft should come to hold `text`; the delay from `since`
    (the last keystroke before the pause) to the first poll that sees it is one sample. A newer
    expectation for the same draft before it was seen counts as `superseded` (not committed
    within its pause).
    """

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.waiting: dict[str, tuple[str, float]] = {}
        self.samples: list[float] = []
        self.first_at = math.inf
        self.late_at: list[float] = []  # when the pauses committed later than 2 s began
        self.superseded = 0
        self._task: asyncio.Task | None = None

    def expect(self, draft_id: str, text: str, since: float) -> None:
        text = text.strip()
        if (waiting := self.waiting.get(draft_id)) is not None:
            if waiting[0] == text:
                return  # the same pause, already waited for
            self.superseded += 1
        self.waiting[draft_id] = (text, since)

    def _read(self, ids: list[str]) -> dict[str, str]:
        with Session(self.engine) as session:
            rows = session.exec(select(Idea.id, Idea.title).where(Idea.id.in_(ids))).all()
        return {row[0]: row[1] or "" for row in rows}

    async def _poll(self) -> None:
        while True:
            if self.waiting:
                titles = await asyncio.to_thread(self._read, list(self.waiting))
                now = time.monotonic()
                for draft_id, (text, since) in list(self.waiting.items()):
                    if titles.get(draft_id) == text and self.waiting.get(draft_id, (None,))[0] == text:
                        self.samples.append(now - since)
                        self.first_at = min(self.first_at, since)
                        self.late_at += [since] if now - since > 2.0 else []
                        del self.waiting[draft_id]
            await asyncio.sleep(POLL_SECONDS)

    def start(self) -> None:
        self._task = asyncio.create_task(self._poll())

    async def settle(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.waiting and time.monotonic() < deadline:
            await asyncio.sleep(POLL_SECONDS)

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


# --- tabs and phases ---------------------------------------------------------------------------


@dataclass
class Phase:
    """What one kind of event got during one window: replies matched to sends."""

    name: str
    sent: int = 0
    latencies: list[float] = field(default_factory=list)
    by_kind: dict[str, list[float]] = field(default_factory=dict)  # "noop" | "title" | "save"
    replied_at: list[float] = field(default_factory=list)
    late: int = 0
    window: tuple[float, float] = (0.0, 0.0)
    backend_cpu: float = float("nan")  # cores busy on average in the window
    client_cpu: float = float("nan")
    service_cpu: float = float("nan")  # Redis + PostgreSQL, where they run
    drain: float = 0.0  # seconds after the window until the backend was idle again
    opened: float = 0.0  # seconds to open the run's tabs

    @property
    def timeouts(self) -> int:
        return self.sent - len(self.latencies) + self.late

    @property
    def throughput(self) -> float:
        """Replies per second that arrived inside the window (the rate the backend served)."""
        start, end = self.window
        served = sum(1 for t in self.replied_at if start <= t <= end)
        return served / (end - start) if end > start else float("nan")


class Tab:
    """One connected editor tab with its own draft; matches replies to the events it sent."""

    def __init__(self, client: ReflexClient, typist: Typist | None) -> None:
        self.client = client
        self.typist = typist
        self.pending: dict[object, float] = {}
        self.phase: Phase | None = None
        self.saving_sent: float | None = None
        self.last_title = ""
        self.last_sent = 0.0
        self.replied = asyncio.Event()

    def listen(self) -> None:
        self.client.on_update = self._update

    def _update(self, update: dict) -> None:
        delta = update.get("delta")
        if not delta:
            return
        now = time.monotonic()
        keys = []
        if (noop := delta.get(NOOP)) and SEQ_KEY in noop:
            keys.append(("noop", noop[SEQ_KEY]))
        if (editor := delta.get(EDITOR)) is not None:
            if TITLE_KEY in editor:
                keys.append(("title", editor[TITLE_KEY]))
            if editor.get(SAVING_KEY) is False and self.saving_sent is not None:
                keys.append(("save", self.saving_sent))
                self.saving_sent = None
        for key in keys:
            sent = self.pending.pop(key, None)
            if sent is None or self.phase is None:
                continue
            latency = now - sent
            self.phase.latencies.append(latency)
            self.phase.by_kind.setdefault(key[0], []).append(latency)
            self.phase.replied_at.append(now)
            if latency > TIMEOUT_SECONDS:
                self.phase.late += 1
            self.replied.set()

    async def noop(self, seq: int) -> None:
        self.pending[("noop", seq)] = time.monotonic()
        self.phase.sent += 1
        await self.client.emit(BenchNoopState, "noop", seq=seq)

    async def title(self, text: str) -> None:
        self.pending[("title", text)] = time.monotonic()
        self.phase.sent += 1
        self.last_title = text
        self.last_sent = self.pending[("title", text)]
        await self.client.emit(IdeaEditorState, "set_title", value=text)

    async def save(self) -> None:
        now = time.monotonic()
        self.saving_sent = now
        self.pending[("save", now)] = now
        self.phase.sent += 1
        await self.client.emit(IdeaEditorState, "save_draft")


async def open_tabs(
    urls: list[str], typists: list[Typist], http: aiohttp.ClientSession, *, concurrency: int = 20
) -> tuple[list[Tab], float]:
    """Each typist opens their draft's editor (round robin over `urls`); returns tabs and seconds."""
    gate = asyncio.Semaphore(concurrency)
    started = time.monotonic()

    async def one(i: int, typist: Typist) -> Tab:
        client = ReflexClient(urls[i % len(urls)], cookie=typist.cookie, http_session=http)
        async with gate:
            for attempt in range(3):
                try:
                    await client.connect(f"/ideas/{typist.draft_id}/edit", {"idea_id": typist.draft_id}, timeout=60)
                    await client.wait_for_var(IdeaEditorState, "draft_id", typist.draft_id, timeout=60)
                    break
                except Exception:
                    if attempt == 2:
                        raise
                    await asyncio.sleep(1 + attempt)
        tab = Tab(client, typist)
        tab.listen()
        return tab

    tabs = await asyncio.gather(*(one(i, t) for i, t in enumerate(typists)))
    return list(tabs), time.monotonic() - started


async def close_tabs(tabs: Iterable[Tab]) -> None:
    await asyncio.gather(*(tab.client.disconnect() for tab in tabs), return_exceptions=True)


def cpu_seconds(pids: list[int]) -> float:
    """CPU seconds of these processes, including their children that already exited (PostgreSQL
    runs one process per connection: its time moves into the postmaster's once reaped)."""
    total = 0.0
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            times = psutil.Process(pid).cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
    return total


async def run_phase(
    name: str,
    tabs: list[Tab],
    driver: Callable,
    duration: float,
    backends: list[Backend],
    watch: CommitWatch | None = None,
    services: Callable[[], list[int]] | None = None,
) -> Phase:
    """Runs `driver(tab, start, end)` for every tab for `duration` s, then waits for the replies.

    `duration` 0: closed loop, the window lasts until every driver is done."""
    phase = Phase(name)
    RUN_TAG[0] += 1
    for tab in tabs:
        tab.phase, tab.pending = phase, {}
    pids = [pid for b in backends for pid in b.pids()]
    service_pids = services() if services else []
    me = psutil.Process()
    start = time.monotonic() + 0.5
    end = start + duration
    phase.window = (start, end)
    cpu0, me0, svc0 = cpu_seconds(pids), me.cpu_times(), cpu_seconds(service_pids)
    await asyncio.gather(*(driver(tab, start, end) for tab in tabs))
    await asyncio.sleep(max(0.0, end - time.monotonic()))
    if duration == 0:
        end = time.monotonic()
        phase.window = (start, end)
    cpu1, me1, svc1 = cpu_seconds(pids), me.cpu_times(), cpu_seconds(service_pids)
    elapsed = max(end - start, 1e-6)
    phase.service_cpu = (svc1 - svc0) / elapsed
    phase.backend_cpu = (cpu1 - cpu0) / elapsed
    phase.client_cpu = (me1.user + me1.system - me0.user - me0.system) / elapsed
    # Replies still due (a reply after TIMEOUT_SECONDS is a timeout all the same), then the
    # commits of the last texts.
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while any(tab.pending for tab in tabs) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    if watch is not None:
        await watch.settle(TIMEOUT_SECONDS)
    for tab in tabs:
        tab.phase = None
    return phase


async def measure(
    name: str,
    urls: list[str],
    typists: list[Typist],
    http: aiohttp.ClientSession,
    driver: Callable,
    duration: float,
    backends: list[Backend],
    watch: CommitWatch | None = None,
    services: Callable[[], list[int]] | None = None,
) -> Phase:
    """One run on tabs of its own: open them, run, close them, wait for an idle backend.

    Closing the tabs lets the backend drop what they still had queued (events of gone tabs are
    shed), so an overloaded run does not leave its backlog to the next one."""
    tabs, opened = await open_tabs(urls, typists, http)
    try:
        phase = await run_phase(name, tabs, driver, duration, backends, watch, services)
    finally:
        await close_tabs(tabs)
    closed = time.monotonic()
    await quiet([pid for b in backends for pid in b.pids()], until=closed + QUIET_SECONDS)
    phase.opened = opened
    phase.drain = time.monotonic() - phase.window[1]
    return phase


async def quiet(pids: list[int], *, until: float, idle_cores: float = 0.05) -> None:
    """Returns once the processes used under `idle_cores` for half a second (or at `until`)."""
    last = cpu_seconds(pids)
    while time.monotonic() < until:
        await asyncio.sleep(0.5)
        now = cpu_seconds(pids)
        if (now - last) / 0.5 < idle_cores:
            return
        last = now


# --- drivers: what each tab sends ---------------------------------------------------------------


async def _sleep_until(t: float) -> None:
    delay = t - time.monotonic()
    if delay > 0:
        await asyncio.sleep(delay)


def steady(kind: str, rate: float, watch: CommitWatch | None = None) -> Callable:
    """`rate` events per second per tab (open loop, as keys are pressed), from a random offset."""

    async def drive(tab: Tab, start: float, end: float) -> None:
        t = start + random.uniform(0, 1 / rate)
        seq = 0
        base = f"Bench run {RUN_TAG[0]} steady typing"
        while t < end:
            await _sleep_until(t)
            seq += 1
            if kind == "noop":
                await tab.noop(seq)
            else:
                await tab.title(f"{base} {seq}")
            t += 1 / rate
        if watch is not None and kind == "title" and tab.last_title:
            watch.expect(tab.typist.draft_id, tab.last_title, tab.last_sent)

    return drive


WORDS = (
    "draft",
    "idea",
    "coffee",
    "machine",
    "quiet",
    "floor",
    "energy",
    "review",
    "team",
    "safety",
    "badge",
    "budget",
    "print",
    "paper",
    "window",
    "light",
    "meeting",
    "room",
    "plant",
    "bike",
)


def debounced(kind: str, watch: CommitWatch | None = None) -> Callable:
    """A person typing words at 5 keys/s; the debounced input sends one event 300 ms into each
    pause (pauses 0.35–1.0 s between words; one in four is a 2–4 s thinking pause, in which
    the autosave is due). About one event per 1.9 s per tab."""

    async def drive(tab: Tab, start: float, end: float) -> None:
        rng = random.Random(f"{tab.typist.draft_id} {RUN_TAG[0]}")
        t = start + rng.uniform(0, 2.0)
        seq, words = 0, []
        sentence = 0
        while True:
            word = rng.choice(WORDS)
            t += len(word) / TYPIST_RATE  # typing the word: no events (the input debounces)
            last_key = t
            think = rng.random() < 0.25
            pause = rng.uniform(2.0, 4.0) if think else rng.uniform(0.35, 1.0)
            t_send = last_key + DEBOUNCE_SECONDS
            if t_send >= end:
                break
            words.append(word)
            text = f"R{RUN_TAG[0]}S{sentence} " + " ".join(words)
            if len(text) > MAX_TITLE:
                sentence += 1
                words = [word]
                text = f"R{RUN_TAG[0]}S{sentence} {word}"
            await _sleep_until(t_send)
            seq += 1
            if kind == "noop":
                await tab.noop(seq)
            else:
                await tab.title(text)
                if think and watch is not None:
                    watch.expect(tab.typist.draft_id, text, last_key + (time.monotonic() - t_send))
            t = last_key + pause
        if watch is not None and kind == "title" and tab.last_title:
            watch.expect(tab.typist.draft_id, tab.last_title, tab.last_sent - DEBOUNCE_SECONDS)

    return drive


# --- reporting ---------------------------------------------------------------------------------


def line_for(label: str, ours: Phase, floor: Phase) -> None:
    say(
        f"| {label} | {ms(pct(ours.latencies, 50))} / {ms(pct(ours.latencies, 99))} "
        f"| {ms(pct(floor.latencies, 50))} / {ms(pct(floor.latencies, 99))} "
        f"| {ratio(pct(ours.latencies, 50), pct(floor.latencies, 50))} / "
        f"{ratio(pct(ours.latencies, 99), pct(floor.latencies, 99))} "
        f"| {ours.throughput:.0f} / {floor.throughput:.0f} ev/s ({ratio(ours.throughput, floor.throughput)}) "
        f"| {ours.timeouts} / {floor.timeouts} | {ours.backend_cpu:.2f} / {floor.backend_cpu:.2f} "
        f"| {ours.client_cpu:.2f} | {ours.drain:.0f} / {floor.drain:.0f} s |"
    )


TABLE_HEAD = (
    "| run | ours p50 / p99 | floor p50 / p99 | ratio p50 / p99 | served ours / floor "
    "| timeouts ours / floor | backend cores ours / floor | bench client cores | backend idle after |\n"
    "|---|---|---|---|---|---|---|---|---|"
)


def commit_line(label: str, watch: CommitWatch, expected: int) -> None:
    s = watch.samples
    within2 = sum(1 for v in s if v <= 2.0)
    late = [t - watch.first_at for t in watch.late_at]
    when = f"{min(late):.0f}–{max(late):.0f} s" if late else "–"
    say(
        f"| {label} | {len(s)} / {expected} | {ms(pct(s, 50))} | {ms(pct(s, 99))} "
        f"| {ms(max(s) if s else float('nan'))} | {within2} | {when} | {watch.superseded} | {len(watch.waiting)} |"
    )


COMMIT_HEAD = (
    "| run | pauses committed / pauses | pause → row p50 | p99 | max | ≤ 2 s "
    "| the later ones began (after the first pause) | superseded | never seen |\n"
    "|---|---|---|---|---|---|---|---|---|"
)


# --- scenarios ---------------------------------------------------------------------------------


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.url = os.environ["WORKFLOW_DB_URL"]
        self.engine: sa.Engine | None = None
        self.typists: list[Typist] = []
        self.spare: list[Typist] = []
        self.targets: list[tuple[str, str, bool]] = []

    def target(self, what: str, got: str, met: bool) -> None:
        self.targets.append((what, got, met))

    def prepare(self) -> None:
        started = time.monotonic()
        migrate(self.url)
        self.engine = make_engine(self.url)
        most = max(self.args.sizes) if self.args.sizes else 20
        self.typists = seed(self.engine, max(most, 20), "t")
        self.spare = seed(self.engine, 6, "s")  # Save Draft (30 saves / 15 min / user) and probes
        say(
            f"Seeded {len(self.typists) + len(self.spare)} users with a draft and a session each "
            f"on SQLite in {time.monotonic() - started:.0f} s."
        )

    @contextlib.asynccontextmanager
    async def backends(self, count: int = 1, *, database_url: str | None = None, redis_url: str = ""):
        nodes = [
            Backend(
                database_url=database_url or self.url,
                redis_url=redis_url,
                name=f"bench{i}",
                extra_env={"WORKFLOW_BENCH": "1"},
            )
            for i in range(count)
        ]
        try:
            for node in nodes:
                node.start()
            for node in nodes:
                await asyncio.to_thread(node.wait_ready)
            yield nodes
        finally:
            for node in nodes:
                node.cleanup()

    # 1. one tab: keystroke vs no-op, Save Draft vs no-op, pause → committed row
    async def single(self, http: aiohttp.ClientSession) -> None:
        say("\n## One tab, one event at a time (closed loop)\n")
        async with self.backends() as nodes:
            tabs, _ = await open_tabs([nodes[0].url], self.spare[:5], http)
            tab = tabs[0]
            samples = self.args.samples

            async def closed(t: Tab, start: float, end: float, kind: str, count: int) -> None:
                await _sleep_until(start)
                for seq in range(1, count + 1):
                    t.replied.clear()
                    if kind == "noop":
                        await t.noop(seq)
                    elif kind == "title":
                        await t.title(f"Keystroke {RUN_TAG[0]}.{seq} " + "x" * (seq % 40))
                    else:
                        await t.save()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(t.replied.wait(), TIMEOUT_SECONDS)

            def driver(kind: str, count: int) -> Callable:
                return lambda t, s, e: closed(t, s, e, kind, count)

            floor = await run_phase("noop", [tab], driver("noop", samples), 0.0, nodes)
            ours = await run_phase("title", [tab], driver("title", samples), 0.0, nodes)
            say(TABLE_HEAD)
            line_for(f"keystroke (set_title) vs no-op, {samples} each", ours, floor)
            per_tab = max(1, min(25, samples // len(tabs)))  # under the 30 saves / 15 min per user
            floor = await run_phase("noop", tabs, driver("noop", per_tab), 0.0, nodes)
            ours = await run_phase("save", tabs, driver("save", per_tab), 0.0, nodes)
            line_for(f"Save Draft vs no-op, {per_tab * len(tabs)} each over {len(tabs)} tabs at once", ours, floor)

            # pause → committed row: a burst of keystrokes, then the person stops.
            watch = CommitWatch(self.engine)
            global POLL_SECONDS
            poll, POLL_SECONDS = POLL_SECONDS, 0.01
            watch.start()
            floor = await run_phase("noop", [tab], driver("noop", 20), 0.0, nodes)
            phase = Phase("title")
            tab.phase = phase
            for burst in range(self.args.pauses):
                for key in range(5):
                    text = f"Pause test {RUN_TAG[0]}.{burst} " + "abcde"[: key + 1]
                    await tab.title(text)
                    await asyncio.sleep(1 / TYPIST_RATE)
                watch.expect(tab.typist.draft_id, text, time.monotonic() - 1 / TYPIST_RATE)
                await watch.settle(PAUSE_SECONDS + TIMEOUT_SECONDS)
            tab.phase = None
            await watch.stop()
            POLL_SECONDS = poll
            s = watch.samples
            floor_pause = PAUSE_SECONDS + pct(floor.latencies, 50)
            say(
                "\n| run | ours p50 / p99 | floor p50 | ratio p50 / p99 | beyond the pause p50 |\n|---|---|---|---|---|"
            )
            say(
                f"| pause → committed row (last key → row seen, polled every 10 ms), {len(s)} pauses "
                f"| {ms(pct(s, 50))} / {ms(pct(s, 99))} | {ms(floor_pause)} "
                f"| {ratio(pct(s, 50), floor_pause)} / {ratio(pct(s, 99), floor_pause)} "
                f"| {ms(pct(s, 50) - PAUSE_SECONDS)} |"
            )
            say(
                f"\nFloor of pause → row: the autosave pause ({PAUSE_SECONDS} s, ui/autosave.py) + one "
                f"no-op round trip ({ms(pct(floor.latencies, 50))})."
            )
            await close_tabs(tabs)

    # 2. N typists, each on their own draft
    async def run_typists(self, http: aiohttp.ClientSession, model: str) -> None:
        rate_label = "5 events/s each" if model == "steady" else "the browser's debounced rate (≈0.5 events/s each)"
        say(f"\n## N typists on one worker, {rate_label}\n")
        say(
            f"{self.args.duration:.0f} s per run; floor = the same tabs sending the no-op at the same rate "
            f"just before. Served = replies per second inside the window; timeouts = no reply within "
            f"{TIMEOUT_SECONDS:.0f} s.\n"
        )
        rows, commits = [], []
        for n in self.args.sizes:
            async with self.backends() as nodes:
                urls, who = [nodes[0].url], self.typists[:n]
                if model == "steady":
                    noop_driver = steady("noop", TYPIST_RATE)
                else:
                    noop_driver = debounced("noop")
                floor = await measure("noop", urls, who, http, noop_driver, self.args.duration, nodes)
                watch = CommitWatch(self.engine)
                watch.start()
                drive = steady("title", TYPIST_RATE, watch) if model == "steady" else debounced("title", watch)
                ours = await measure("title", urls, who, http, drive, self.args.duration, nodes, watch)
                await watch.stop()
                expected = len(watch.samples) + len(watch.waiting) + watch.superseded
                rows.append((f"N={n} (tabs opened in {ours.opened:.0f} s)", ours, floor))
                commits.append((f"N={n}", watch, expected))
                if model == "steady" and n == 300:
                    served = ours.throughput / floor.throughput
                    p99 = pct(ours.latencies, 99) / pct(floor.latencies, 99)
                    self.target("N=300 at 5 events/s: served ≥ 0.9× the floor's", f"{served:.2f}×", served >= 0.9)
                    self.target("N=300 at 5 events/s: editor p99 ≤ 3× the floor's p99", f"{p99:.2f}×", p99 <= 3)
                if model == "debounced" and n == 1000:
                    self.target("N=1000 debounced: 0 timeouts", str(ours.timeouts), ours.timeouts == 0)
                    late = expected - sum(1 for v in watch.samples if v <= 2.0)
                    self.target(
                        "N=1000 debounced: every draft committed ≤ 2 s after its pause",
                        f"{expected - late} of {expected} pauses",
                        late == 0,
                    )
        say(TABLE_HEAD)
        for label, ours, floor in rows:
            line_for(label, ours, floor)
        say(
            "\nPause → committed row (from the last keystroke before the pause"
            + (
                ", i.e. when all typists stop at the end"
                if model == "steady"
                else ": every thinking pause of 2–4 s and the final stop"
            )
            + f"; DB polled every {POLL_SECONDS * 1000:.0f} ms)\n"
        )
        say(COMMIT_HEAD)
        for label, watch, expected in commits:
            commit_line(label, watch, expected)

    # 3. one heavy anonymous event while others type
    async def heavy(self, http: aiohttp.ClientSession) -> None:
        n = min(20, len(self.typists))
        size = self.args.heavy_chars
        say(f"\n## One anonymous client sends {size:,} characters while {n} others type (5 events/s)\n")
        async with self.backends() as nodes:
            tabs, _ = await open_tabs([nodes[0].url], self.typists[:n], http)
            probe, _ = await open_tabs([nodes[0].url], self.spare[5:6], http)
            typing, pinging = steady("title", TYPIST_RATE), steady("noop", PROBE_RATE)

            async def mixed(tab: Tab, start: float, end: float) -> None:
                await (pinging if tab is probe[0] else typing)(tab, start, end)

            everyone = [*tabs, *probe]
            base = await run_phase("calm", everyone, mixed, self.args.duration, nodes)
            # The attacker is a process of its own (bench/attacker.py): encoding a megabyte frame
            # must not stall the loop that times everyone else.
            attacker = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bench.attacker",
                nodes[0].url,
                str(size),
                str(self.args.duration + 0.5),
                cwd=ROOT,
                stdout=asyncio.subprocess.PIPE,
                env={**os.environ, "WORKFLOW_BENCH": "1"},
            )
            loaded = await run_phase("heavy", everyone, mixed, self.args.duration, nodes)
            try:
                out, _ = await asyncio.wait_for(attacker.communicate(), 60)
                report = json.loads(out.decode().strip().splitlines()[-1])
            except (TimeoutError, ValueError, IndexError):
                attacker.kill()
                report = {"sent": [], "connects": 0}
            sent_heavy, connects = report["sent"], [report["connects"]]
            await close_tabs(everyone)
        say(f"Probe: one tab sending the no-op at {PROBE_RATE:.0f}/s.\n")
        say(
            "| run | no-op p50 / p99 / max (the probe) | typists' keystroke p50 / p99 | served | timeouts "
            "| backend cores |\n|---|---|---|---|---|---|"
        )
        for label, phase in (("others only", base), ("with the heavy events", loaded)):
            probe_ms, typing_ms = phase.by_kind.get("noop", []), phase.by_kind.get("title", [])
            say(
                f"| {label} | {ms(pct(probe_ms, 50))} / {ms(pct(probe_ms, 99))} / {ms(pct(probe_ms, 100))} "
                f"| {ms(pct(typing_ms, 50))} / {ms(pct(typing_ms, 99))} | {phase.throughput:.0f} ev/s "
                f"| {phase.timeouts} | {phase.backend_cpu:.2f} |"
            )
        added50 = pct(loaded.by_kind.get("noop", []), 50) - pct(base.by_kind.get("noop", []), 50)
        added99 = pct(loaded.by_kind.get("noop", []), 99) - pct(base.by_kind.get("noop", []), 99)
        self.target("a 1 MB anonymous event adds < 50 ms to a concurrent no-op (p99)", ms(added99), added99 < 0.05)
        say(
            f"\nThe heavy events add {ms(added50)} (p50) / {ms(added99)} (p99) to a concurrent no-op. "
            f"Sent {len(sent_heavy)} heavy events, one a second, in turn to: "
            + ", ".join(sorted({f"`{t}`" for t in sent_heavy}))
            + f"; the attacker (re)connected {connects[0]} times."
        )

    # 4. 1 worker vs 2 workers + Redis, on PostgreSQL
    async def scaleout(self, http: aiohttp.ClientSession) -> None:
        from tests.support.pg import PostgresServer

        sizes = self.args.scale_sizes
        say(
            f"\n## 1 worker vs 2 workers + Redis, N={' and '.join(map(str, sizes))} typists at 5 events/s, PostgreSQL\n"
        )
        say(
            "2 workers = two backend processes, the tabs split between them. Floor = the no-op on the "
            "same configuration.\n"
        )
        pg = await asyncio.to_thread(PostgresServer().start)
        redis = RedisServer().start()

        def services() -> list[int]:
            pids = [redis.proc.pid] if redis.proc else []
            with contextlib.suppress(OSError, ValueError, psutil.Error):
                postmaster = int((pg.data / "postmaster.pid").read_text().split()[0])
                pids += [postmaster, *(c.pid for c in psutil.Process(postmaster).children(recursive=True))]
            return pids

        try:
            migrate(pg.url)
            engine = make_engine(pg.url)
            everyone = seed(engine, max(sizes), "p")
            rows = []
            for n in sizes:
                for label, count, redis_url in (
                    ("1 worker (no Redis)", 1, ""),
                    ("1 worker + Redis", 1, redis.url),
                    ("2 workers + Redis", 2, redis.url),
                ):
                    async with self.backends(count, database_url=pg.url, redis_url=redis_url) as nodes:
                        urls = [node.url for node in nodes]
                        floor = await measure(
                            "noop",
                            urls,
                            everyone[:n],
                            http,
                            steady("noop", TYPIST_RATE),
                            self.args.duration,
                            nodes,
                            services=services,
                        )
                        ours = await measure(
                            "title",
                            urls,
                            everyone[:n],
                            http,
                            steady("title", TYPIST_RATE),
                            self.args.duration,
                            nodes,
                            services=services,
                        )
                        rows.append((n, label, ours, floor))
                    if redis_url:
                        import redis as redis_lib

                        redis_lib.Redis.from_url(redis.url).flushall()
            engine.dispose()
        finally:
            redis.stop()
            await asyncio.to_thread(pg.stop)
        say(TABLE_HEAD)
        for n, label, ours, floor in rows:
            line_for(f"N={n}, {label}, tabs opened in {ours.opened:.0f} s", ours, floor)
        say(
            "\nRedis + PostgreSQL cores, ours / floor: "
            + "; ".join(
                f"N={n} {label}: {ours.service_cpu:.2f} / {floor.service_cpu:.2f}" for n, label, ours, floor in rows
            )
        )
        say("")
        for n in sizes:
            by = {label: (ours, floor) for m, label, ours, floor in rows if m == n}
            one, two = by["1 worker (no Redis)"], by["2 workers + Redis"]
            served = two[0].throughput / one[0].throughput if one[0].throughput else float("nan")
            say(
                f"- N={n}: served keystrokes, 2 workers + Redis vs 1 worker: "
                f"{ratio(two[0].throughput, one[0].throughput)} "
                f"(no-op floor: {ratio(two[1].throughput, one[1].throughput)}; 1 worker + Redis vs 1 worker: "
                f"{ratio(by['1 worker + Redis'][0].throughput, one[0].throughput)})"
            )
            if n == max(sizes):
                self.target(
                    f"2 workers + Redis ≥ 1.7× one worker's served keystrokes (N={n})", f"{served:.2f}×", served >= 1.7
                )
        say(
            f"\nThe machine has {os.cpu_count()} cores and the bench client runs on them too (its cores are in "
            "the table), so two workers can never have two cores to themselves here."
        )


# --- main --------------------------------------------------------------------------------------


def machine() -> str:
    from importlib.metadata import version

    return (
        f"{machine_lines()}\n"
        f"- Python {platform.python_version()}, Reflex {version('reflex')} (Granian, 1 process = 1 worker), "
        f"SQLite WAL unless said otherwise; the bench client shares the machine"
    )


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--only",
        default="single,typists,debounced,heavy,scaleout",
        help="comma-separated scenarios: single, typists, debounced, heavy, scaleout",
    )
    parser.add_argument("--sizes", default="20,100,300,1000", help="N for the typist runs")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per measured run")
    parser.add_argument("--samples", type=int, default=200, help="events per closed-loop run")
    parser.add_argument("--pauses", type=int, default=10, help="pauses in the pause → row run")
    parser.add_argument(
        "--heavy-chars",
        type=int,
        default=999_000,
        help="characters of the heavy argument (the socket refuses frames over 1 000 000 bytes)",
    )
    parser.add_argument(
        "--scale-sizes",
        default="300,1000",
        help="N for 1 vs 2 workers (300: one worker copes; 1000: beyond one worker)",
    )
    parser.add_argument("--scenario-limit", type=float, default=1800.0, help="seconds before a scenario is stopped")
    parser.add_argument("--out", default=str(ROOT / "bench" / "RESULTS.md"))
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    args = parser.parse_args()
    args.only = [s.strip() for s in args.only.split(",") if s.strip()]
    args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.scale_sizes = [int(s) for s in args.scale_sizes.split(",") if s.strip()]
    return args


async def main_async(args: argparse.Namespace) -> None:
    bench = Bench(args)
    await asyncio.to_thread(bench.prepare)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        scenarios = {
            "single": bench.single,
            "typists": lambda h: bench.run_typists(h, "steady"),
            "debounced": lambda h: bench.run_typists(h, "debounced"),
            "heavy": bench.heavy,
            "scaleout": bench.scaleout,
        }
        for name in args.only:
            if name not in scenarios:
                raise SystemExit(f"unknown scenario {name!r}; one of {', '.join(scenarios)}")
        for name in args.only:
            started = time.monotonic()
            try:
                async with asyncio.timeout(args.scenario_limit):
                    await scenarios[name](http)
            except TimeoutError:
                say(f"\n**{name} did not finish within {args.scenario_limit:.0f} s; stopped.**")
            print(f"[{name} took {time.monotonic() - started:.0f} s]", flush=True)
    if bench.targets:
        say("\n## Against the targets of issue 8\n")
        say("| target | this run | met |\n|---|---|---|")
        for what, got, met in bench.targets:
            say(f"| {what} | {got} | {'yes' if met else '**no**'} |")


def main() -> int:
    args = parse()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    say("# WebSocket benchmarks (`make bench-ws`)\n")
    say(machine())
    started = time.monotonic()
    try:
        asyncio.run(main_async(args))
    finally:
        import shutil

        shutil.rmtree(BENCH_DIR, ignore_errors=True)
    at_start, at_end = OUT.getvalue().split("app at ", 1)[1].split("\n", 1)[0], tree_state()
    if at_end != at_start:
        say(f"\n**The app changed during the run**: it ended at {at_end}.")
    say(f"\nWhole run: {time.monotonic() - started:.0f} s. Method and caveats: bench/README.md.")
    if not args.no_write:
        Path(args.out).write_text(OUT.getvalue())
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
