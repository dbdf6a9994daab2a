"""What My Descriptors, the descriptor edit form and the SA's Pending Review page show
(ORIGINS Part 2 A, C4, C5, D).

A resubmission is a descriptor with a previous_batch_id: it was in an earlier batch, returned,
revised and submitted again under the new submission's batch id.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, func, select

from workflow_app.config import settings
from workflow_app.core import errors as e
from workflow_app.core.actor import Actor
from workflow_app.core.clock import Clock, system_clock
from workflow_app.core.due import is_overdue
from workflow_app.core.errors import ErrorCode
from workflow_app.core.paging import Page, clamp_page, offset_of
from workflow_app.core.result import Ok, Result, err
from workflow_app.core.workflow import Subject
from workflow_app.descriptors.domain.descriptor_workflow import DESCRIPTOR_WORKFLOW
from workflow_app.descriptors.domain.revisions import APPROVED, RETURNED, ChangesSince, changes_since
from workflow_app.models import (
    Descriptor,
    DescriptorBatchStatus,
    Role,
    Skill,
    User,
    WsosSection,
)

B = DescriptorBatchStatus
SECTION_TITLES = {  # in page order (ORIGINS D)
    B.DRAFT: "Draft Batch",
    B.RETURNED: "Returned for Revision",
    B.PENDING_REVIEW: "Pending Review",
    B.APPROVED: "Approved",
}
SECTION_LIMIT = 50
QUEUE_PAGE_SIZE = 20
QUEUE_PAGE_MAX = 50
EDITABLE = frozenset({B.DRAFT, B.RETURNED})
# Each section newest first by the time that fits its status (updated for drafts, submitted for
# pending, reviewed otherwise), spelt as the index ix_descriptor_creator_section_order spells it
# (models.descriptors.MY_SECTION_ORDER_SQL), so the section is read in index order.
_SECTION_ORDER = sa.case(
    (sa.literal_column("'DRAFT'"), col(Descriptor.updated_at)),
    (sa.literal_column("'PENDING_REVIEW'"), col(Descriptor.submitted_at)),
    value=col(Descriptor.batch_status),
    else_=col(Descriptor.reviewed_at),
)


@dataclass(frozen=True)
class MyDescriptorRow:
    id: str
    code: str
    criterion_name: str
    section_name: str | None
    tags: list[str]
    batch_status: B
    updated_at: datetime
    submitted_at: datetime | None
    reviewed_at: datetime | None
    review_comment: str | None  # "SA Comment: …" on a returned descriptor
    reviewer_name: str | None
    row_version: int
    since_approval: ChangesSince | None = None  # approved with edits: what the SA reworded


@dataclass(frozen=True)
class MySection:
    status: B
    title: str
    count: int  # all of them; `rows` holds at most SECTION_LIMIT, newest first
    rows: list[MyDescriptorRow]


@dataclass(frozen=True)
class DescriptorEdit:
    id: str
    code: str
    criterion_name: str
    wsos_section_id: str | None
    section_name: str | None
    score3: str | None
    score2: str | None
    score1: str | None
    score0: str | None
    tags: list[str]
    categories: list[str]
    skill_names: list[str]
    batch_status: B | None  # None: an imported or admin descriptor
    review_comment: str | None  # "SA Feedback: …"
    row_version: int
    updated_at: datetime
    editable: bool  # DRAFT (update) or RETURNED (revise)
    not_editable_message: str | None
    actions: list[str]  # from the transition table: SUBMIT_BATCH on a draft, REVISE on a returned one

    @property
    def tags_text(self) -> str:
        return ", ".join(self.tags)


@dataclass(frozen=True)
class QueueRow:
    id: str
    code: str
    criterion_name: str
    score3: str | None
    score2: str | None
    score1: str | None
    score0: str | None
    tags: list[str]
    section_name: str | None
    scm_id: str
    scm_name: str
    scm_email: str
    submitted_at: datetime | None
    created_at: datetime
    batch_id: str | None
    resubmitted: bool  # returned once, revised and sent again
    row_version: int
    since_return: ChangesSince | None = None  # a resubmission: what changed since the SA returned it
    overdue: bool = False  # waiting longer than the review due time (core/due.py)


def _mine(actor: Actor) -> tuple[ColumnElement[bool], ...]:
    return col(Descriptor.created_by_id) == actor.user_id, col(Descriptor.deleted_at).is_(None)


def my_descriptors(session: Session, actor: Actor, *, limit: int = SECTION_LIMIT) -> Result[dict[B, MySection]]:
    """The SCM's four sections, in page order: Draft Batch, Returned, Pending Review, Approved."""
    if actor.role != Role.SCM:
        return err(ErrorCode.FORBIDDEN_ROLE, e.SCM_ONLY)
    counts = dict(
        session.exec(
            select(Descriptor.batch_status, func.count())
            .where(*_mine(actor), col(Descriptor.batch_status).is_not(None))
            .group_by(Descriptor.batch_status)
        ).all()
    )
    return Ok(
        {
            status: MySection(
                status,
                title,
                counts.get(status, 0),
                _my_rows(session, actor, status, limit) if counts.get(status) else [],
            )
            for status, title in SECTION_TITLES.items()
        }
    )


