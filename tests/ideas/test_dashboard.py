"""The admin dashboard: stat cards, Pending Review queue and the In Review list (ORIGINS C12, F 30)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from tests.factories import make_actor
from tests.ideas.review_helpers import make_claim, make_idea
from workflow_app.core.errors import ErrorCode
from workflow_app.ideas.domain import dashboard
from workflow_app.models import IdeaStatus, Role

S = IdeaStatus
T0 = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def author(session):
    return make_actor(session, role=Role.SUBMITTER, display_name="Sam Author")


@pytest.fixture
def admin(session):
    return make_actor(session, role=Role.ADMIN, display_name="Ada Admin")


def queue(session, actor, **kwargs):
    result = dashboard.pending_review_queue(session, actor, **kwargs)
    assert result.ok, result
    return result.value


@contextmanager
def statements_run(engine):
    """The SQL the code under test sends, with its parameters."""
    seen: list[tuple[str, object]] = []

    def listen(_conn, _cursor, statement, parameters, _context, _many):
        seen.append((statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", listen)


# --- stat cards ----------------------------------------------------------------------------------


def test_the_stat_cards_count_every_status_and_the_total_but_never_drafts(session, author, admin):
    for status, n in [(S.DRAFT, 4), (S.SUBMITTED, 3), (S.UNDER_REVIEW, 2), (S.ACCEPTED, 1), (S.REJECTED, 1)]:
        for _ in range(n):
            make_idea(session, author, status=status, reviewer=admin)

    cards = dashboard.status_cards(session, admin).value

    assert cards == {"TOTAL": 7, "SUBMITTED": 3, "UNDER_REVIEW": 2, "ACCEPTED": 1, "REJECTED": 1}


# --- pending review queue ---------------------------------------------------------------------


def test_the_queue_lists_submitted_ideas_oldest_first_with_author_and_category(session, author, admin):
    newer = make_idea(session, author, title="Newer", created_at=T0 + timedelta(days=2), category="cost-reduction")
    older = make_idea(session, author, title="Older", created_at=T0, category="employee-experience")
    middle = make_idea(session, admin, title="Middle", created_at=T0 + timedelta(days=1), category=None)

    page = queue(session, admin)

    assert [(r.idea_id, r.title, r.author_name, r.category_label) for r in page.items] == [
        (older.id, "Older", "Sam Author", "Employee Experience"),
        (middle.id, "Middle", "Ada Admin", "No category"),
        (newer.id, "Newer", "Sam Author", "Cost Reduction"),
    ]
    assert page.items[0].created_at == T0 and page.items[0].category == "employee-experience"
    assert (page.page, page.page_size, page.total, page.total_pages) == (1, 20, 3, 1)


def test_drafts_and_ideas_past_submitted_never_appear_in_the_queue(session, author, admin):
    waiting = make_idea(session, author)
    for status in (S.DRAFT, S.UNDER_REVIEW, S.ACCEPTED, S.REJECTED):
        make_idea(session, author, status=status, reviewer=admin, created_at=T0 - timedelta(days=9))

    page = queue(session, admin)

    assert [r.idea_id for r in page.items] == [waiting.id]
    assert page.total == 1


def test_an_empty_queue_is_one_empty_page(session, admin):
    page = queue(session, admin)

    assert (page.items, page.total, page.total_pages, page.page) == ([], 0, 1, 1)
    assert dashboard.EMPTY_QUEUE == "No ideas awaiting review. Great work!"


@pytest.fixture
def forty_five(session, author):
    return [
        make_idea(session, author, title=f"Idea {i:02}", created_at=T0 + timedelta(minutes=i)).id for i in range(45)
    ]


def test_the_queue_is_paged_twenty_at_a_time(session, admin, forty_five):
    pages = [queue(session, admin, page=n) for n in (1, 2, 3)]

    assert [len(p.items) for p in pages] == [20, 20, 5]
    assert [r.idea_id for p in pages for r in p.items] == forty_five
    assert [r.idea_id for r in pages[1].items] == forty_five[20:40]
    assert {(p.total, p.total_pages) for p in pages} == {(45, 3)}
    assert (pages[1].page, pages[1].has_previous, pages[1].has_next) == (2, True, True)


def test_a_page_beyond_the_last_is_empty_not_an_error(session, admin, forty_five):
    page = queue(session, admin, page=4)

    assert (page.items, page.page, page.total, page.total_pages) == ([], 4, 45, 3)


@pytest.mark.parametrize("asked", [0, -3, "abc", None, "2"])
def test_a_page_number_below_one_or_unreadable_means_page_one(session, admin, forty_five, asked):
    page = queue(session, admin, page=asked)

    expected = 2 if asked == "2" else 1
    assert page.page == expected
    assert page.items[0].idea_id == forty_five[(expected - 1) * 20]


def test_a_custom_page_size_is_kept_within_bounds(session, admin, forty_five):
    assert len(queue(session, admin, page_size=7).items) == 7
    assert queue(session, admin, page_size=0).page_size == 1
    assert queue(session, admin, page_size=10_000).page_size == dashboard.MAX_PAGE_SIZE


def test_ideas_submitted_at_the_same_instant_are_paged_without_overlap(session, author, admin):
    ids = {make_idea(session, author, created_at=T0).id for _ in range(25)}

    first, second = queue(session, admin, page=1), queue(session, admin, page=2)

    seen = [r.idea_id for r in first.items + second.items]
    assert len(seen) == 25 and set(seen) == ids


@pytest.mark.parametrize("role", [Role.SUBMITTER, Role.SCM, Role.SA])
def test_non_admins_are_refused_the_dashboard(session, author, role):
    make_idea(session, author)
    outsider = make_actor(session, role=role)

    for result in (
        dashboard.pending_review_queue(session, outsider),
        dashboard.in_review_list(session, outsider),
        dashboard.status_cards(session, outsider),
    ):
        assert result.code == ErrorCode.FORBIDDEN_ROLE
        assert result.message == "You don't have permission to perform this action."


def test_the_queue_costs_one_query_however_many_rows_it_shows(engine, session, admin, forty_five):
    session.close()

    with statements_run(engine) as seen:
        page = queue(session, admin, page_size=45)

    assert len(page.items) == 45 and page.total == 45
    assert len(seen) == 1  # the page's ids, their rows with the authors joined in, the counter


def test_a_page_past_the_end_of_the_queue_still_knows_the_total(engine, session, admin, forty_five):
    session.close()

    with statements_run(engine) as seen:
        page = queue(session, admin, page=9)

    assert (page.items, page.total) == ([], 45)
    assert len(seen) == 2  # the empty page, then the counter on its own


def test_the_queue_walks_the_status_created_index(engine, session, admin, forty_five):
    session.close()
    with statements_run(engine) as seen:
        queue(session, admin, page=2)
    [(statement, parameters)] = [(s, p) for s, p in seen if "ORDER BY" in s]  # the page's ids

    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            # A few dozen rows would make a sequential scan cheaper; the plan for a million would not.
            conn.exec_driver_sql("SET enable_seqscan = off")
            plan = conn.exec_driver_sql("EXPLAIN " + statement, parameters).scalars().all()
        else:
            plan = [row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]

    assert any("ix_idea_status_created" in line for line in plan), plan


# --- in review -------------------------------------------------------------------------------------


def test_the_in_review_list_shows_who_holds_each_claim_oldest_claim_first(session, author, admin):
    superadmin = make_actor(session, role=Role.SUPERADMIN, display_name="Sol Super")
    late = make_idea(session, author, title="Late claim", created_at=T0)
    early = make_idea(session, author, title="Early claim", created_at=T0 + timedelta(days=5))
    make_claim(session, late, admin, started_at=T0 + timedelta(days=7))
    make_claim(session, early, superadmin, started_at=T0 + timedelta(days=6))
    for idea in (late, early):
        idea.status = S.UNDER_REVIEW  # arranged directly: the commands have their own tests
    session.commit()
    make_idea(session, author, status=S.ACCEPTED, reviewer=admin)
    make_idea(session, author)

    rows = dashboard.in_review_list(session, admin).value

    assert [(r.idea_id, r.title, r.author_name, r.reviewer_id, r.reviewer_name, r.started_at) for r in rows] == [
        (early.id, "Early claim", "Sam Author", superadmin.user_id, "Sol Super", T0 + timedelta(days=6)),
        (late.id, "Late claim", "Sam Author", admin.user_id, "Ada Admin", T0 + timedelta(days=7)),
    ]


def test_the_in_review_list_is_empty_when_nothing_is_claimed(session, author, admin):
    make_idea(session, author)

    assert dashboard.in_review_list(session, admin).value == []
