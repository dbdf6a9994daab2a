"""Blind review (ORIGINS C17): whose name an idea's author shows as, for whom.

The author is "Anonymous" only when all five hold: the feature is on; the idea's category has a
pipeline with blind review; the idea is UNDER_REVIEW; the reader is an ADMIN (a SUPERADMIN
always sees the name); the reader is not the author. Anything else shows the real name
("Unknown" when there is none), and a missing pipeline shows it too (fail-open). Masking is
decided here, on the server, for every page, queue and export that shows an author — never for
the audit log, which always keeps real names.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session, col, select

from workflow_app.config import settings
from workflow_app.core.actor import Actor
from workflow_app.models import IdeaStatus, ReviewPipeline, Role

ANONYMOUS = "Anonymous"
UNKNOWN = "Unknown"


def enabled() -> bool:
    return settings.blind_review_enabled


def blind_categories(session: Session) -> frozenset[str]:
    """The categories whose pipeline reviews blind (none when the feature is off)."""
    if not enabled():
        return frozenset()
    return frozenset(session.exec(select(ReviewPipeline.category).where(col(ReviewPipeline.blind_review).is_(True))))


def is_masked(actor: Actor, *, status: IdeaStatus | str | None, author_id: str, blind: bool) -> bool:
    """The five conditions; `blind` says the idea's category has a blind pipeline (feature on)."""
    return (
        enabled()
        and blind
        and status in (IdeaStatus.UNDER_REVIEW, IdeaStatus.UNDER_REVIEW.value)
        and actor.role == Role.ADMIN
        and actor.user_id != author_id
    )


def author_name(actor: Actor, *, status: IdeaStatus | str | None, author_id: str, name: str | None, blind: bool) -> str:
    """What this reader sees as the idea's author."""
    if is_masked(actor, status=status, author_id=author_id, blind=blind):
        return ANONYMOUS
    return name or UNKNOWN


# (status, author id, author's name, category) → the name this reader sees.
Shown = Callable[[str | None, str, str | None, str | None], str]


def names_for(session: Session, actor: Actor) -> Shown:
    """How one reader sees authors, for a list of ideas: the blind categories are read once, and
    only for an ADMIN (nobody else is ever shown "Anonymous")."""
    blind = blind_categories(session) if enabled() and actor.role == Role.ADMIN else frozenset()

    def shown(status: str | None, author_id: str, name: str | None, category: str | None) -> str:
        return author_name(actor, status=status, author_id=author_id, name=name, blind=category in blind)

    return shown
