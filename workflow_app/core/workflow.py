"""The transition executor: every status a row takes, its first one included, is set here.

A part declares its workflow once as data (`Workflow`: the model, its status column and the
transitions). Each transition names who may take it and its checks, in the order the commands
document them; a check returns the documented refusal, so the buttons a page offers
(`allowed_actions`), the refusals a command gives (`refusal`) and the table cannot disagree.

`move` is the one place a status changes: the checks, then a compare-and-set from the source
status (the first statement, so it takes the row's write lock), the rowcount check, any
companion writes, the workflow's `tally` (counts kept in step), the audit row and the commit.
Whoever loses a race gets the command's documented "lost" refusal after a rollback, with
nothing written. `create` does the same for a
new row's first status.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from sqlalchemy.sql.dml import Update
from sqlmodel import Session, SQLModel

from workflow_app.core.actor import Actor
from workflow_app.core.audit import record
from workflow_app.core.clock import Clock
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok, Result, err
from workflow_app.models import AuditAction, Role


@dataclass(frozen=True)
class Subject:
    """What the checks need to know about the thing being acted on."""

    status: Enum | None
    owner_id: str | None
    claim_holder_id: str | None = None  # the admin holding an idea's review
    routed_to_actor: bool = False  # an SA advising the skill of the descriptor's SCM


Check = Callable[[Actor, Subject], Err | None]


class _AtSource:
    """Marks where, among a transition's checks, the subject's status is compared with the source."""

    def __repr__(self) -> str:
        return "AT_SOURCE"


AT_SOURCE = _AtSource()


@dataclass(frozen=True)
class Transition:
    source: Enum | None  # None: the first status of a new row
    action: str
    target: Enum
    roles: frozenset[Role] | None  # None: any signed-in role
    checks: tuple[Check | _AtSource, ...] = (AT_SOURCE,)
    role_refusal: Err = field(default_factory=lambda: err(ErrorCode.FORBIDDEN_ROLE))
    # The refusal when the subject is not in `source`: by the status it is in, else `elsewhere`.
    wrong_status: Mapping[Enum | None, Err] = field(default_factory=dict)
    elsewhere: Err = field(default_factory=lambda: err(ErrorCode.INVALID_STATE))

    def role_problem(self, actor: Actor) -> Err | None:
        """The role check alone: `role_refusal` for a role the transition does not name."""
        return self.role_refusal if self.roles is not None and actor.role not in self.roles else None

    def refusal(self, actor: Actor, subject: Subject) -> Err | None:
        """Why this actor may not take this transition on this subject now; None if they may."""
        if (problem := self.role_problem(actor)) is not None:
            return problem
        for check in self.checks:
            problem = self._status_problem(subject.status) if isinstance(check, _AtSource) else check(actor, subject)
            if problem is not None:
                return problem
        return None

    def _status_problem(self, status: Enum | None) -> Err | None:
        if status == self.source:
            return None
        return self.wrong_status.get(status, self.elsewhere)


@dataclass(frozen=True)
class AuditEntry:
    action: AuditAction
    target_type: str
    target_id: str | None
    target_title: str = ""
    details: dict[str, Any] = field(default_factory=dict)


class InvalidTransition(Exception):
    def __init__(self, source: Enum | None, action: str) -> None:
        super().__init__(f"{action} is not allowed from {source}")
        self.source = source
        self.action = action


def exactly_one(counts: tuple[int, ...]) -> bool:
    return sum(counts) == 1


def at_least_one(counts: tuple[int, ...]) -> bool:
    return sum(counts) > 0


# Told of every change that succeeded, in its transaction: (session, subject, source, target,
# rows moved). A part keeps derived counts with it (ideas/domain/idea_counts.py).
Tally = Callable[[Session, Subject, Enum | None, Enum, int], None]


@dataclass(frozen=True)
class Workflow:
    model: type[SQLModel]
    status_field: str
    transitions: tuple[Transition, ...]
    tally: Tally | None = None

    def __post_init__(self) -> None:
        actions = [t.action for t in self.transitions]
        if len(set(actions)) != len(actions):  # one source per action: a check knows where it stands
            raise ValueError(f"an action is listed twice in {actions}")

    def transition(self, action: str) -> Transition:
        found = next((t for t in self.transitions if t.action == action), None)
        if found is None:
            raise InvalidTransition(None, action)
        return found

    def target_of(self, source: Enum | None, action: str) -> Enum:
        """The status after `action` from `source`; raises InvalidTransition for anything unlisted."""
        found = next((t for t in self.transitions if t.source == source and t.action == action), None)
        if found is None:
            raise InvalidTransition(source, action)
        return found.target

    def allowed_actions(self, actor: Actor, subject: Subject) -> list[str]:
        """The actions this actor may take on this existing subject now, in table order."""
        return [
            t.action
            for t in self.transitions
            if t.source is not None and t.source == subject.status and t.refusal(actor, subject) is None
        ]

    def refusal(self, action: str, actor: Actor, subject: Subject) -> Err | None:
        return self.transition(action).refusal(actor, subject)

    def role_refusal(self, action: str, actor: Actor) -> Err | None:
        """The role check alone, for commands that refuse a wrong role before reading anything."""
        return self.transition(action).role_problem(actor)

    def move(
        self,
        session: Session,
        actor: Actor,
        action: str,
        subject: Subject,
        *,
        rows: Sequence[Update],
        audit: AuditEntry | Callable[[tuple[int, ...]], AuditEntry],
        lost: Callable[[], Err],
        also: Callable[[], bool] = lambda: True,
        expect: Callable[[tuple[int, ...]], bool] = exactly_one,
        clock: Clock,
    ) -> Result[tuple[int, ...]]:
        """Takes `action`: each of `rows` (an UPDATE saying which rows and what else changes) gets
        `status = target WHERE status = source`; `also` writes what goes with it. Returns the
        rowcounts; on a refusal or a lost race nothing is written."""
        transition = self.transition(action)
        if (problem := transition.refusal(actor, subject)) is not None:
            return problem
        column = getattr(self.model, self.status_field)
        counts = tuple(
            session.exec(statement.where(column == transition.source).values({column: transition.target})).rowcount
            for statement in rows
        )
        if not (expect(counts) and also()):
            session.rollback()
            return lost()
        if self.tally is not None:
            self.tally(session, subject, transition.source, transition.target, sum(counts))
        _record(session, actor, audit(counts) if callable(audit) else audit, clock)
        session.commit()
        return Ok(counts)

    def create(
        self,
        session: Session,
        actor: Actor,
        action: str,
        row: SQLModel,
        *,
        audit: Callable[[], AuditEntry],
        clock: Clock,
    ) -> Result[None]:
        """Inserts `row` in the transition's target status (source None) and commits with its audit row."""
        transition = self.transition(action)
        if transition.source is not None:
            raise InvalidTransition(transition.source, action)
        subject = Subject(None, owner_id=actor.user_id)
        if (problem := transition.refusal(actor, subject)) is not None:
            return problem
        setattr(row, self.status_field, transition.target)
        session.add(row)
        session.flush()
        if self.tally is not None:
            self.tally(session, subject, None, transition.target, 1)
        _record(session, actor, audit(), clock)
        session.commit()
        return Ok(None)


def _record(session: Session, actor: Actor, entry: AuditEntry, clock: Clock) -> None:
    record(
        session,
        actor,
        action=entry.action,
        target_type=entry.target_type,
        target_id=entry.target_id,
        target_title=entry.target_title,
        details=entry.details,
        clock=clock,
    )
