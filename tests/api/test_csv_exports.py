"""`GET /api/admin/ideas.csv` and `GET /api/descriptors.csv`: the downloads of /ideas (admins)
and of the descriptor library, with the audit download's answers (issue 11)."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest
from sqlmodel import delete, select

from tests.api.test_audit_export import ADMIN, SUBMITTER, _client, _signed_in
from workflow_app.api import csv_download, library_export
from workflow_app.api import idea_export as idea_route
from workflow_app.core.arguments import UNSTORABLE
from workflow_app.core.clock import system_clock
from workflow_app.core.csv_export import FORMULA_STARTS
from workflow_app.db import open_session
from workflow_app.descriptors.domain import library
from workflow_app.descriptors.domain import library_export as library_domain
from workflow_app.ideas.domain import idea_counts, idea_export
from workflow_app.models import (
    Descriptor,
    DescriptorBatchStatus,
    Idea,
    IdeaStatus,
    IdeaVisibility,
    QualityIndicator,
    User,
    WsosSection,
)

IDEAS = idea_route.ROUTE
DESCRIPTORS = library_export.ROUTE
SCM = "scm@example.com"
SA = "sa@example.com"
T0 = datetime(2020, 5, 1, 8, 0, tzinfo=UTC)  # before the demo ideas: this test's rows come last


@pytest.fixture
def client(app_database):
    return _client()


@pytest.fixture
def signed_in(app_database):
    return _signed_in


@pytest.fixture
def word(app_database):
    """A word only this test's ideas and descriptors carry; they go again afterwards."""
    tag = f"exp{uuid.uuid4().hex[:10]}"
    yield tag
    with open_session() as session:
        session.exec(delete(Idea).where(Idea.title.contains(tag)))
        session.exec(delete(Descriptor).where(Descriptor.criterion_name.contains(tag)))
        session.exec(delete(WsosSection).where(WsosSection.name.contains(tag)))
        idea_counts.recount(session)
        session.commit()


def _user_id(session, email: str) -> str:
    return session.exec(select(User.id).where(User.email == email)).one()


def _idea(title: str, *, at: datetime, author: str = SUBMITTER, **fields) -> None:
    with open_session() as session:
        session.add(
            Idea(
                title=title,
                description="Written by the export's route test.",
                category=fields.pop("category", "cost-reduction"),
                author_id=_user_id(session, author),
                created_at=at,
                updated_at=at,
                **fields,
            )
        )
        session.commit()


def _descriptor(name: str, **fields) -> None:
    with open_session() as session:
        section_name = fields.pop("section_name", None)
        if section_name:
            section = WsosSection(name=section_name, created_by_id=_user_id(session, ADMIN))
            session.add(section)
            session.flush()
            fields["wsos_section_id"] = section.id
        session.add(Descriptor(code=fields.pop("code", "X1"), criterion_name=name, source="Import", **fields))
        session.commit()


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.text)))


def _mine(response, word: str, column: int = 1) -> list[list[str]]:
    return [row for row in _csv(response)[1:] if word in row[column]]


def _assert_a_streamed_attachment(response, name: str) -> None:
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert re.fullmatch(rf'attachment; filename="{name}-\d{{8}}\.csv"', response.headers["content-disposition"])
    assert f"{system_clock.now():%Y%m%d}" in response.headers["content-disposition"]
    assert "content-length" not in response.headers  # streamed in chunks, not built whole first


# --- who may download ---------------------------------------------------------------------------


@pytest.mark.parametrize("route", [IDEAS, DESCRIPTORS])
def test_nobody_signed_in_gets_401_whatever_the_query_says(client, route):
    response = client.get(route, params={"actor": ADMIN, "user": ADMIN, "role": "ADMIN"})

    assert response.status_code == 401
    assert response.json() == {"error": "Unauthorized"}


@pytest.mark.parametrize("email", [SUBMITTER, SCM, SA])
@pytest.mark.parametrize("query", [{}, {"category": "nope"}, {"category": "x" * 300}])
def test_only_admins_may_download_the_ideas(signed_in, email, query):
    response = signed_in(email).get(IDEAS, params=query)

    assert response.status_code == 403
    assert response.json() == {"error": "Forbidden"}


