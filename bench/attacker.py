"""The heavy anonymous client of `bench.ws heavy`, in a process of its own.

    python -m bench.attacker URL CHARS SECONDS

Once a second, a `CHARS`-character argument to one of the text handlers a stranger can reach,
in turn; no cookie. Its own process, so that encoding and masking a megabyte frame never runs
on the loop that times the other clients. Prints one JSON line: what it sent, how often it
(re)connected. Stops after SECONDS.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.reflex_ws import ReflexClient  # noqa: E402


def heavy_targets() -> list[tuple[type, str, Callable[[str], dict], str]]:
    """(state, handler, payload from the big text, page) for each handler that exists."""
    from workflow_app.accounts.pages.login import LoginState
    from workflow_app.descriptors.pages.curation import CurationState
    from workflow_app.descriptors.pages.library_state import LibraryState
    from workflow_app.descriptors.pages.section_form_state import SectionFormState
    from workflow_app.ideas.pages.idea_editor_state import IdeaEditorState

    wanted = [
        (SectionFormState, "set_section_name", lambda big: {"value": big}, "/descriptors/sections"),
        (CurationState, "set_form", lambda big: {"name": "criterion_name", "value": big}, "/admin/descriptors"),
        (LibraryState, "search", lambda big: {"text": big}, "/descriptors"),
        (LoginState, "submit", lambda big: {"form_data": {"email": big, "password": big[:100]}}, "/login"),
        (IdeaEditorState, "set_title", lambda big: {"value": big}, "/ideas/x/edit"),
    ]
    return [t for t in wanted if hasattr(t[0], t[1])]


async def attack(url: str, chars: int, seconds: float) -> dict:
    targets = heavy_targets()
    big = "x" * chars
    sent: list[str] = []
    connects = 0
    client = ReflexClient(url)
    end = time.monotonic() + seconds
    i = 0
    while time.monotonic() < end:
        cls, handler, payload, path = targets[i % len(targets)]
        i += 1
        with contextlib.suppress(Exception):
            if client.sio is None or not client.sio.connected:
                connects += 1
                await client.connect(path, timeout=30)
            await client.emit(cls, handler, **payload(big))
            sent.append(f"{cls.__name__}.{handler}")
        await asyncio.sleep(max(0.0, min(1.0, end - time.monotonic())))
    with contextlib.suppress(Exception):
        await client.disconnect()
    return {"sent": sent, "connects": connects}


if __name__ == "__main__":
    target, size, duration = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    print(json.dumps(asyncio.run(attack(target, size, duration))), flush=True)
