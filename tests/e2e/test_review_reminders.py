"""Reminders on the dashboards (issue 13): an idea past its review due time is marked Overdue;
a claim held too long is a Stale claim the SUPERADMIN releases with one click."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from tests.e2e.helpers import make_person, sign_in
from workflow_app.db import open_session
from workflow_app.ideas.domain import idea_counts
from workflow_app.models import Idea, IdeaReview, IdeaStatus, Role, User

pytestmark = pytest.mark.e2e


def _idea(title: str, *, status: IdeaStatus, created_at: datetime, reviewer_email: str | None = None) -> str:
    with open_session() as session:
        author = session.exec(select(User).where(User.email == "submitter@example.com")).one()
        idea = Idea(
            title=title,
            description="Worth a try, and here is why.",
            category="process-improvement",
            status=status,
            author_id=author.id,
            created_at=created_at,
            updated_at=created_at,
        )
        session.add(idea)
        session.flush()
        idea_counts.adjust(session, author.id, status, 1)
        if reviewer_email:
            reviewer = session.exec(select(User).where(User.email == reviewer_email)).one()
            session.add(
                IdeaReview(idea_id=idea.id, reviewer_id=reviewer.id, started_at=created_at, created_at=created_at)
            )
        session.commit()
        return idea.id


def test_overdue_ideas_are_marked_and_a_stale_claim_is_released(page: Page):
    tag = uuid.uuid4().hex[:6]
    long_ago = datetime(2001, 1, 1, tzinfo=UTC) + timedelta(seconds=uuid.uuid4().int % 10**6)  # first in the queue
    admin_email, _ = make_person(Role.ADMIN)
    late = f"Waiting for years {tag}"
    held = f"Claimed years ago {tag}"
    _idea(late, status=IdeaStatus.SUBMITTED, created_at=long_ago)
    _idea(held, status=IdeaStatus.UNDER_REVIEW, created_at=long_ago, reviewer_email=admin_email)
    boss_email, _ = make_person(Role.SUPERADMIN)

    sign_in(page, boss_email)
    page.goto("/admin")
    queue = page.get_by_role("region", name="Pending Review")
    expect(queue.get_by_role("row").filter(has_text=late)).to_contain_text("Overdue")
    claims = page.get_by_role("region", name="In Review")
    row = claims.get_by_role("row").filter(has_text=held)
    expect(row).to_contain_text("Stale claim")
    row.get_by_role("button", name=f"Release {held}").click()

    expect(page.get_by_text("Claim released. The idea is back in the Pending Review queue.")).to_be_visible()
    expect(claims.get_by_role("row").filter(has_text=held)).to_have_count(0)
    expect(queue.get_by_role("row").filter(has_text=held)).to_be_visible()
