"""Property-based: every domain command, given any text (any unicode, NUL and lone surrogates
included, sizes around each limit), wrong types or other people's ids, returns a typed result —
never an exception — and writes nothing when it refuses. On SQLite and on PostgreSQL (which
cannot store NUL in text, so a command must refuse it before the database sees it)."""

from __future__ import annotations

import hashlib
import uuid

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import SQLModel

from tests.descriptors.descriptor_helpers import make_section
from tests.factories import make_actor, make_idea, make_user
from workflow_app.accounts.domain import accounts, people, profile
from workflow_app.core.result import Err, Ok
from workflow_app.descriptors.domain import descriptors, library, library_index, sections
from workflow_app.descriptors.domain.descriptors import DescriptorIn
from workflow_app.ideas.domain import drafts, ideas, reviews
from workflow_app.ideas.domain.idea_rules import IdeaIn
from workflow_app.models import IdeaStatus, IdeaVisibility, Role

# Any code point: surrogates (category Cs) and NUL too, which st.text() leaves out by default.
ANY_CHAR = st.characters(codec=None, categories=None)
LIMITS = (50, 100, 150, 200, 2000, 5000)


def around_limits() -> st.SearchStrategy[str]:
    """Text of any characters, or plain text just under, at and over one of the field limits."""
    return st.one_of(
        st.text(ANY_CHAR, max_size=60),
        st.sampled_from(LIMITS).flatmap(lambda n: st.sampled_from(["a" * (n - 1), "a" * n, "a" * (n + 1)])),
    )


TEXT = around_limits()
WRONG = st.one_of(
    st.none(),
    st.integers(),
    st.lists(st.text(max_size=3), max_size=3),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
    st.booleans(),
)
ANYTHING = st.one_of(TEXT, WRONG)
FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def fingerprint(session) -> str:
    session.rollback()
    digest = hashlib.sha256()
    conn = session.connection()
    for table in SQLModel.metadata.sorted_tables:
        if table.name == "rate_event":  # refused sign-ins count against the limit by design
            continue
        for row in conn.execute(sa.select(table).order_by(*table.primary_key.columns)):
            digest.update(repr(tuple(row)).encode("utf-8", "backslashreplace"))
    session.rollback()
    return digest.hexdigest()


def typed(run) -> None:
    """Runs a command: it returns Ok or Err (never raises); on Err nothing changed."""
    session = run.session
    before = fingerprint(session)
    result = run()
    assert isinstance(result, (Ok, Err)), result
    if not result.ok:
        assert fingerprint(session) == before, result


class Command:
    def __init__(self, session, call) -> None:
        self.session, self.call = session, call

    def __call__(self):
        return self.call()


@pytest.fixture
def world(session):
    submitter = make_actor(session, role=Role.SUBMITTER)
    other = make_user(session)
    return {
        "submitter": submitter,
        "scm": make_actor(session, role=Role.SCM),
        "admin": make_actor(session, role=Role.ADMIN),
        "superadmin": make_actor(session, role=Role.SUPERADMIN),
        "private_idea": make_idea(session, other, visibility=IdeaVisibility.PRIVATE).id,
        "others_draft": make_idea(session, other, status=IdeaStatus.DRAFT).id,
        "other_user": other.id,
    }


@FUZZ
@given(title=ANYTHING, description=ANYTHING, category=ANYTHING, visibility=ANYTHING)
def test_submitting_an_idea(session, clock, world, title, description, category, visibility):
    typed(
        Command(
            session,
            lambda: ideas.submit_idea(
                session,
                world["submitter"],
                IdeaIn(title=title, description=description, category=category, visibility=visibility),
                clock=clock,
            ),
        )
    )


@FUZZ
@given(title=ANYTHING, description=ANYTHING, draft_id=st.one_of(ANYTHING, st.just("others_draft")))
def test_saving_and_autosaving_a_draft(session, clock, world, title, description, draft_id):
    draft_id = world["others_draft"] if draft_id == "others_draft" else draft_id
    typed(
        Command(
            session,
            lambda: drafts.save_draft(
                session,
                world["submitter"],
                IdeaIn(title=title, description=description, category=None),
                draft_id=draft_id,
                clock=clock,
            ),
        )
    )
    typed(
        Command(
            session,
            lambda: drafts.autosave_draft(
                session,
                world["submitter"],
                IdeaIn(title=title, description=description, category=None),
                draft_id=draft_id if isinstance(draft_id, str) else "x",
                expected_version=1,
                editing_session_id="e1",
                clock=clock,
            ),
        )
    )


