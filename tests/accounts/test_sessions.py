"""Server-side sessions: single-use tickets, cookie tokens, expiry, revocation, role re-reads."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from tests.core.helpers import SESSION_TTL, count_rows, signed_in_token
from tests.factories import DEFAULT_PASSWORD, make_user
from workflow_app.accounts.domain import sessions
from workflow_app.core.actor import Actor
from workflow_app.models import AuthSession, LoginTicket, Role, User


def _ticket_for(session, clock, user: User) -> str:
    ticket = sessions.issue_login_ticket(session, user_id=user.id, clock=clock)
    session.commit()
    return ticket


# --- login tickets ---------------------------------------------------------------------------


def test_a_ticket_opens_exactly_one_session(session, clock):
    user = make_user(session)
    ticket = _ticket_for(session, clock, user)

    first = sessions.redeem_login_ticket(session, ticket=ticket, ttl=SESSION_TTL, clock=clock)
    second = sessions.redeem_login_ticket(session, ticket=ticket, ttl=SESSION_TTL, clock=clock)

    assert first
    assert second is None
    [row] = session.exec(select(AuthSession)).all()
    assert row.user_id == user.id
    assert row.created_at == clock.now()
    assert row.expires_at == clock.now() + SESSION_TTL
    assert session.exec(select(LoginTicket)).one().used_at == clock.now()


def test_only_hashes_of_tickets_and_tokens_are_stored(session, clock):
    user = make_user(session)
    ticket = _ticket_for(session, clock, user)

    token = sessions.redeem_login_ticket(session, ticket=ticket, ttl=SESSION_TTL, clock=clock)

    assert session.exec(select(LoginTicket.ticket_hash)).one() == hashlib.sha256(ticket.encode()).hexdigest()
    assert session.exec(select(AuthSession.token_hash)).one() == hashlib.sha256(token.encode()).hexdigest()


def test_a_ticket_is_still_good_just_before_its_minute_is_up(session, clock):
    ticket = _ticket_for(session, clock, make_user(session))
    clock.advance(seconds=59)

    assert sessions.redeem_login_ticket(session, ticket=ticket, ttl=SESSION_TTL, clock=clock)


def test_an_expired_ticket_opens_no_session(session, clock):
    ticket = _ticket_for(session, clock, make_user(session))
    clock.advance(seconds=61)

    assert sessions.redeem_login_ticket(session, ticket=ticket, ttl=SESSION_TTL, clock=clock) is None
    assert count_rows(session, AuthSession) == 0
    assert session.exec(select(LoginTicket)).one().used_at is None


@pytest.mark.parametrize("ticket", ["", "made-up-ticket"])
def test_an_unknown_ticket_opens_no_session(session, clock, ticket):
    _ticket_for(session, clock, make_user(session))

    assert sessions.redeem_login_ticket(session, ticket=ticket, ttl=SESSION_TTL, clock=clock) is None
    assert count_rows(session, AuthSession) == 0


# --- cookie tokens ---------------------------------------------------------------------------


def test_a_token_identifies_the_signed_in_user(session, clock):
    user = make_user(session, email="ada@example.org", display_name="Ada", role=Role.ADMIN)
    token = signed_in_token(session, clock, email="ada@example.org", password=DEFAULT_PASSWORD)

    actor = sessions.actor_for_token(session, token, clock=clock)

    assert actor == Actor(user_id=user.id, role=Role.ADMIN, display_name="Ada", email="ada@example.org")


def test_the_role_is_read_from_the_database_on_every_request(session, clock):
    user = make_user(session, email="ada@example.org", role=Role.SUBMITTER)
    token = signed_in_token(session, clock, email="ada@example.org", password=DEFAULT_PASSWORD)
    engine = session.get_bind()

    with Session(engine) as other_request:
        other_request.get(User, user.id).role = Role.ADMIN
        other_request.commit()

    with Session(engine) as next_request:
        actor = sessions.actor_for_token(next_request, token, clock=clock)
    assert actor.role == Role.ADMIN


@pytest.mark.parametrize("token", [None, "", "no-such-token"])
def test_a_missing_or_unknown_token_is_nobody(session, clock, token):
    make_user(session, email="ada@example.org")
    signed_in_token(session, clock, email="ada@example.org", password=DEFAULT_PASSWORD)

    assert sessions.actor_for_token(session, token, clock=clock) is None


def test_a_session_ends_when_its_ttl_is_up(session, clock):
    make_user(session, email="ada@example.org")
    token = signed_in_token(
        session, clock, email="ada@example.org", password=DEFAULT_PASSWORD, ttl=timedelta(minutes=30)
    )

    clock.advance(minutes=29, seconds=59)
    assert sessions.actor_for_token(session, token, clock=clock) is not None
    clock.advance(seconds=2)
    assert sessions.actor_for_token(session, token, clock=clock) is None


def test_a_revoked_token_is_useless(session, clock):
    make_user(session, email="ada@example.org")
    token = signed_in_token(session, clock, email="ada@example.org", password=DEFAULT_PASSWORD)

    sessions.revoke(session, token, clock=clock)

    assert sessions.actor_for_token(session, token, clock=clock) is None
    session.expire_all()
    assert session.exec(select(AuthSession)).one().revoked_at == clock.now()


def test_revoking_one_session_leaves_the_others_signed_in(session, clock):
    make_user(session, email="ada@example.org")
    laptop = signed_in_token(session, clock, email="ada@example.org", password=DEFAULT_PASSWORD)
    phone = signed_in_token(session, clock, email="ada@example.org", password=DEFAULT_PASSWORD)

    sessions.revoke(session, laptop, clock=clock)

    assert sessions.actor_for_token(session, laptop, clock=clock) is None
    assert sessions.actor_for_token(session, phone, clock=clock) is not None


def test_revoking_twice_keeps_the_first_revocation_time(session, clock):
    make_user(session, email="ada@example.org")
    token = signed_in_token(session, clock, email="ada@example.org", password=DEFAULT_PASSWORD)
    revoked_at = clock.now()

    sessions.revoke(session, token, clock=clock)
    clock.advance(minutes=5)
    sessions.revoke(session, token, clock=clock)
    sessions.revoke(session, None, clock=clock)

    session.expire_all()
    assert session.exec(select(AuthSession)).one().revoked_at == revoked_at


# --- the cookie header -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ("a=b; wf_session=TOKEN; c=d", "TOKEN"),
        ("wf_session=TOKEN", "TOKEN"),
        ("wf_session=abc-DEF_123", "abc-DEF_123"),
        ("a=b; c=d", None),
        ("other_wf_session=TOKEN", None),
        ("garbage", None),
        (";;;", None),
        ("", None),
        (None, None),
    ],
)
def test_the_session_token_is_read_from_the_cookie_header(header, token):
    assert sessions.token_from_cookie_header(header) == token


@pytest.mark.parametrize(
    "header",
    ['prefs={"theme":"dark"}; wf_session=TOKEN', "wf_session=TOKEN; note=hello world"],
)
def test_an_unusual_foreign_cookie_does_not_hide_the_session_cookie(header):
    assert sessions.token_from_cookie_header(header) == "TOKEN"
