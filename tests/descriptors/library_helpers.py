"""Arrangers for the library and notification tests: sections and descriptors written directly,
so these tests do not depend on the descriptor commands' own rules."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from sqlmodel import Session

from workflow_app.core.actor import Actor
from workflow_app.models import Descriptor, DescriptorBatchStatus, QualityIndicator, User, WsosSection

_seq = itertools.count(1)


def _id_of(person: Actor | User | None) -> str | None:
    if person is None:
        return None
    return person.user_id if isinstance(person, Actor) else person.id


def make_section(session: Session, creator: Actor | User, *, name: str | None = None) -> WsosSection:
    section = WsosSection(name=name or f"Section {next(_seq)}", created_by_id=_id_of(creator))
    session.add(section)
    session.commit()
    return section


def make_descriptor(
    session: Session,
    *,
    criterion_name: str = "Accuracy of measurement",
    code: str | None = None,
    score3: str | None = "All dimensions within tolerance",
    score2: str | None = None,
    score1: str | None = None,
    score0: str | None = None,
    tags: list[str] | None = None,
    categories: list[str] | None = None,
    skill_names: list[str] | None = None,
    quality: QualityIndicator = QualityIndicator.GOOD,
    batch_status: DescriptorBatchStatus | None = None,
    section: WsosSection | None = None,
    created_by: Actor | User | None = None,
    source: str = "Import",
    deleted: bool = False,
) -> Descriptor:
    descriptor = Descriptor(
        code=code or f"A{next(_seq)}",
        criterion_name=criterion_name,
        score3=score3,
        score2=score2,
        score1=score1,
        score0=score0,
        tags=tags or [],
        categories=categories or [],
        skill_names=skill_names or [],
        quality_indicator=quality,
        batch_status=batch_status,
        source=source,
        wsos_section_id=section.id if section else None,
        created_by_id=_id_of(created_by),
        deleted_at=datetime(2026, 1, 1, tzinfo=UTC) if deleted else None,
    )
    session.add(descriptor)
    session.commit()
    return descriptor
