from __future__ import annotations

import pytest

from tests.ui.helpers import Recorder
from workflow_app.ui import gateway


@pytest.fixture
def work(monkeypatch) -> Recorder:
    """The gateway's thread work, recorded instead of run: what a handler would have asked of the domain."""
    recorder = Recorder()
    monkeypatch.setattr(gateway, "as_actor", recorder.as_actor)
    monkeypatch.setattr(gateway, "anonymous", recorder.anonymous)
    return recorder
