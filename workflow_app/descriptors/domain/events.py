"""What the descriptor workflow tells the world after a commit (see core/events.py)."""

from __future__ import annotations

from dataclasses import dataclass

from workflow_app.core.events import DomainEvent


@dataclass(frozen=True)
class BatchSentForReview(DomainEvent):
    """An SCM submitted (or resubmitted) drafts; the SAs of their skills hear of it."""

    scm_id: str
    sa_ids: tuple[str, ...]
    count: int
    resubmitted: bool


@dataclass(frozen=True)
class DescriptorApproved(DomainEvent):
    descriptor_id: str
    sa_id: str
    was_modified: bool


@dataclass(frozen=True)
class DescriptorReturned(DomainEvent):
    descriptor_id: str
    sa_id: str
    comment: str