def _my_rows(session: Session, actor: Actor, status: B, limit: int) -> list[MyDescriptorRow]:
    statement = (
        sa.select(
            *(
                col(column)
                for column in (
                    Descriptor.id,
                    Descriptor.code,
                    Descriptor.criterion_name,
                    WsosSection.name,
                    Descriptor.tags,
                    Descriptor.batch_status,
                    Descriptor.updated_at,
                    Descriptor.submitted_at,
                    Descriptor.reviewed_at,
                    Descriptor.review_comment,
                    User.display_name,
                    Descriptor.row_version,
                )
            )
        )
        .outerjoin(WsosSection, col(WsosSection.id) == Descriptor.wsos_section_id)
        .outerjoin(User, col(User.id) == Descriptor.reviewer_id)
        .where(*_mine(actor), col(Descriptor.batch_status) == status)
        .order_by(_SECTION_ORDER.desc(), col(Descriptor.created_at).desc(), Descriptor.id)
        .limit(max(1, limit))
    )
    rows = [MyDescriptorRow(*row) for row in session.execute(statement)]
    if status != B.APPROVED:
        return rows
    reworded = changes_since(session, APPROVED, [r.id for r in rows])
    return [replace(r, since_approval=reworded.get(r.id)) for r in rows]


def descriptor_for_edit(session: Session, actor: Actor, *, descriptor_id: str) -> Result[DescriptorEdit]:
    """The owner's descriptor for the form; anyone else's is as unknown as a missing one."""
    if actor.role != Role.SCM:
        return err(ErrorCode.FORBIDDEN_ROLE, e.SCM_ONLY)
    row = session.exec(
        select(Descriptor, WsosSection.name)
        .outerjoin(WsosSection, col(WsosSection.id) == Descriptor.wsos_section_id)
        .where(col(Descriptor.id) == (descriptor_id or ""), *_mine(actor))
        .execution_options(populate_existing=True)
    ).first()
    if row is None:
        return err(ErrorCode.DESCRIPTOR_NOT_FOUND)
    d, section_name = row
    status = B(d.batch_status) if d.batch_status else None
    editable = status in EDITABLE
    subject = Subject(status, owner_id=d.created_by_id)
    return Ok(
        DescriptorEdit(
            id=d.id,
            code=d.code,
            criterion_name=d.criterion_name,
            wsos_section_id=d.wsos_section_id,
            section_name=section_name,
            score3=d.score3,
            score2=d.score2,
            score1=d.score1,
            score0=d.score0,
            tags=list(d.tags or []),
            categories=list(d.categories or []),
            skill_names=list(d.skill_names or []),
            batch_status=status,
            review_comment=d.review_comment,
            row_version=d.row_version,
            updated_at=d.updated_at,
            editable=editable,
            not_editable_message=None if editable else e.DESCRIPTOR_CANNOT_BE_EDITED,
            actions=DESCRIPTOR_WORKFLOW.allowed_actions(actor, subject),
        )
    )


def _queue_conditions(actor: Actor) -> tuple[ColumnElement[bool], ...]:
    """ORIGINS A: the SCMs of the skills this SA advises; their live PENDING_REVIEW descriptors."""
    scm_ids = select(Skill.scm_id).where(col(Skill.sa_id) == actor.user_id, col(Skill.scm_id).is_not(None))
    return (
        col(Descriptor.created_by_id).in_(scm_ids),
        col(Descriptor.batch_status) == B.PENDING_REVIEW,
        col(Descriptor.deleted_at).is_(None),
    )


def pending_count(session: Session, actor: Actor) -> int:
    """The Pending Review badge; 0 for anyone but an SA."""
    if actor.role != Role.SA:
        return 0
    return session.exec(select(func.count()).select_from(Descriptor).where(*_queue_conditions(actor))).one()


def sa_queue(
    session: Session, actor: Actor, *, page: int = 1, page_size: int = QUEUE_PAGE_SIZE, clock: Clock = system_clock
) -> Result[Page[QueueRow]]:
    """One page of the SA's queue, oldest submission first (FIFO); `total` is the badge count."""
    if actor.role != Role.SA:
        return err(ErrorCode.FORBIDDEN_ROLE)
    page, page_size = clamp_page(page), min(max(1, page_size), QUEUE_PAGE_MAX)
    scm = aliased(User)
    statement = (
        select(Descriptor, WsosSection.name, scm.display_name, scm.email)
        .join(scm, col(scm.id) == col(Descriptor.created_by_id))
        .outerjoin(WsosSection, col(WsosSection.id) == Descriptor.wsos_section_id)
        .where(*_queue_conditions(actor))
        .order_by(col(Descriptor.submitted_at).asc(), col(Descriptor.created_at).asc(), Descriptor.id)
        .offset(offset_of(page, page_size))
        .limit(page_size)
        .execution_options(populate_existing=True)
    )
    rows = session.exec(statement).all()
    now = clock.now()
    since = changes_since(session, RETURNED, [d.id for d, *_ in rows if d.previous_batch_id is not None])
    items = [
        QueueRow(
            id=d.id,
            code=d.code,
            criterion_name=d.criterion_name,
            score3=d.score3,
            score2=d.score2,
            score1=d.score1,
            score0=d.score0,
            tags=list(d.tags or []),
            section_name=section_name,
            scm_id=d.created_by_id or "",
            scm_name=scm_name,
            scm_email=scm_email,
            submitted_at=d.submitted_at,
            created_at=d.created_at,
            batch_id=d.batch_id,
            resubmitted=d.previous_batch_id is not None,
            row_version=d.row_version,
            since_return=since.get(d.id),
            overdue=is_overdue(d.submitted_at, now, settings.review_due_working_days),
        )
        for d, section_name, scm_name, scm_email in rows
    ]
    return Ok(Page(items=items, page=page, page_size=page_size, total=pending_count(session, actor)))
