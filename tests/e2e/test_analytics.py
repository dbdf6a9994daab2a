"""/admin/analytics draws its charts with data for an admin; a submitter is refused (ORIGINS C13, SPEC §2)."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import delete, select

from tests.e2e.helpers import make_person, sign_in, sign_out
from workflow_app.db import open_session
from workflow_app.ideas.domain import idea_counts
from workflow_app.models import Idea, IdeaScore, IdeaStatus, Role, User

pytestmark = pytest.mark.e2e


@pytest.fixture
def decided_ideas():
    """Three accepted ideas of a new person over the last days, one scored 5; gone afterwards."""
    tag = uuid.uuid4().hex[:6]
    email, name = make_person(name=f"Ana Lytics {tag}")
    now = datetime.now(UTC)
    with open_session() as session:
        author = session.exec(select(User).where(User.email == email)).one()
        ideas = [
            Idea(
                title=f"Charted idea {n} {tag}",
                description="An idea the charts count.",
                category="cost-reduction",
                status=IdeaStatus.ACCEPTED,
                author_id=author.id,
                created_at=now - timedelta(days=n * 3),
                updated_at=now,
            )
            for n in range(3)
        ]
        session.add_all(ideas)
        idea_counts.adjust(session, author.id, IdeaStatus.ACCEPTED, len(ideas))
        session.flush()
        session.add(IdeaScore(idea_id=ideas[0].id, score=5, criteria=["Innovation Level"], recorded_at=now))
        session.commit()
        ids = [idea.id for idea in ideas]
    yield name, ideas[0].title
    with open_session() as session:
        session.exec(delete(Idea).where(Idea.id.in_(ids)))
        idea_counts.adjust(session, author.id, IdeaStatus.ACCEPTED, -len(ids))
        session.commit()


def test_an_admin_sees_the_charts_with_data_and_a_submitter_is_refused(page: Page, decided_ideas):
    name, title = decided_ideas
    sign_in(page, "admin@example.com")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Analytics").click()

    expect(page.get_by_role("heading", name="Analytics", exact=True)).to_be_visible()
    by_category = page.get_by_role("img", name="Ideas by category:")
    expect(by_category).to_have_attribute("aria-label", _contains("Cost Reduction"))
    expect(by_category.locator("svg.recharts-surface")).to_be_visible()
    expect(by_category.locator(".recharts-bar-rectangle path").first).to_be_attached()
    expect(
        page.get_by_role("img", name="submissions over the last 30 days").locator("path.recharts-curve")
    ).to_be_visible()
    expect(page.get_by_role("img", name="Score distribution:")).to_have_attribute("aria-label", _contains("score 5"))
    expect(page.locator(".contributors")).to_contain_text(name)
    top = page.get_by_role("row").filter(has_text=title)
    expect(top).to_contain_text("5 / 5")
    expect(top).to_contain_text(name)
    expect(page.get_by_role("link", name="Download CSV of ideas by category")).to_have_attribute(
        "href", _contains("/api/admin/analytics/ideas-by-category.csv")
    )

    sign_out(page)
    submitter, _ = make_person(Role.SUBMITTER)
    sign_in(page, submitter)
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Analytics")).to_have_count(0)
    page.goto("/admin/analytics")
    expect(page.get_by_text("You don't have permission to access this page.")).to_be_visible()
    expect(page.locator("svg.recharts-surface")).to_have_count(0)


def _contains(text: str) -> re.Pattern[str]:
    return re.compile(re.escape(text))


def test_with_nothing_to_count_every_chart_shows_its_zero_state(page: Page, monkeypatch):
    """The backend runs in this process: its figures are made empty, as on a new installation."""
    from workflow_app.core.result import Ok
    from workflow_app.ideas.domain import analytics
    from workflow_app.ideas.domain.idea_rules import CATEGORIES
    from workflow_app.ui.pages import analytics_state

    today = datetime.now(UTC).date()
    empty = analytics.IdeaAnalytics(
        by_category=[analytics.CategoryCount(slug, label, 0) for slug, label in CATEGORIES.items()],
        per_day=[analytics.DayCount(today - timedelta(days=29 - i), 0) for i in range(analytics.DAYS)],
        contributors=[],
        scoring=analytics.Scoring(averages=[], distribution=[analytics.ScoreBucket(n, 0) for n in range(1, 6)], top=[]),
    )
    monkeypatch.setattr(analytics_state, "_figures", lambda session, actor: Ok(analytics_state.Figures(empty, [])))
    sign_in(page, "admin@example.com")
    page.goto("/admin/analytics")
    expect(page.get_by_role("heading", name="Analytics", exact=True)).to_be_visible()
    expect(page.get_by_text(analytics.NO_SCORED_IDEAS, exact=True)).to_be_visible()
    expect(page.get_by_text(analytics.NO_SCORES_YET).first).to_be_visible()
    expect(page.get_by_role("img", name="0 submissions over the last 30 days")).to_be_visible()
    expect(page.get_by_role("img", name="Ideas by category:")).to_have_attribute(
        "aria-label", _contains("Cost Reduction 0")
    )
