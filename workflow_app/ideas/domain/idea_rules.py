"""The rules of an idea's fields: the fixed categories and the limits of ideas and drafts."""

from __future__ import annotations

from dataclasses import dataclass

from workflow_app.core import errors as e
from workflow_app.core.validation import has_hidden_characters
from workflow_app.models import IdeaVisibility

# slug → label (ORIGINS 1.0): the slug is stored, the label shown.
CATEGORIES: dict[str, str] = {
    "process-improvement": "Process Improvement",
    "new-product-service": "New Product/Service",
    "cost-reduction": "Cost Reduction",
    "employee-experience": "Employee Experience",
    "technical-innovation": "Technical Innovation",
}

TITLE_MAX = 100
DESCRIPTION_MAX = 2000
DRAFT_TITLE_MAX = 150
DRAFT_DESCRIPTION_MAX = 5000


@dataclass(frozen=True)
class IdeaIn:
    """An idea's fields as the form sends them: a draft's may be missing or incomplete; a
    submission is checked in full (`idea_field_errors`)."""

    title: str | None = None
    description: str | None = None
    category: str | None = None
    visibility: str | None = None  # PUBLIC / PRIVATE, any case; missing means PUBLIC
    # The category's smart-form answers, key → text as typed; checked by smart_forms, not here.
    dynamic_fields: dict[str, str] | None = None


def category_label(slug: str | None) -> str:
    if not slug:
        return "No category"
    return CATEGORIES.get(slug, slug)


def parse_visibility(raw: str | IdeaVisibility | None) -> IdeaVisibility | None:
    """PUBLIC/PRIVATE (any case); None for anything else. Missing means PUBLIC."""
    if raw is None or raw == "":
        return IdeaVisibility.PUBLIC
    try:
        return IdeaVisibility(str(getattr(raw, "value", raw)).upper())
    except ValueError:
        return None


def idea_field_errors(form: IdeaIn) -> dict[str, str]:
    """Everything wrong with an idea about to be submitted, one message per field (trimmed)."""
    problems: dict[str, str] = {}
    title = (form.title or "").strip()
    description = (form.description or "").strip()
    category, visibility = form.category, form.visibility
    if not title:
        problems["title"] = e.TITLE_REQUIRED
    elif len(title) > TITLE_MAX:
        problems["title"] = e.TITLE_TOO_LONG
    elif has_hidden_characters(title):
        problems["title"] = e.TITLE_HIDDEN_CHARACTERS
    if not description:
        problems["description"] = e.DESCRIPTION_REQUIRED
    elif len(description) > DESCRIPTION_MAX:
        problems["description"] = e.DESCRIPTION_TOO_LONG
    elif has_hidden_characters(description, multiline=True):
        problems["description"] = e.DESCRIPTION_CONTROL_CHARACTERS
    if not category:
        problems["category"] = e.CATEGORY_REQUIRED
    elif category not in CATEGORIES:
        problems["category"] = e.CATEGORY_INVALID
    if parse_visibility(visibility) is None:
        problems["visibility"] = e.VISIBILITY_INVALID
    return problems


def draft_field_errors(*, title: str | None, description: str | None, visibility: str | None) -> dict[str, str]:
    """A draft needs nothing, but may not exceed the draft limits (seed 002 §4)."""
    problems: dict[str, str] = {}
    if title and len(title) > DRAFT_TITLE_MAX:
        problems["title"] = e.DRAFT_TITLE_TOO_LONG
    elif title and has_hidden_characters(title):
        problems["title"] = e.TITLE_HIDDEN_CHARACTERS
    if description and len(description) > DRAFT_DESCRIPTION_MAX:
        problems["description"] = e.DRAFT_DESCRIPTION_TOO_LONG
    elif description and has_hidden_characters(description, multiline=True):
        problems["description"] = e.DESCRIPTION_CONTROL_CHARACTERS
    if parse_visibility(visibility) is None:
        problems["visibility"] = e.VISIBILITY_INVALID
    return problems
