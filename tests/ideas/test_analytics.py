"""The admins' analytics of ideas (ORIGINS C13): zero states, counts, the scoring widgets."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from tests.factories import make_actor, make_idea
from workflow_app.core.errors import ErrorCode
from workflow_app.ideas.domain import analytics, blind_review
from workflow_app.ideas.domain.idea_rules import CATEGORIES
from workflow_app.models import IdeaScore, IdeaStatus, ReviewPipeline, Role

S = IdeaStatus


def _score(session, idea, score: int, clock) -> None:
    session.add(IdeaScore(idea_id=idea.id, score=score, criteria=["Innovation Level"], recorded_at=clock.now()))
    session.commit()


def test_with_no_ideas_every_figure_is_a_zero_that_still_draws(session, clock):
    boss = make_actor(session, role=Role.SUPERADMIN)

    result = analytics.idea_analytics(session, boss, clock=clock)

    assert result.ok, result
    figures = result.value
    assert [(c.category, c.count) for c in figures.by_category] == [(slug, 0) for slug in CATEGORIES]
    today = clock.now().date()
    assert [(d.day, d.count) for d in figures.per_day] == [(today - timedelta(days=29 - i), 0) for i in range(30)]
    assert figures.contributors == []
    assert figures.scoring == analytics.Scoring(
        averages=[], distribution=[analytics.ScoreBucket(n, 0) for n in (1, 2, 3, 4, 5)], top=[]
    )


def test_ideas_are_counted_by_category_and_day_and_drafts_never(session, clock):
    boss = make_actor(session, role=Role.SUPERADMIN)
    author = make_actor(session)
    now = clock.now()
    start_of_today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    for category, status, at in [
        ("cost-reduction", S.SUBMITTED, now),
        ("cost-reduction", S.ACCEPTED, start_of_today),  # today's first second
        ("cost-reduction", S.DRAFT, now),
        ("technical-innovation", S.REJECTED, now - timedelta(days=29)),
        ("technical-innovation", S.UNDER_REVIEW, start_of_today - timedelta(days=29, seconds=1)),  # day 31
    ]:
        make_idea(session, author, category=category, status=status, created_at=at)

    figures = analytics.idea_analytics(session, boss, clock=clock).value

    assert {c.category: c.count for c in figures.by_category} == {
        **dict.fromkeys(CATEGORIES, 0),
        "cost-reduction": 2,
        "technical-innovation": 2,
    }
    per_day = {d.day: d.count for d in figures.per_day}
    assert len(per_day) == 30 and sum(per_day.values()) == 3
    assert per_day[now.date()] == 2 and per_day[(now - timedelta(days=29)).date()] == 1


def test_the_top_five_contributors_by_idea_count_most_first_then_by_name(session, clock):
    boss = make_actor(session, role=Role.SUPERADMIN)
    for name, ideas in [("Finn", 1), ("Bea", 3), ("Cem", 2), ("Abe", 2), ("Dov", 4), ("Eli", 1)]:
        person = make_actor(session, display_name=name)
        for _ in range(ideas):
            make_idea(session, person)
    make_idea(session, make_actor(session, display_name="Gus"), status=S.DRAFT)  # drafts are not ideas yet

    contributors = analytics.top_contributors(session, boss).value

    assert [(c.name, c.count) for c in contributors] == [("Dov", 4), ("Bea", 3), ("Abe", 2), ("Cem", 2), ("Eli", 1)]


def test_scores_averaged_by_category_to_one_decimal_rounded_half_up_and_counted_in_all_five_buckets(session, clock):
    boss = make_actor(session, role=Role.SUPERADMIN)
    author = make_actor(session)
    for category, scores in [("cost-reduction", (3, 3, 3, 4)), ("process-improvement", (3, 4, 4)), ("other", (5,))]:
        for score in scores:
            _score(session, make_idea(session, author, category=category, status=S.ACCEPTED), score, clock)

    scoring = analytics.idea_analytics(session, boss, clock=clock).value.scoring

    assert [(a.category, a.average, a.scored) for a in scoring.averages] == [
        ("process-improvement", 3.7, 3),
        ("cost-reduction", 3.3, 4),  # 3.25, half up
        ("other", 5.0, 1),
    ]
    assert [(b.score, b.count) for b in scoring.distribution] == [(1, 0), (2, 0), (3, 4), (4, 3), (5, 1)]


def test_the_top_scored_are_at_most_five_accepted_ideas_by_score(session, clock):
    boss = make_actor(session, role=Role.SUPERADMIN)
    author = make_actor(session, display_name="Rita Real")
    for n, (status, score) in enumerate([(S.ACCEPTED, s) for s in (2, 5, 3, 4, 1, 4)] + [(S.REJECTED, 5)]):
        idea = make_idea(session, author, title=f"Idea {n}", category="cost-reduction", status=status)
        _score(session, idea, score, clock)
        clock.advance(minutes=1)

    top = analytics.top_scored_ideas(session, boss).value

    # Ties: the latest decision first.
    assert [(t.title, t.score) for t in top] == [
        ("Idea 1", 5),
        ("Idea 5", 4),
        ("Idea 3", 4),
        ("Idea 2", 3),
        ("Idea 0", 2),
    ]
    assert {(t.category_label, t.submitter) for t in top} == {("Cost Reduction", "Rita Real")}


def test_the_top_scored_submitter_goes_through_blind_review_and_an_accepted_idea_is_never_masked(session, clock):
    admin = make_actor(session, role=Role.ADMIN)
    author = make_actor(session, display_name="Rita Real")
    session.add(ReviewPipeline(name="Blind costs", category="cost-reduction", blind_review=True))
    _score(session, make_idea(session, author, category="cost-reduction", status=S.ACCEPTED), 4, clock)
    assert blind_review.blind_categories(session) == {"cost-reduction"}

    # The list is built for its reader; an ADMIN would be masked from an idea under blind review.
    assert [t.submitter for t in analytics._top_scored(session, admin)] == ["Rita Real"]


@pytest.mark.parametrize("role", [Role.SUBMITTER, Role.SCM, Role.SA])
def test_only_admins_see_analytics(session, clock, role):
    someone = make_actor(session, role=role)

    answers = [
        analytics.idea_analytics(session, someone, clock=clock),
        analytics.ideas_by_category(session, someone),
        analytics.submissions_per_day(session, someone, clock=clock),
        analytics.top_contributors(session, someone),
        analytics.average_score_by_category(session, someone),
        analytics.score_distribution(session, someone),
        analytics.top_scored_ideas(session, someone),
    ]

    assert {(a.ok, a.code) for a in answers} == {(False, ErrorCode.FORBIDDEN_ROLE)}


def test_analytics_off_is_not_found_and_scoring_off_leaves_out_the_scores(session, clock, monkeypatch):
    boss = make_actor(session, role=Role.SUPERADMIN)
    monkeypatch.setattr(analytics, "settings", replace(analytics.settings, scoring_enabled=False))

    assert analytics.idea_analytics(session, boss, clock=clock).value.scoring is None
    assert analytics.score_distribution(session, boss).code == ErrorCode.FEATURE_DISABLED

    monkeypatch.setattr(analytics, "settings", replace(analytics.settings, analytics_enabled=False))
    assert analytics.idea_analytics(session, boss, clock=clock).code == ErrorCode.FEATURE_DISABLED
