"""What every benchmark report opens with (the app's commit, the machine) and its percentiles."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
APP_PATHS = ("workflow_app", "rxconfig.py", "assets")  # what a running app serves from the tree


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def tree_state() -> str:
    """The commit the app runs, and whether its files differ from it (the app imports and serves
    the working tree, so uncommitted edits are measured too)."""
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--", *APP_PATHS],
        capture_output=True,
        text=True,
    ).stdout.split("\n")
    changed = [line[3:] for line in dirty if line.strip()]
    return f"commit {head}" + (f" plus uncommitted changes to {', '.join(changed)}" if changed else " (clean)")


def machine_lines() -> str:
    """The report's first two lines: when, which commit, on what machine."""
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    ram = psutil.virtual_memory().total / 2**30
    return (
        f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, app at {tree_state()}\n"
        f"- machine: {os.cpu_count()} cores (nproc), {model}, {ram:.0f} GiB RAM, {platform.system()} "
        f"{platform.release()}"
    )


def publish(report: list[str], out: str, *, write: bool, say=print) -> None:
    """Prints the report (after a blank line) and, unless told not to, writes it to `out`."""
    say()
    for line in report:
        say(line)
    if write:
        Path(out).write_text("\n".join(report) + "\n")
        say(f"written to {out}")
