"""What changed in a descriptor since a decision on it: the SA sees, on a resubmitted
descriptor, every field the SCM changed since the version they returned (and their own comment);
the SCM sees what the SA reworded on approval (issue 13).

A revision is the descriptor's text as it was when a decision was taken on it, written in the
decision's own transaction: RETURNED keeps the text the SA sent back (with their comment),
APPROVED the text the SA approved from, before their edits. The change is then a word-level
diff (core/word_diff.py) from that revision to the descriptor as it is now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from workflow_app.core.actor import Actor
from workflow_app.core.word_diff import Piece, changed, word_diff
from workflow_app.models import Descriptor, DescriptorRevision
from workflow_app.models.base import new_id

RETURNED, APPROVED = "RETURNED", "APPROVED"
# The fields compared, with the labels the form gives them.
COMPARED = (
    ("code", "Code"),
    ("criterion_name", "Criterion"),
    ("score3", "Score 3 (Excellent)"),
    ("score2", "Score 2 (Good)"),
    ("score1", "Score 1 (Pass)"),
    ("score0", "Score 0 (Below Pass)"),
    ("tags", "Tags"),
)
_TABLE: sa.Table = DescriptorRevision.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class ChangesSince:
    """The fields that differ from the revision (only those), and what came with the decision."""

    event: str
    decided_at: datetime
    comment: str | None  # the SA's, with RETURNED
    changes: tuple[FieldChange, ...]


def _text(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def snapshot(current: Descriptor) -> dict[str, object]:
    """The text a decision is taken on, read before the decision's UPDATE changes the row."""
    return {
        "descriptor_id": current.id,
        "batch_id": current.batch_id,
        "code": current.code,
        "criterion_name": current.criterion_name,
        "score3": current.score3,
        "score2": current.score2,
        "score1": current.score1,
        "score0": current.score0,
        "tags": list(current.tags or []),
    }


def keep(
    session: Session, text: dict[str, object], *, event: str, actor: Actor, comment: str | None, now: datetime
) -> bool:
    """Writes the revision (a ``snapshot``) in the caller's transaction; True, for the
    workflow's ``also``."""
    row = {**text, "id": new_id(), "event": event, "actor_id": actor.user_id, "comment": comment, "created_at": now}
    session.connection().execute(_TABLE.insert(), row)
    return True


def _diff(revision: DescriptorRevision, now: Descriptor) -> tuple[FieldChange, ...]:
    found = []
    for field, label in COMPARED:
        pieces = word_diff(_text(getattr(revision, field)), _text(getattr(now, field)))
        if changed(pieces):
            found.append(FieldChange(field, label, tuple(pieces)))
    return tuple(found)


def changes_since(session: Session, event: str, descriptor_ids: list[str]) -> dict[str, ChangesSince]:
    """For each descriptor, the change from its latest revision of ``event`` to its text now;
    descriptors without such a revision are left out. For a page's rows (tens, not thousands)."""
    if not descriptor_ids:
        return {}
    latest: dict[str, DescriptorRevision] = {}
    statement = (
        select(DescriptorRevision)
        .where(col(DescriptorRevision.descriptor_id).in_(descriptor_ids), col(DescriptorRevision.event) == event)
        .order_by(col(DescriptorRevision.created_at).desc(), col(DescriptorRevision.id).desc())
    )
    for revision in session.exec(statement):
        latest.setdefault(revision.descriptor_id, revision)
    if not latest:
        return {}
    now = session.exec(select(Descriptor).where(col(Descriptor.id).in_(list(latest)))).all()
    return {
        d.id: ChangesSince(event, latest[d.id].created_at, latest[d.id].comment, _diff(latest[d.id], d)) for d in now
    }
