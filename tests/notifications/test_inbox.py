"""In-app notifications: per user, unread count, marking read (own only)."""

from __future__ import annotations

from sqlmodel import select

from tests.factories import make_actor
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok
from workflow_app.models import Notification, Role
from workflow_app.notifications import inbox


def notify(session, actor, clock, title: str) -> Notification:
    notice = inbox.notify(
        session,
        user_id=actor.user_id,
        kind="descriptor.approved",
        title=title,
        body="Body",
        link="/descriptors/mine",
        clock=clock,
    )
    session.commit()
    return notice


def test_each_user_sees_only_their_notifications_newest_first(session, clock):
    scm, other = make_actor(session, role=Role.SCM), make_actor(session)
    notify(session, scm, clock, "First")
    clock.advance(minutes=1)
    notify(session, scm, clock, "Second")
    notify(session, other, clock, "Not yours")

    listed = inbox.list_notifications(session, scm)

    assert [n.title for n in listed] == ["Second", "First"]
    assert [n.is_read for n in listed] == [False, False]
    assert listed[0].link == "/descriptors/mine"
    assert [n.title for n in inbox.list_notifications(session, other)] == ["Not yours"]


def test_the_list_is_limited(session, clock):
    actor = make_actor(session)
    for n in range(25):
        clock.advance(seconds=1)
        notify(session, actor, clock, f"Notice {n}")

    assert len(inbox.list_notifications(session, actor)) == 20
    assert inbox.list_notifications(session, actor, limit=3)[0].title == "Notice 24"


def test_notify_writes_in_the_callers_transaction_and_trims_the_title(session, clock):
    actor = make_actor(session)
    inbox.notify(session, user_id=actor.user_id, kind="k", title="Line\none " + "x" * 300, clock=clock)
    session.rollback()
    assert inbox.unread_count(session, actor) == 0

    inbox.notify(session, user_id=actor.user_id, kind="k", title="Line\none " + "x" * 300, clock=clock)
    session.commit()
    stored = session.exec(select(Notification)).one()
    assert stored.title.startswith("Line one x") and len(stored.title) == 200


def test_unread_count_and_mark_all_read(session, clock):
    actor, other = make_actor(session), make_actor(session)
    for title in ("One", "Two", "Three"):
        notify(session, actor, clock, title)
    notify(session, other, clock, "Other")

    assert inbox.unread_count(session, actor) == 3
    assert inbox.mark_all_read(session, actor, clock=clock) == Ok(3)
    assert inbox.unread_count(session, actor) == 0
    assert inbox.unread_count(session, other) == 1
    assert inbox.mark_all_read(session, actor, clock=clock) == Ok(0)


def test_mark_read_marks_one_own_notification(session, clock):
    actor = make_actor(session)
    first, second = notify(session, actor, clock, "One"), notify(session, actor, clock, "Two")

    assert inbox.mark_read(session, actor, notification_id=first.id, clock=clock) == Ok(True)
    assert inbox.mark_read(session, actor, notification_id=first.id, clock=clock) == Ok(True)

    assert inbox.unread_count(session, actor) == 1
    session.refresh(first)
    session.refresh(second)
    assert first.read_at is not None and second.read_at is None


def test_nobody_can_mark_someone_elses_notification(session, clock):
    owner, intruder = make_actor(session), make_actor(session, role=Role.SUPERADMIN)
    notice = notify(session, owner, clock, "Private")

    result = inbox.mark_read(session, intruder, notification_id=notice.id, clock=clock)
    missing = inbox.mark_read(session, intruder, notification_id="nope", clock=clock)

    assert isinstance(result, Err) and result.code == ErrorCode.NOT_FOUND
    assert result.message == "Notification not found"
    assert isinstance(missing, Err) and missing.message == result.message
    session.refresh(notice)
    assert notice.read_at is None