# --- ideas ----------------------------------------------------------------------------------------


def test_an_admin_downloads_every_idea_but_drafts_newest_first(signed_in, word):
    _idea(f"Older {word}", at=T0)
    _idea(f"Newer private {word}", at=T0 + timedelta(hours=1), visibility=IdeaVisibility.PRIVATE)
    _idea(f"Draft {word}", at=T0 + timedelta(hours=2), status=IdeaStatus.DRAFT)

    response = signed_in(ADMIN).get(IDEAS)

    _assert_a_streamed_attachment(response, "ideas")
    assert _csv(response)[0] == list(idea_export.CSV_HEADER)
    assert [(r[1], r[5], r[6], r[7]) for r in _mine(response, word)] == [
        (f"Newer private {word}", "PRIVATE", "Sam Submitter", SUBMITTER),
        (f"Older {word}", "PUBLIC", "Sam Submitter", SUBMITTER),
    ]


def test_the_category_of_the_list_narrows_the_download(signed_in, word):
    _idea(f"Cheaper {word}", at=T0, category="cost-reduction")
    _idea(f"Happier {word}", at=T0, category="employee-experience")

    response = signed_in(ADMIN).get(IDEAS, params={"category": "employee-experience"})

    assert [r[1] for r in _mine(response, word)] == [f"Happier {word}"]
    assert {r[3] for r in _csv(response)[1:]} == {"Employee Experience"}


def test_every_chunk_of_a_long_ideas_download_arrives(signed_in, word, monkeypatch):
    monkeypatch.setattr(idea_export, "CSV_CHUNK", 2)
    for i in range(5):
        _idea(f"Row {i} {word}", at=T0 + timedelta(minutes=i), visibility=list(IdeaVisibility)[i % 2])

    rows = _mine(signed_in(ADMIN).get(IDEAS), word)

    assert [r[1] for r in rows] == [f"Row {i} {word}" for i in range(4, -1, -1)]


def test_an_idea_title_that_is_a_formula_is_defused(signed_in, word):
    _idea(f'=HYPERLINK("http://evil.example","{word}")', at=T0)

    (row,) = _mine(signed_in(ADMIN).get(IDEAS), word)

    assert row[1] == f'\'=HYPERLINK("http://evil.example","{word}")'
    assert not any(cell.startswith(FORMULA_STARTS) for cell in row)


@pytest.mark.parametrize(
    ("route", "query", "message"),
    [
        (IDEAS, {"category": "no-such-thing"}, idea_export.UNKNOWN_CATEGORY),
        (IDEAS, {"category": "c" * 257}, csv_download.PARAM_TOO_LONG),
        (IDEAS, {"category": "cost\x00reduction"}, UNSTORABLE),
        (IDEAS, [("category", "")] * 17, csv_download.TOO_MANY_PARAMS),
        (DESCRIPTORS, {"quality": "SUPERB"}, library.UNKNOWN_QUALITY),
        (DESCRIPTORS, {"q": "q" * 257}, csv_download.PARAM_TOO_LONG),
        (DESCRIPTORS, {"skill": "Join\x00ery"}, UNSTORABLE),
        ("/api/admin/audit.csv", {"target": "t" * 257}, csv_download.PARAM_TOO_LONG),
        ("/api/admin/audit.csv", {"actor": "Ada\x00"}, UNSTORABLE),
    ],
)
def test_filters_that_cannot_be_used_get_400_with_the_reason_before_any_work(signed_in, route, query, message):
    response = signed_in(ADMIN).get(route, params=query)

    assert response.status_code == 400
    assert response.json() == {"error": message}


def test_the_list_page_and_the_download_read_the_same_category():
    assert idea_route.download_path("") == IDEAS
    assert idea_route.download_path("cost-reduction") == f"{IDEAS}?category=cost-reduction"


# --- descriptors ----------------------------------------------------------------------------------


