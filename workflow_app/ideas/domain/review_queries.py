"""What /admin/review/[id] shows: the idea, its review so far and the buttons the actor may use."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from workflow_app.core.actor import Actor
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Ok, Result, err
from workflow_app.core.workflow import Subject
from workflow_app.ideas.domain import blind_review, smart_forms, stage_queries
from workflow_app.ideas.domain.idea_rules import category_label
from workflow_app.ideas.domain.idea_workflow import IDEA_WORKFLOW
from workflow_app.models import Idea, IdeaReview, IdeaStatus, User


@dataclass(frozen=True)
class ReviewInfo:
    reviewer_id: str
    reviewer_name: str
    started_at: datetime
    decision: str | None
    comment: str | None
    decided_at: datetime | None


@dataclass(frozen=True)
class ReviewView:
    idea_id: str
    title: str
    description: str
    category: str
    category_label: str
    visibility: str
    status: str
    author_id: str
    author_name: str
    created_at: datetime
    review: ReviewInfo | None
    # START_REVIEW / ACCEPT / REJECT / ABANDON, straight from the transition table.
    actions: list[str]
    # The smart form's answers as (label, value), in the labels the idea was written with.
    additional_details: list[tuple[str, str]] = field(default_factory=list)
    # Reviewed in stages (ORIGINS C16): the stage panel instead of seed 003's buttons.
    stages: stage_queries.StagePanel | None = None


def review_view(session: Session, actor: Actor, *, idea_id: str) -> Result[ReviewView]:
    """Admins only; a draft is as unknown here as a missing idea (IDEA_NOT_FOUND)."""
    if not actor.is_admin:
        return err(ErrorCode.FORBIDDEN_ROLE)
    reviewer = aliased(User)
    row = session.exec(
        select(Idea, User.display_name, IdeaReview, reviewer.display_name)
        .join(User, col(User.id) == Idea.author_id)
        .outerjoin(IdeaReview, col(IdeaReview.idea_id) == Idea.id)
        .outerjoin(reviewer, col(reviewer.id) == col(IdeaReview.reviewer_id))
        .where(col(Idea.id) == (idea_id or ""), col(Idea.status) != IdeaStatus.DRAFT)
    ).first()
    if row is None:
        return err(ErrorCode.IDEA_NOT_FOUND)
    idea, author_name, review, reviewer_name = row
    status = IdeaStatus(idea.status)
    subject = Subject(status, owner_id=idea.author_id, claim_holder_id=review.reviewer_id if review else None)
    staged = stage_queries.panel(session, actor, idea) if review is None else None
    return Ok(
        ReviewView(
            idea_id=idea.id,
            title=idea.title or "Untitled",
            description=idea.description or "",
            category=idea.category or "",
            category_label=category_label(idea.category),
            visibility=idea.visibility.value,
            status=status.value,
            author_id=idea.author_id,
            author_name=blind_review.names_for(session, actor)(status, idea.author_id, author_name, idea.category),
            created_at=idea.created_at,
            review=_review_info(review, reviewer_name),
            actions=[] if staged else IDEA_WORKFLOW.allowed_actions(actor, subject),
            additional_details=smart_forms.idea_details(session, idea),
            stages=staged,
        )
    )


def _review_info(review: IdeaReview | None, reviewer_name: str | None) -> ReviewInfo | None:
    if review is None:
        return None
    return ReviewInfo(
        reviewer_id=review.reviewer_id,
        reviewer_name=reviewer_name or "",
        started_at=review.started_at,
        decision=review.decision.value if review.decision else None,
        comment=review.comment,
        decided_at=review.decided_at,
    )
