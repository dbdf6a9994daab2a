"""The idea workflow as data (seed 003, ORIGINS C5–C10): draft → submitted → under review →
accepted | rejected, and a superadmin's abandon back to submitted.

Each transition's checks run in the order the commands document and return their refusal; the
executor (core/workflow.py) is the only place an idea's status is set.
"""

from __future__ import annotations

from workflow_app.core import errors as e
from workflow_app.core.actor import REVIEWER_ROLES, Actor
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, err
from workflow_app.core.workflow import AT_SOURCE, Subject, Transition, Workflow
from workflow_app.ideas.domain import idea_counts
from workflow_app.models import Idea, IdeaStatus, Role

S = IdeaStatus
ADMINS = REVIEWER_ROLES
SUPERADMIN = frozenset({Role.SUPERADMIN})
CREATE_DRAFT, SUBMIT_NEW, SUBMIT = "CREATE_DRAFT", "SUBMIT_NEW", "SUBMIT"
START_REVIEW, ACCEPT, REJECT, ABANDON = "START_REVIEW", "ACCEPT", "REJECT", "ABANDON"

_NOT_UNDER_REVIEW = err(ErrorCode.INVALID_STATE, e.INVALID_STATE_FINALIZE)
_ALREADY_REVIEWED = err(ErrorCode.ALREADY_REVIEWED)
_DRAFT_NOT_REVIEWABLE = err(ErrorCode.INVALID_STATE, e.DRAFT_CANNOT_BE_REVIEWED)


def authored(actor: Actor, subject: Subject) -> Err | None:
    """Only the author sees a draft: anyone else's is not found."""
    return None if subject.owner_id == actor.user_id else err(ErrorCode.NOT_FOUND)


def not_a_draft(actor: Actor, subject: Subject) -> Err | None:
    """A draft is never reviewed, whoever asks (ORIGINS B: the state machine blocks it too)."""
    return _DRAFT_NOT_REVIEWABLE if subject.status == S.DRAFT else None


def not_authored(actor: Actor, subject: Subject) -> Err | None:
    return err(ErrorCode.SELF_REVIEW_FORBIDDEN) if subject.owner_id == actor.user_id else None


def claimed(actor: Actor, subject: Subject) -> Err | None:
    return err(ErrorCode.REVIEW_NOT_FOUND) if subject.claim_holder_id is None else None


def holds_claim(actor: Actor, subject: Subject) -> Err | None:
    """The claim's holder finalizes; a superadmin may step in for another admin."""
    if subject.claim_holder_id is None:
        return err(ErrorCode.REVIEW_NOT_FOUND)
    if subject.claim_holder_id != actor.user_id and actor.role != Role.SUPERADMIN:
        return err(ErrorCode.FORBIDDEN_ROLE)
    return None


def _decision(action: str, target: IdeaStatus) -> Transition:
    return Transition(
        S.UNDER_REVIEW,
        action,
        target,
        ADMINS,
        checks=(not_a_draft, not_authored, AT_SOURCE, holds_claim),
        wrong_status={S.ACCEPTED: _ALREADY_REVIEWED, S.REJECTED: _ALREADY_REVIEWED},
        elsewhere=_NOT_UNDER_REVIEW,
    )


IDEA_WORKFLOW = Workflow(
    Idea,
    "status",
    (
        Transition(None, CREATE_DRAFT, S.DRAFT, None, checks=()),
        Transition(None, SUBMIT_NEW, S.SUBMITTED, None, checks=()),
        Transition(
            S.DRAFT, SUBMIT, S.SUBMITTED, None, checks=(authored, AT_SOURCE), elsewhere=err(ErrorCode.NOT_FOUND)
        ),
        Transition(
            S.SUBMITTED,
            START_REVIEW,
            S.UNDER_REVIEW,
            ADMINS,
            checks=(not_a_draft, not_authored, AT_SOURCE),
            wrong_status={S.UNDER_REVIEW: err(ErrorCode.ALREADY_UNDER_REVIEW)},
        ),
        _decision(ACCEPT, S.ACCEPTED),
        _decision(REJECT, S.REJECTED),
        Transition(
            S.UNDER_REVIEW,
            ABANDON,
            S.SUBMITTED,
            SUPERADMIN,
            checks=(not_a_draft, AT_SOURCE, claimed),
            elsewhere=_NOT_UNDER_REVIEW,
        ),
    ),
    tally=idea_counts.tally,
)


# --- reviews in stages (ORIGINS C16): a category with a pipeline of its own ---------------------
CLAIM_STAGE, STAGE_ACCEPT, STAGE_REJECT = "CLAIM_STAGE", "STAGE_ACCEPT", "STAGE_REJECT"
RESOLVE_ACCEPT, RESOLVE_REJECT = "RESOLVE_ACCEPT", "RESOLVE_REJECT"
NOT_YOUR_STAGE = "Only the admin who claimed this stage can complete it."


def holds_stage(actor: Actor, subject: Subject) -> Err | None:
    """The stage's claimer completes it; nobody steps in (a SUPERADMIN resolves escalations instead)."""
    return None if subject.claim_holder_id == actor.user_id else err(ErrorCode.FORBIDDEN_ROLE, NOT_YOUR_STAGE)


def _stage_decision(action: str, target: IdeaStatus) -> Transition:
    return Transition(
        S.UNDER_REVIEW,
        action,
        target,
        ADMINS,
        checks=(holds_stage, AT_SOURCE),
        wrong_status={S.ACCEPTED: err(ErrorCode.ALREADY_COMPLETED), S.REJECTED: err(ErrorCode.ALREADY_COMPLETED)},
        elsewhere=err(ErrorCode.INVALID_STATUS),
    )


def _resolution(action: str, target: IdeaStatus) -> Transition:
    return Transition(
        S.UNDER_REVIEW, action, target, SUPERADMIN, checks=(AT_SOURCE,), elsewhere=err(ErrorCode.INVALID_STATUS)
    )


# The same idea statuses, moved by the same executor, for ideas reviewed in stages: the claim of
# the first stage, the decision stage's outcome, and a SUPERADMIN's resolution of an escalation.
# Passing or escalating a stage leaves the status as it is (UNDER_REVIEW).
STAGED_REVIEW = Workflow(
    Idea,
    "status",
    (
        Transition(
            S.SUBMITTED,
            CLAIM_STAGE,
            S.UNDER_REVIEW,
            ADMINS,
            checks=(not_a_draft, not_authored, AT_SOURCE),
            wrong_status={S.UNDER_REVIEW: err(ErrorCode.ALREADY_CLAIMED)},
            elsewhere=err(ErrorCode.INVALID_STATUS),
        ),
        _stage_decision(STAGE_ACCEPT, S.ACCEPTED),
        _stage_decision(STAGE_REJECT, S.REJECTED),
        _resolution(RESOLVE_ACCEPT, S.ACCEPTED),
        _resolution(RESOLVE_REJECT, S.REJECTED),
    ),
    tally=idea_counts.tally,
)
