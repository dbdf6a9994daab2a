"""The rows the idea pages hold: an idea as the lists and its own page show it, and its review."""

from __future__ import annotations

from dataclasses import dataclass

from workflow_app.ideas.domain import idea_queries, review_queries
from workflow_app.ui.rows import as_page_row


@dataclass(frozen=True)
class IdeaLine:
    """One idea in a list (ideas/components.py `idea_row`) or at the top of its page."""

    id: str = ""
    title: str = ""
    author_name: str = ""
    category: str = ""
    category_label: str = ""
    status: str = ""  # an IdeaStatus value
    visibility: str = ""  # "PUBLIC" / "PRIVATE"
    created_at: str = ""  # ISO 8601


@dataclass(frozen=True)
class ReviewLine:
    """Who reviews or reviewed the idea; `decision` is "" while the review is open."""

    reviewer_name: str = ""
    started_at: str = ""  # ISO 8601
    decision: str = ""  # "ACCEPTED" / "REJECTED"
    comment: str = ""
    decided_at: str = ""


def idea_line(summary: idea_queries.IdeaSummary) -> IdeaLine:
    return as_page_row(IdeaLine, summary)


def review_line(review: idea_queries.Decision | review_queries.ReviewInfo) -> ReviewLine:
    """From the detail page's Decision or the review page's ReviewInfo (they share these names)."""
    return as_page_row(ReviewLine, review)
