"""What `deliver` (notifications/deliver.py) does for each event: the inbox row(s), then the e-mail.

Each function loads what it needs, writes the in-app notifications and commits, then queues
the e-mails. A notification is a courtesy: `deliver` logs whatever one of these raises and goes
on with the next event; an inbox that cannot be written still lets the e-mail go.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from workflow_app.config import settings
from workflow_app.core.clock import Clock
from workflow_app.models import Descriptor, Role, User
from workflow_app.notifications import inbox, messages
from workflow_app.notifications.email import dispatch

log = logging.getLogger("workflow_app.mail")


@dataclass(frozen=True)
class _Delivery:
    user_id: str
    email: str
    letter: messages.Letter


def _deliver(session: Session, deliveries: list[_Delivery], clock: Clock) -> None:
    try:
        for d in deliveries:
            inbox.notify(
                session,
                user_id=d.user_id,
                kind=d.letter.kind,
                title=d.letter.subject,
                body=d.letter.summary,
                link=d.letter.path,
                clock=clock,
            )
        session.commit()
    except Exception:
        log.exception("Could not store in-app notifications %s", [d.letter.kind for d in deliveries])
        session.rollback()
    for d in deliveries:
        if d.email:
            dispatch(d.letter.message(to=d.email))


def _users(session: Session, ids: Iterable[str]) -> list[User]:
    wanted = list(dict.fromkeys(i for i in ids if i))
    if not wanted:
        return []
    found = {u.id: u for u in session.exec(select(User).where(col(User.id).in_(wanted)))}
    return [found[i] for i in wanted if i in found]


def batch_submitted(
    session: Session, *, scm_id: str, sa_ids: Iterable[str], count: int, resubmitted: bool, clock: Clock
) -> None:
    """NOTIF-01, or NOTIF-05 for a resubmission, to each SA given (normally the skill's SA)."""
    scm = session.get(User, scm_id)
    builder = messages.resubmitted if resubmitted else messages.review_request
    letter = builder(scm_name=scm.display_name if scm else None, count=count)
    deliveries = [_Delivery(sa.id, sa.email, letter) for sa in _users(session, sa_ids)]
    _deliver(session, deliveries, clock)


def _notify_author(
    session: Session, descriptor_id: str, clock: Clock, build: Callable[[Descriptor], messages.Letter]
) -> None:
    descriptor = session.get(Descriptor, descriptor_id)
    if descriptor is None or not descriptor.created_by_id:
        log.warning("Descriptor %s has no author to notify", descriptor_id)
        return
    author = session.get(User, descriptor.created_by_id)
    if author is None:
        return
    letter = build(descriptor)
    _deliver(session, [_Delivery(author.id, author.email, letter)], clock)


def descriptor_approved(session: Session, *, descriptor_id: str, sa_id: str, was_modified: bool, clock: Clock) -> None:
    """NOTIF-02 / NOTIF-03 to the SCM who wrote the descriptor."""
    sa = session.get(User, sa_id)
    _notify_author(
        session,
        descriptor_id,
        clock,
        lambda d: messages.approved(
            criterion_name=d.criterion_name,
            sa_name=sa.display_name if sa else None,
            was_modified=was_modified,
        ),
    )


def descriptor_returned(session: Session, *, descriptor_id: str, sa_id: str, comment: str, clock: Clock) -> None:
    """NOTIF-04 to the SCM who wrote the descriptor, with the SA's feedback."""
    sa = session.get(User, sa_id)
    _notify_author(
        session,
        descriptor_id,
        clock,
        lambda d: messages.returned(
            criterion_name=d.criterion_name,
            sa_name=sa.display_name if sa else None,
            comment=comment,
        ),
    )


def idea_decided(
    session: Session, *, idea_id: str, author_id: str, title: str, accepted: bool, comment: str, clock: Clock
) -> None:
    """The author hears of the decision, in the app and by e-mail."""
    author = session.get(User, author_id)
    if author is None:
        return
    letter = messages.idea_decided(idea_id=idea_id, title=title, accepted=accepted, comment=comment)
    _deliver(session, [_Delivery(author.id, author.email, letter)], clock)


def idea_submitted(session: Session, *, idea_id: str, title: str, clock: Clock) -> None:
    """With NEW_IDEA_MAIL=each, every active admin hears of a new idea at once; with "digest"
    (the default) the daily review digest names it instead (notifications/digest.py)."""
    if settings.new_idea_mail != "each":
        return
    letter = messages.new_idea(idea_id=idea_id, title=title)
    admins = session.exec(
        select(User).where(col(User.role).in_([Role.ADMIN, Role.SUPERADMIN]), col(User.deactivated_at).is_(None))
    ).all()
    _deliver(session, [_Delivery(a.id, a.email, letter) for a in admins], clock)