def test_anyone_signed_in_downloads_the_library_a_to_z(signed_in, word):
    _descriptor(f"Welding {word}", code="W1", tags=["seam"], categories=["Finish"], skill_names=["Welding"])
    _descriptor(f"Accuracy {word}", code="A1", section_name=f"Sawing {word}")
    _descriptor(f"Draft {word}", batch_status=DescriptorBatchStatus.DRAFT)

    response = signed_in(SUBMITTER).get(DESCRIPTORS, params={"q": word})

    _assert_a_streamed_attachment(response, "descriptors")
    header, *rows = _csv(response)
    assert header == list(library_domain.CSV_HEADER)
    assert rows == [
        ["A1", f"Accuracy {word}", "", "", "", "", "Needs Review", f"Sawing {word}", "", "", "", "Import"],
        ["W1", f"Welding {word}", "", "", "", "", "Needs Review", "", "Finish", "Welding", "seam", "Import"],
    ]


def test_an_scm_never_downloads_needs_review_descriptors(signed_in, word):
    _descriptor(f"Unreviewed {word}", quality_indicator=QualityIndicator.NEEDS_REVIEW)
    _descriptor(f"Reviewed {word}", quality_indicator=QualityIndicator.GOOD)

    assert [r[1] for r in _csv(signed_in(SCM).get(DESCRIPTORS, params={"q": word}))[1:]] == [f"Reviewed {word}"]
    assert [r[1] for r in _csv(signed_in(SA).get(DESCRIPTORS, params={"q": word}))[1:]] == [
        f"Reviewed {word}",
        f"Unreviewed {word}",
    ]


def test_the_library_filters_narrow_the_download_and_all_means_any(signed_in, word):
    _descriptor(
        f"Good welding {word}", quality_indicator=QualityIndicator.GOOD, categories=["Finish"], skill_names=["Welding"]
    )
    _descriptor(f"Excellent sawing {word}", quality_indicator=QualityIndicator.EXCELLENT, skill_names=["Joinery"])
    admin = signed_in(ADMIN)

    def names(**query) -> list[str]:
        return [r[1] for r in _csv(admin.get(DESCRIPTORS, params={"q": word, **query}))[1:]]

    assert names(quality="GOOD") == [f"Good welding {word}"]
    assert names(skill="Joinery") == [f"Excellent sawing {word}"]
    assert names(category="Finish", skill="Welding") == [f"Good welding {word}"]
    assert names(section="all", quality="all") == [f"Excellent sawing {word}", f"Good welding {word}"]
    assert names(section="no-such-section") == []


def test_every_chunk_of_a_long_library_download_arrives(signed_in, word, monkeypatch):
    monkeypatch.setattr(library_domain, "CSV_CHUNK", 2)
    for i in range(5):
        _descriptor(f"Criterion {i} {word}", code=f"C{i}")

    rows = _csv(signed_in(SA).get(DESCRIPTORS, params={"q": word}))[1:]

    assert [r[0] for r in rows] == ["C0", "C1", "C2", "C3", "C4"]


def test_a_descriptor_that_is_a_formula_is_defused(signed_in, word):
    _descriptor(f"=cmd|' /C calc'!A0 {word}", tags=["@SUM(A1)"], score0="-2+3")

    (row,) = _csv(signed_in(SA).get(DESCRIPTORS, params={"q": word}))[1:]

    assert (row[1], row[5], row[10]) == (f"'=cmd|' /C calc'!A0 {word}", "'-2+3", "'@SUM(A1)")
    assert not any(cell.startswith(FORMULA_STARTS) for cell in row)


def test_the_library_page_and_the_download_read_the_same_filters():
    filters = {"query": "weld seam", "section_id": "s1", "quality": "GOOD", "category": "", "skill": "Welding"}

    path = library_export.download_path(filters)

    assert path == f"{DESCRIPTORS}?q=weld+seam&section=s1&quality=GOOD&skill=Welding"
    assert library_export.filters_from_query(dict(parse_qsl(urlsplit(path).query))) == filters
    assert library_export.download_path({}) == DESCRIPTORS