@FUZZ
@given(email=ANYTHING, password=ANYTHING, name=ANYTHING)
def test_registering_and_signing_in(session, clock, email, password, name):
    typed(
        Command(
            session,
            lambda: accounts.register(
                session, email=email, password=password, confirm_password=password, display_name=name, clock=clock
            ),
        )
    )
    typed(Command(session, lambda: accounts.sign_in(session, email=email, password=password, clock=clock)))


@FUZZ
@given(name=ANYTHING)
def test_renaming_oneself(session, clock, world, name):
    typed(
        Command(
            session, lambda: profile.update_display_name(session, world["submitter"], display_name=name, clock=clock)
        )
    )


@FUZZ
@given(current=ANYTHING, new=ANYTHING)
def test_changing_the_password(session, clock, world, current, new):
    typed(
        Command(
            session,
            lambda: profile.update_password(
                session,
                world["submitter"],
                current_password=current,
                new_password=new,
                confirm_password=new,
                clock=clock,
            ),
        )
    )


@FUZZ
@given(
    user_id=st.one_of(ANYTHING, st.just("other_user")),
    role=ANYTHING,
    who=st.sampled_from(["submitter", "admin", "superadmin"]),
)
def test_changing_someones_role(session, clock, world, user_id, role, who):
    user_id = world["other_user"] if user_id == "other_user" else user_id
    typed(Command(session, lambda: people.change_role(session, world[who], user_id=user_id, role=role, clock=clock)))
    typed(
        Command(
            session,
            lambda: people.list_people(
                session,
                world[who],
                query=user_id if isinstance(user_id, str) else "",
                role=role if isinstance(role, str) else "",
            ),
        )
    )


@FUZZ
@given(
    idea_id=st.one_of(ANYTHING, st.just("private_idea")),
    decision=ANYTHING,
    comment=ANYTHING,
    who=st.sampled_from(["submitter", "admin"]),
)
def test_reviewing_an_idea(session, clock, world, idea_id, decision, comment, who):
    idea_id = world["private_idea"] if idea_id == "private_idea" else idea_id
    typed(Command(session, lambda: reviews.start_review(session, world[who], idea_id=idea_id, clock=clock)))
    typed(
        Command(
            session,
            lambda: reviews.finalize_review(
                session, world[who], idea_id=idea_id, decision=decision, comment=comment, clock=clock
            ),
        )
    )


@FUZZ
@given(name=ANYTHING, description=ANYTHING, who=st.sampled_from(["scm", "submitter"]))
def test_creating_a_section(session, clock, world, name, description, who):
    typed(
        Command(
            session,
            lambda: sections.create_section(session, world[who], name=name, description=description, clock=clock),
        )
    )


@FUZZ
@given(code=ANYTHING, criterion=ANYTHING, score=ANYTHING, tags=ANYTHING, section=st.booleans())
def test_creating_a_descriptor(session, clock, world, code, criterion, score, tags, section):
    section_id = make_section(session, world["scm"], name=f"Section {uuid.uuid4().hex}").id if section else None
    typed(
        Command(
            session,
            lambda: descriptors.create_descriptor(
                session,
                world["scm"],
                DescriptorIn(code=code, criterion_name=criterion, wsos_section_id=section_id, score3=score, tags=tags),
                clock=clock,
            ),
        )
    )


@pytest.fixture
def search_index(engine):
    library_index.ensure_search_index(engine)


@FUZZ
@given(query=ANYTHING, quality=ANYTHING, page=ANYTHING)
def test_searching_the_library(search_index, session, world, query, quality, page):
    typed(
        Command(
            session,
            lambda: library.search_descriptors(session, world["submitter"], query=query, quality=quality, page=page),
        )
    )


@FUZZ
@given(email=ANYTHING, token=ANYTHING, password=ANYTHING)
def test_the_mailed_links(session, clock, email, token, password):
    from workflow_app.accounts.domain import password_reset, verification

    typed(Command(session, lambda: verification.resend_verification(session, email=email, clock=clock)))
    typed(Command(session, lambda: verification.verify_email(session, token=token, clock=clock)))
    typed(Command(session, lambda: password_reset.request_password_reset(session, email=email, clock=clock)))
    typed(
        Command(
            session,
            lambda: password_reset.reset_password(
                session, token=token, new_password=password, confirm_password=password, clock=clock
            ),
        )
    )
