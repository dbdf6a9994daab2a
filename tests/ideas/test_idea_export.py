"""The ideas CSV of admins (issue 11): what the admin's list shows, newest first, in chunks."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from tests.core.test_query_plans import plan_problems, statements_sent
from tests.factories import make_actor
from tests.ideas.review_helpers import GOOD_COMMENT, make_idea
from workflow_app.core import csv_export
from workflow_app.core.arguments import UNSTORABLE
from workflow_app.core.errors import ErrorCode
from workflow_app.ideas.domain import idea_export
from workflow_app.models import IdeaStatus, IdeaVisibility, Role

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def author(session):
    return make_actor(session, role=Role.SUBMITTER, display_name="Sam Submitter", email="sam@example.com")


@pytest.fixture
def admin(session):
    return make_actor(session, role=Role.ADMIN, display_name="Ada Admin")


def exported(session, actor, **filters) -> list[list[str]]:
    result = idea_export.ideas_csv_chunks(session, actor, **filters)
    assert result.ok, result
    return list(csv.reader(io.StringIO("".join(result.value))))


def titles(rows: list[list[str]]) -> list[str]:
    return [row[1] for row in rows[1:]]


@pytest.mark.parametrize("role", [Role.SUBMITTER, Role.SCM, Role.SA])
def test_only_admins_may_export_the_ideas(session, role):
    outsider = make_actor(session, role=role)

    result = idea_export.ideas_csv_chunks(session, outsider)

    assert not result.ok and result.code == ErrorCode.FORBIDDEN_ROLE


def test_a_decided_idea_is_one_line_with_its_author_and_its_review(session, author, admin):
    make_idea(
        session,
        author,
        title="Bike racks",
        status=IdeaStatus.ACCEPTED,
        visibility=IdeaVisibility.PRIVATE,
        category="cost-reduction",
        created_at=T0,
        reviewer=admin,
    )

    header, line = exported(session, admin)

    assert header == list(idea_export.CSV_HEADER)
    assert dict(zip(header, line, strict=True)) | {"id": "…"} == {
        "id": "…",
        "title": "Bike racks",
        "description": "Worth a try, and here is why.",
        "category": "Cost Reduction",
        "status": "ACCEPTED",
        "visibility": "PRIVATE",
        "author": "Sam Submitter",
        "author_email": "sam@example.com",
        "submitted_at": "2026-03-01T09:00:00Z",
        "updated_at": "2026-03-01T09:00:00Z",
        "reviewer": "Ada Admin",
        "review_started_at": "2026-03-01T09:00:00Z",
        "decision": "ACCEPTED",
        "decided_at": "2026-03-01T09:00:00Z",
        "review_comment": GOOD_COMMENT,
    }


def test_an_idea_nobody_reviewed_has_empty_review_cells(session, author, admin):
    make_idea(session, author, title="Solar roof", created_at=T0)

    [_, line] = exported(session, admin)

    assert line[4] == "SUBMITTED" and line[10:] == ["", "", "", "", ""]


def test_every_idea_but_drafts_is_exported_newest_first_across_chunks(session, author, admin, monkeypatch):
    monkeypatch.setattr(idea_export, "CSV_CHUNK", 2)
    other = make_actor(session, role=Role.SUBMITTER)
    made = []
    for i in range(7):  # PUBLIC and PRIVATE interleaved, three of them at the same moment
        when = T0 if i < 3 else T0 + timedelta(minutes=i)
        visibility = IdeaVisibility.PRIVATE if i % 2 else IdeaVisibility.PUBLIC
        writer = other if i % 3 else author
        made.append(make_idea(session, writer, title=f"Idea {i}", created_at=when, visibility=visibility))
    make_idea(session, author, title="A draft", status=IdeaStatus.DRAFT, created_at=T0 + timedelta(hours=1))

    result = idea_export.ideas_csv_chunks(session, admin)
    pieces = list(result.value)

    assert len(pieces) == 1 + 4  # the header, then 2 + 2 + 2 + 1
    newest_first = sorted(made, key=lambda idea: (idea.created_at, idea.id), reverse=True)
    assert [row[0] for row in list(csv.reader(io.StringIO("".join(pieces))))[1:]] == [i.id for i in newest_first]


def test_a_superadmin_exports_as_an_admin_does(session, author, admin):
    make_idea(session, author, title="Private one", visibility=IdeaVisibility.PRIVATE)
    superadmin = make_actor(session, role=Role.SUPERADMIN)

    assert titles(exported(session, superadmin)) == titles(exported(session, admin)) == ["Private one"]


def test_a_category_narrows_the_export_as_it_narrows_the_list(session, author, admin):
    make_idea(session, author, title="Cheaper", category="cost-reduction", created_at=T0)
    make_idea(session, author, title="Happier", category="employee-experience", created_at=T0)

    assert titles(exported(session, admin, category="cost-reduction")) == ["Cheaper"]
    assert sorted(titles(exported(session, admin, category=" "))) == ["Cheaper", "Happier"]


@pytest.mark.parametrize(
    ("category", "message"),
    [("no-such-thing", idea_export.UNKNOWN_CATEGORY), ("cost\x00reduction", UNSTORABLE)],
)
def test_a_category_the_list_does_not_know_is_refused(session, admin, category, message):
    result = idea_export.ideas_csv_chunks(session, admin, category=category)

    assert not result.ok and (result.code, result.message) == (ErrorCode.VALIDATION_ERROR, message)


@pytest.mark.parametrize("dangerous", ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\tcmd"])
def test_text_a_spreadsheet_would_run_is_defused(session, admin, dangerous):
    schemer = make_actor(session, role=Role.SUBMITTER, display_name=dangerous)
    make_idea(session, schemer, title=dangerous)

    [_, line] = exported(session, admin)

    assert line[1] == line[6] == "'" + dangerous
    assert not any(cell.startswith(csv_export.FORMULA_STARTS) for cell in line)


def test_the_export_reads_one_chunk_per_piece_and_nothing_ahead(engine, session, author, admin, monkeypatch):
    monkeypatch.setattr(idea_export, "CSV_CHUNK", 2)
    for i in range(5):
        make_idea(session, author, created_at=T0 + timedelta(minutes=i))
    pieces = idea_export.ideas_csv_chunks(session, admin).value

    with statements_sent(engine) as sent:
        next(pieces)  # the header: nothing read yet
        read = [len(sent)]
        for _ in pieces:
            read.append(len(sent))

    # each chunk: the next keys of the PUBLIC and the PRIVATE range, then the chunk's rows by id
    assert read == [0, 3, 6, 9]
    assert all(" LIMIT " in statement.upper() or " IN " in statement.upper() for statement, _ in sent)


@pytest.mark.parametrize("category", ["", "cost-reduction"])
def test_each_chunk_is_read_from_index_ranges(engine, session, author, admin, monkeypatch, category):
    monkeypatch.setattr(idea_export, "CSV_CHUNK", 2)
    for i, status in enumerate([IdeaStatus.SUBMITTED, IdeaStatus.ACCEPTED, IdeaStatus.UNDER_REVIEW] * 2):
        visibility = IdeaVisibility.PRIVATE if i % 2 else IdeaVisibility.PUBLIC
        make_idea(session, author, status=status, visibility=visibility, category="cost-reduction", reviewer=admin)
    pieces = idea_export.ideas_csv_chunks(session, admin, category=category).value

    with statements_sent(engine) as sent:
        list(pieces)

    assert len(sent) > 3
    for statement, parameters in sent:
        problems, plan = plan_problems(engine, statement, parameters)
        assert problems == [], f"{statement}\n--- plan ---\n{plan}"
