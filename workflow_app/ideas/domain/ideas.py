"""Submitting, deleting and reading ideas (SPEC §3, ORIGINS C5–C8)."""

from __future__ import annotations

import math
from datetime import timedelta

from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, delete, select

from workflow_app.core import errors as e
from workflow_app.core import ratelimit
from workflow_app.core.actor import Actor
from workflow_app.core.arguments import checked
from workflow_app.core.audit import record
from workflow_app.core.clock import Clock
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok, Result, err
from workflow_app.core.validation import invalid
from workflow_app.core.workflow import AuditEntry
from workflow_app.ideas.domain import idea_counts, smart_forms
from workflow_app.ideas.domain.events import IdeaSubmitted
from workflow_app.ideas.domain.idea_rules import IdeaIn, idea_field_errors, parse_visibility
from workflow_app.ideas.domain.idea_workflow import IDEA_WORKFLOW, SUBMIT_NEW
from workflow_app.models import AuditAction, Idea, IdeaReview, IdeaStatus, IdeaVisibility

SUBMIT_WINDOW = timedelta(seconds=60)
SUBMIT_LIMIT = 1


@checked
def submit_idea(session: Session, actor: Actor, form: IdeaIn, *, clock: Clock) -> Result[str]:
    """A new SUBMITTED idea; returns its id. One submission a minute per person."""
    problems = idea_field_errors(form)
    extra = smart_forms.checked_for_submit(session, form.category, form.dynamic_fields)
    if problems or extra.problems:
        return invalid({**problems, **extra.problems})
    key = f"idea-submit:{actor.user_id}"
    wait = ratelimit.retry_after(session, key=key, window=SUBMIT_WINDOW, limit=SUBMIT_LIMIT, clock=clock)
    if wait > timedelta(0):
        return err(ErrorCode.SUBMIT_RATE_LIMITED, e.submit_retry_in(math.ceil(wait.total_seconds())))
    now = clock.now()
    idea = Idea(
        title=(form.title or "").strip(),
        description=(form.description or "").strip(),
        category=form.category,
        visibility=parse_visibility(form.visibility) or IdeaVisibility.PUBLIC,
        dynamic_fields=extra.values or None,
        form_template_id=extra.template_id,
        author_id=actor.user_id,
        created_at=now,
        updated_at=now,
    )
    ratelimit.hit(session, key=key, clock=clock)
    created = IDEA_WORKFLOW.create(
        session,
        actor,
        SUBMIT_NEW,
        idea,
        audit=lambda: AuditEntry(
            AuditAction.IDEA_CREATED,
            "idea",
            idea.id,
            idea.title or "",
            {
                "ideaTitle": idea.title,
                "visibility": idea.visibility.value,
                "category": form.category,
                **({"dynamicFields": extra.values} if extra.values else {}),
            },
        ),
        clock=clock,
    )
    return created if isinstance(created, Err) else Ok(idea.id, events=(IdeaSubmitted(idea.id, idea.title or ""),))


def visible_to(actor: Actor) -> ColumnElement[bool]:
    """The WHERE clause of the ideas an actor may see: never drafts; PUBLIC + own unless admin."""
    clause = col(Idea.status) != IdeaStatus.DRAFT
    if actor.is_admin:
        return clause
    return clause & ((col(Idea.visibility) == IdeaVisibility.PUBLIC) | (col(Idea.author_id) == actor.user_id))


def find_visible(session: Session, actor: Actor, idea_id: str) -> Idea | None:
    """The idea if this actor may see it; None when missing or hidden (the two look alike)."""
    if not idea_id:
        return None
    return session.exec(select(Idea).where(col(Idea.id) == idea_id, visible_to(actor))).first()


def can_delete(actor: Actor, idea: Idea) -> bool:
    if actor.is_admin:
        return True
    return idea.author_id == actor.user_id and idea.status == IdeaStatus.SUBMITTED


def delete_needs_confirmation(actor: Actor, idea: Idea) -> bool:
    """Whoever deletes their own idea types their display name first (ORIGINS C5), admins too;
    an admin deleting someone else's idea does not."""
    return idea.author_id == actor.user_id


@checked
def delete_idea(
    session: Session, actor: Actor, *, idea_id: str, confirmation: str | None = None, clock: Clock
) -> Result[None]:
    """Author while SUBMITTED, admins any time; one's own idea only after typing one's display name."""
    idea = find_visible(session, actor, idea_id)
    if idea is None:
        return err(ErrorCode.IDEA_NOT_FOUND)
    if not can_delete(actor, idea):
        return err(ErrorCode.FORBIDDEN_ROLE)
    if delete_needs_confirmation(actor, idea) and (confirmation or "").strip() != actor.display_name:
        return err(ErrorCode.VALIDATION_ERROR, "Type your display name exactly to confirm.")
    title, status = idea.title, IdeaStatus(idea.status)
    session.exec(delete(IdeaReview).where(col(IdeaReview.idea_id) == idea.id))
    removed = session.exec(delete(Idea).where(col(Idea.id) == idea.id, col(Idea.status) == status))
    if removed.rowcount != 1:  # changed state meanwhile: let the person look again
        session.rollback()
        return err(ErrorCode.INVALID_STATE, "This idea changed meanwhile. Please reload and try again.")
    idea_counts.adjust(session, idea.author_id, status, -1)
    record(
        session,
        actor,
        action=AuditAction.IDEA_DELETED,
        target_type="idea",
        target_id=idea_id,
        target_title=title or "",
        details={"ideaTitle": title or "", "deletedByRole": actor.role.value, "status": status.value},
        clock=clock,
    )
    session.commit()
    return Ok(None)
