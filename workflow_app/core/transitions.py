"""The two workflows' transition tables, declared once as data.

Nothing else in the code assigns a status: commands ask `target_of` for the next status and
pages ask `allowed_actions` which buttons to show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from workflow_app.core.actor import Actor
from workflow_app.models import DescriptorBatchStatus, IdeaStatus, Role


@dataclass(frozen=True)
class Subject:
    """What a guard needs to know about the thing being acted on."""

    status: Enum | None
    owner_id: str | None
    claim_holder_id: str | None = None  # the admin holding an idea's review
    routed_to_actor: bool = False  # an SA advising the skill of the descriptor's SCM


Guard = Callable[[Actor, Subject], bool]


def is_owner(actor: Actor, subject: Subject) -> bool:
    return subject.owner_id == actor.user_id


def is_not_owner(actor: Actor, subject: Subject) -> bool:
    return subject.owner_id != actor.user_id


def holds_claim_or_superadmin(actor: Actor, subject: Subject) -> bool:
    return subject.claim_holder_id == actor.user_id or actor.role == Role.SUPERADMIN


def is_routed_reviewer(actor: Actor, subject: Subject) -> bool:
    return subject.routed_to_actor


@dataclass(frozen=True)
class Transition:
    source: Enum
    action: str
    target: Enum
    roles: frozenset[Role] | None  # None: any signed-in role
    guards: tuple[Guard, ...] = ()


ADMINS = frozenset({Role.ADMIN, Role.SUPERADMIN})

IDEA_TRANSITIONS: tuple[Transition, ...] = (
    Transition(IdeaStatus.DRAFT, "SUBMIT", IdeaStatus.SUBMITTED, None, (is_owner,)),
    Transition(IdeaStatus.SUBMITTED, "START_REVIEW", IdeaStatus.UNDER_REVIEW, ADMINS, (is_not_owner,)),
    Transition(
        IdeaStatus.UNDER_REVIEW,
        "ACCEPT",
        IdeaStatus.ACCEPTED,
        ADMINS,
        (is_not_owner, holds_claim_or_superadmin),
    ),
    Transition(
        IdeaStatus.UNDER_REVIEW,
        "REJECT",
        IdeaStatus.REJECTED,
        ADMINS,
        (is_not_owner, holds_claim_or_superadmin),
    ),
    Transition(IdeaStatus.UNDER_REVIEW, "ABANDON", IdeaStatus.SUBMITTED, frozenset({Role.SUPERADMIN})),
)

DESCRIPTOR_TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        DescriptorBatchStatus.DRAFT,
        "SUBMIT_BATCH",
        DescriptorBatchStatus.PENDING_REVIEW,
        frozenset({Role.SCM}),
        (is_owner,),
    ),
    Transition(
        DescriptorBatchStatus.PENDING_REVIEW,
        "APPROVE",
        DescriptorBatchStatus.APPROVED,
        frozenset({Role.SA}),
        (is_routed_reviewer,),
    ),
    Transition(
        DescriptorBatchStatus.PENDING_REVIEW,
        "RETURN",
        DescriptorBatchStatus.RETURNED,
        frozenset({Role.SA}),
        (is_routed_reviewer,),
    ),
    Transition(
        DescriptorBatchStatus.RETURNED,
        "REVISE",
        DescriptorBatchStatus.DRAFT,
        frozenset({Role.SCM}),
        (is_owner,),
    ),
)


class InvalidTransition(Exception):
    def __init__(self, source: Enum | None, action: str) -> None:
        super().__init__(f"{action} is not allowed from {source}")
        self.source = source
        self.action = action


def find(table: tuple[Transition, ...], source: Enum | None, action: str) -> Transition | None:
    return next((t for t in table if t.source == source and t.action == action), None)


def target_of(table: tuple[Transition, ...], source: Enum | None, action: str) -> Enum:
    """The status after `action`; raises InvalidTransition for anything the table does not list."""
    transition = find(table, source, action)
    if transition is None:
        raise InvalidTransition(source, action)
    return transition.target


def permits(transition: Transition, actor: Actor, subject: Subject) -> bool:
    if transition.roles is not None and actor.role not in transition.roles:
        return False
    return all(guard(actor, subject) for guard in transition.guards)


def allowed_actions(table: tuple[Transition, ...], actor: Actor, subject: Subject) -> list[str]:
    """The actions this actor may take on this subject now, in table order."""
    return [t.action for t in table if t.source == subject.status and permits(t, actor, subject)]
