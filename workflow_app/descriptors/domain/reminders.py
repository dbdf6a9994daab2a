"""What the daily review digest says about descriptors: each SA's descriptors waiting past
their review due time (PENDING_REVIEW, submitted before the working-day cutoff, core/due.py),
routed as the queue routes them (the SA of the skill whose SCM wrote them). Read through
ix_descriptor_status_queue: a range of one status in submission order."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from workflow_app.core.due import overdue_cutoff
from workflow_app.models import Descriptor, DescriptorBatchStatus, Skill

LISTED = 10


@dataclass(frozen=True)
class Overdue:
    count: int
    lines: tuple[str, ...]  # "A1 Quality of weld seam", the oldest LISTED


def overdue_by_advisor(session: Session, *, now: datetime, working_days: int) -> dict[str, Overdue]:
    """SA id → their overdue descriptors, oldest first."""
    rows = session.exec(
        select(Skill.sa_id, Descriptor.id, Descriptor.code, Descriptor.criterion_name)
        .join(Skill, col(Skill.scm_id) == col(Descriptor.created_by_id))
        .where(
            col(Descriptor.batch_status) == DescriptorBatchStatus.PENDING_REVIEW,
            col(Descriptor.submitted_at) <= overdue_cutoff(now, working_days),
            col(Descriptor.deleted_at).is_(None),
        )
        .order_by(col(Descriptor.submitted_at), col(Descriptor.id))
    ).all()
    found: dict[str, list[str]] = defaultdict(list)
    seen: dict[str, set[str]] = defaultdict(set)
    for sa_id, descriptor_id, code, name in rows:
        if descriptor_id not in seen[sa_id]:  # an SCM of two skills of one SA: once
            seen[sa_id].add(descriptor_id)
            found[sa_id].append(f"{code} {name}")
    return {sa_id: Overdue(len(lines), tuple(lines[:LISTED])) for sa_id, lines in found.items()}
