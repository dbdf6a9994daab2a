"""What the idea workflow tells the world after a commit (see core/events.py)."""

from __future__ import annotations

from dataclasses import dataclass

from workflow_app.core.events import DomainEvent
from workflow_app.models import ReviewDecision


@dataclass(frozen=True)
class IdeaDecided(DomainEvent):
    """An admin accepted or rejected an idea; its author hears of it."""

    idea_id: str
    author_id: str
    title: str
    decision: ReviewDecision
    comment: str


@dataclass(frozen=True)
class IdeaSubmitted(DomainEvent):
    """A new idea waits for a reviewer; the admins hear of it as NEW_IDEA_MAIL says."""

    idea_id: str
    title: str
