"""Addresses parsed by the RFC's rules (F12) and names and titles without control or invisible
characters (F15): refused with the field's text, nothing written."""

from __future__ import annotations

import pytest

from tests.core.helpers import count_rows, register
from tests.factories import make_actor
from workflow_app.accounts.domain import profile
from workflow_app.core import errors as e
from workflow_app.core.arguments import UNSTORABLE
from workflow_app.core.errors import ErrorCode
from workflow_app.ideas.domain import drafts, ideas
from workflow_app.ideas.domain.idea_rules import IdeaIn
from workflow_app.models import Idea, User

HIDDEN = ["Admin\u202eevil", "zero\u200bwidth", "bom\ufeff", "bell\x07", "nul\x00", "line\u2028break"]


@pytest.mark.parametrize(
    "email", ["a,b@evil.example", "a b@example.com", "a@b", '"q"@example.com', "x@localhost", "a@@example.com"]
)
def test_addresses_that_are_no_addresses_are_refused(session, clock, email):
    result = register(session, clock, email=email)
    assert result.code == ErrorCode.VALIDATION_ERROR and result.field_errors["email"] == e.EMAIL_INVALID
    assert count_rows(session, User) == 0


@pytest.mark.parametrize("name", HIDDEN)
def test_display_names_with_hidden_characters_are_refused(session, clock, name):
    result = register(session, clock, email="ada@example.org", display_name=name)
    # NUL is refused before the rules run, as text no database stores (core/arguments.py).
    assert result.field_errors.get("display_name") in (e.DISPLAY_NAME_HIDDEN_CHARACTERS, UNSTORABLE)
    assert not result.ok and count_rows(session, User) == 0
    actor = make_actor(session)
    renamed = profile.update_display_name(session, actor, display_name=name, clock=clock)
    assert not renamed.ok and session.get(User, actor.user_id).display_name != name


@pytest.mark.parametrize("title", HIDDEN)
def test_idea_titles_with_hidden_characters_are_refused(session, clock, title):
    actor = make_actor(session)
    result = ideas.submit_idea(
        session,
        actor,
        IdeaIn(title=title, description="A plain description.", category="process-improvement"),
        clock=clock,
    )
    assert not result.ok and "title" in result.field_errors
    assert drafts.save_draft(
        session, actor, IdeaIn(title=title, description=None, category=None), draft_id=None, clock=clock
    ).field_errors.get("title")
    assert count_rows(session, Idea) == 0


def test_descriptions_keep_newlines_emoji_and_soft_hyphens_but_not_control_characters(session, clock):
    actor = make_actor(session)
    kept = drafts.save_draft(
        session,
        actor,
        IdeaIn(
            title="Plain",
            category=None,
            description="Line one\nline two\twith a tab, an emoji 👩\u200d🔧 and a soft\u00adhyphen",
        ),
        draft_id=None,
        clock=clock,
    )
    assert kept.ok
    refused = drafts.save_draft(
        session, actor, IdeaIn(title="Plain", category=None, description="bell\x07"), draft_id=None, clock=clock
    )
    assert refused.field_errors == {"description": e.DESCRIPTION_CONTROL_CHARACTERS}
