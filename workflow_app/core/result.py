"""What every domain command returns: success with a value, or an error code and its text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.core.events import DomainEvent

T = TypeVar("T")


@dataclass(frozen=True)
class Ok(Generic[T]):
    value: T = None  # type: ignore[assignment]
    # What happened, for whoever acts after the commit (notifications); not part of the outcome.
    events: tuple[DomainEvent, ...] = field(default=(), compare=False)
    # Literal, so that `if not result.ok:` tells a type checker which of the two it holds.
    ok: Literal[True] = field(default=True, init=False)


@dataclass(frozen=True)
class Err:
    code: ErrorCode
    message: str
    field_errors: dict[str, str] = field(default_factory=dict)
    ok: Literal[False] = field(default=False, init=False)


Result = Ok[T] | Err


def err(code: ErrorCode, message: str | None = None, **field_errors: str) -> Err:
    """An error with the documented text for its code unless a more precise one is given."""
    return Err(code=code, message=message or message_for(code), field_errors=dict(field_errors))
