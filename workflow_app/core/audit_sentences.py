"""Audit details as a sentence a person reads, with names where the entry stores ids.

An entry keeps what was true when it was written (ids, codes, versions); the audit log page
shows it as "Role changed from Submitter to Skill Advisor" or "Review by Ada Admin abandoned
by Sol Superadmin", looking the names up once per page. An id whose row is gone stays an id.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from workflow_app.core.columns import one_of, one_of_values, places_for
from workflow_app.models import AuditAction, Idea, Role, User, WsosSection
from workflow_app.models.enums import ROLE_LABELS

# Which details hold the id of what.
USER_IDS = ("reviewerId", "originalReviewerId", "abandonedByAdminId", "saId", "scmId")
SECTION_IDS = ("sectionId",)
IDEA_IDS = ("ideaId",)
_KIND_OF_KEY = {
    **dict.fromkeys(USER_IDS, "user"),
    **dict.fromkeys(SECTION_IDS, "section"),
    **dict.fromkeys(IDEA_IDS, "idea"),
}
# Details a sentence never needs (they say which editing session or batch, for tracing).
TECHNICAL = frozenset({"editingSession", "batchId", "rowVersion"})

A = AuditAction


def names_for(session: Session, details: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """id → display name / section name / idea title, for every id these entries mention."""
    wanted: dict[str, set[str]] = {"user": set(), "section": set(), "idea": set()}
    for entry in details:
        for key, value in entry.items():  # a few keys each: cheaper than asking for every id key
            if (kind := _KIND_OF_KEY.get(key)) is not None and isinstance(value, str) and value:
                wanted[kind].add(value)
    names: dict[str, str] = {}
    for kind, ids in wanted.items():
        if ids:
            places = places_for(len(ids))
            found = session.execute(_names_of(kind, places), one_of_values(sorted(ids), places)).all()
            names.update({i: n for i, n in found if n})
    return names


@functools.cache
def _names_of(kind: str, places: int) -> sa.Select[Any]:
    """The names of up to `places` ids of one kind, built once per kind and size."""
    model, name = _NAMED[kind]
    table: sa.Table = model.__table__  # type: ignore[attr-defined]
    return sa.select(table.c.id, table.c[name]).where(one_of(table.c.id, places))


_NAMED: dict[str, tuple[type[SQLModel], str]] = {
    "user": (User, "display_name"),
    "section": (WsosSection, "name"),
    "idea": (Idea, "title"),
}


def _role(value: Any) -> str:
    try:
        return ROLE_LABELS[Role(value)]
    except ValueError:
        return str(value)


def _count(n: Any, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _versioned(text: str, d: Mapping[str, Any]) -> str:
    return f"{text} (version {d['version']})" if "version" in d else text


# Keyed by AuditAction members; a str Enum, so its values find them too (sentence).
_SENTENCES: dict[str, Callable[[Mapping[str, Any], Callable[[str], str]], str]] = {
    A.USER_REGISTERED: lambda d, n: f"Registered as {_role(d.get('role', 'SUBMITTER'))}",
    A.USER_ROLE_CHANGED: lambda d, n: (
        f"Role changed from {_role(d.get('from'))} to {_role(d.get('to'))}"
        + (" (SUPERADMIN_EMAIL setting)" if d.get("via") else "")
    ),
    A.USER_DEACTIVATED: lambda d, n: "Account deactivated; every session ended",
    A.USER_REACTIVATED: lambda d, n: "Account reactivated",
    A.USER_DISPLAY_NAME_CHANGED: lambda d, n: f"Display name changed from “{d.get('from', '')}” to “{d.get('to', '')}”",
    A.USER_PASSWORD_CHANGED: lambda d, n: (
        "Password changed"
        + (
            f"; {_count(d['otherSessionsEnded'], 'other session', 'other sessions')} ended"
            if d.get("otherSessionsEnded")
            else ""
        )
    ),
    A.DRAFT_SAVED: lambda d, n: _versioned("Draft created" if d.get("created") else "Draft saved", d),
    A.DRAFT_AUTOSAVED: lambda d, n: _versioned("Autosaved", d),
    A.DRAFT_DELETED: lambda d, n: "Expired draft deleted" if d.get("expired") else "Draft deleted",
    A.IDEA_CREATED: lambda d, n: f"Submitted in {d.get('category', '—')}, {str(d.get('visibility', '')).lower()}",
    A.DRAFT_SUBMITTED: lambda d, n: f"Draft submitted in {d.get('category', '—')}",
    A.IDEA_DELETED: lambda d, n: (
        f"Deleted while {str(d.get('status', '')).replace('_', ' ').lower()}"
        + (f" (by the {_role(d['deletedByRole'])} role)" if d.get("deletedByRole") else "")
    ),
    A.IDEA_REVIEW_STARTED: lambda d, n: f"Review started by {n(d.get('reviewerId', ''))}",
    A.IDEA_REVIEWED: lambda d, n: (
        f"{str(d.get('decision', '')).capitalize()}" + (f": “{d['commentSummary']}”" if d.get("commentSummary") else "")
    ),
    A.IDEA_REVIEW_ABANDONED: lambda d, n: (
        f"Review by {n(d.get('originalReviewerId', ''))} abandoned"
        + (f" by {n(d['abandonedByAdminId'])}" if d.get("abandonedByAdminId") else "")
    ),
    A.DESCRIPTOR_BATCH_SUBMITTED: lambda d, n: (
        ("Resubmitted " if d.get("resubmitted") else "Submitted ")
        + _count(d.get("count", 0), "descriptor", "descriptors")
        + " for review"
    ),
    A.DESCRIPTORS_IMPORTED: lambda d, n: (
        f"Imported {_count(d.get('imported', 0), 'descriptor', 'descriptors')} of {d.get('skill', '—')}"
        + f" (batch {d.get('batch', 1)}"
        + (f", {_count(d['duplicates'], 'duplicate', 'duplicates')} skipped" if d.get("duplicates") else "")
        + (f", {d['failed']} failed" if d.get("failed") else "")
        + ")"
    ),
    A.SECTION_UPDATED: lambda d, n: (
        f"Renamed from “{d['previousName']}”" if d.get("previousName") else "Section updated"
    ),
    A.SECTION_DELETED: lambda d, n: (
        "Section deleted; " + _count(d.get("unlinkedDescriptors", 0), "descriptor", "descriptors") + " unlinked"
    ),
    A.SKILL_CREATED: lambda d, n: (
        f"Skill Advisor {n(d.get('saId', ''))}" + (f", SCM {n(d['scmId'])}" if d.get("scmId") else ", no SCM yet")
    ),
    A.FORM_TEMPLATE_UPDATED: lambda d, n: (
        f"Form saved as version {d.get('version', '—')} with {_count(d.get('fields', 0), 'field', 'fields')}"
    ),
    A.SKILL_UPDATED: lambda d, n: (
        f"Skill Advisor {n(d.get('saId', ''))}" + (f", SCM {n(d['scmId'])}" if d.get("scmId") else ", no SCM")
    ),
}

_LABELS = {
    "code": "code",
    "sectionId": "section",
    "scmId": "SCM",
    "saId": "Skill Advisor",
    "quality": "quality",
    "source": "source",
    "decision": "decision",
    "count": "descriptors",
    "description": "description",
    "sessionsEnded": "sessions ended",
    "reviewerId": "reviewer",
}


def sentence(action: str, details: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """The entry's details in words; for actions without a sentence of their own, "label: value"
    pairs with names in place of ids and tracing details left out."""

    def name(value: str) -> str:
        return names.get(value, value) if value else "—"

    known = _SENTENCES.get(action)  # AuditAction is a str Enum: a value finds its member
    if known is not None:
        return known(details, name)
    pairs = [
        f"{_LABELS.get(key, key)}: {name(value) if isinstance(value, str) else value}"
        for key, value in sorted(details.items())
        if key not in TECHNICAL and value not in (None, "", {})
    ]
    return "; ".join(pairs)
