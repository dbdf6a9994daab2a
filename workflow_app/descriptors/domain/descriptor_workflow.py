"""The descriptor workflow as data (ORIGINS Part 2 C4–C5): an SCM's draft goes for review in a
batch, the routed SA approves or returns it, a returned one is revised back to draft.

Each transition's checks run in the order the commands document and return their refusal; the
executor (core/workflow.py) is the only place a descriptor's batch status is set. A curated
library entry (curation.py) is outside the workflow: it has no batch status.
"""

from __future__ import annotations

from workflow_app.core import errors as e
from workflow_app.core.actor import Actor
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, err
from workflow_app.core.workflow import AT_SOURCE, Check, Subject, Transition, Workflow
from workflow_app.models import Descriptor, DescriptorBatchStatus, Role

B = DescriptorBatchStatus
SCM, SA = frozenset({Role.SCM}), frozenset({Role.SA})
CREATE, SUBMIT_BATCH, APPROVE, RETURN, REVISE = "CREATE", "SUBMIT_BATCH", "APPROVE", "RETURN", "REVISE"
_SCM_ONLY = err(ErrorCode.FORBIDDEN_ROLE, e.SCM_ONLY)
_NOT_EDITABLE = err(ErrorCode.DESCRIPTOR_NOT_EDITABLE)


def owned(refusal: Err) -> Check:
    def check(actor: Actor, subject: Subject) -> Err | None:
        return None if subject.owner_id == actor.user_id else refusal

    return check


def routed(message: str | None = None) -> Check:
    """The SA advises a skill of the descriptor's SCM."""
    refusal = err(ErrorCode.NOT_YOUR_DESCRIPTOR, message)

    def check(actor: Actor, subject: Subject) -> Err | None:
        return None if subject.routed_to_actor else refusal

    return check


DESCRIPTOR_WORKFLOW = Workflow(
    Descriptor,
    "batch_status",
    (
        Transition(None, CREATE, B.DRAFT, SCM, checks=(), role_refusal=_SCM_ONLY),
        Transition(
            B.DRAFT,
            SUBMIT_BATCH,
            B.PENDING_REVIEW,
            SCM,
            checks=(owned(err(ErrorCode.NO_DRAFTS_TO_SUBMIT)), AT_SOURCE),
            role_refusal=_SCM_ONLY,
            elsewhere=err(ErrorCode.NO_DRAFTS_TO_SUBMIT),
        ),
        Transition(
            B.PENDING_REVIEW,
            APPROVE,
            B.APPROVED,
            SA,
            checks=(routed(), AT_SOURCE),
            role_refusal=err(ErrorCode.FORBIDDEN_ROLE, e.APPROVE_SA_ONLY),
            elsewhere=err(ErrorCode.STALE_DECISION),
        ),
        Transition(
            B.PENDING_REVIEW,
            RETURN,
            B.RETURNED,
            SA,
            checks=(routed(e.RETURN_NOT_PERMITTED), AT_SOURCE),
            role_refusal=err(ErrorCode.FORBIDDEN_ROLE, e.RETURN_SA_ONLY),
            elsewhere=err(ErrorCode.STALE_DECISION),
        ),
        Transition(
            B.RETURNED,
            REVISE,
            B.DRAFT,
            SCM,
            checks=(owned(_NOT_EDITABLE), AT_SOURCE),
            role_refusal=_SCM_ONLY,
            elsewhere=_NOT_EDITABLE,
        ),
    ),
)
