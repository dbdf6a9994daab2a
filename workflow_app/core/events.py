"""Domain events: what a command did, returned with its Ok and acted on after the commit.

A command never notifies anyone itself. It returns `Ok(value, events=(...))`; the UI gateway
hands the events to `workflow_app.notifications.deliver` once the command has committed, so a
notification can neither undo nor fail the command, and the domain imports no notifications.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DomainEvent:
    """Base of every event; each part declares its own (ideas/domain/events.py, …)."""
