"""Smart forms (ORIGINS C15, issue 14 §2): each category's fields, their checks, versions, editing."""

from __future__ import annotations

import dataclasses
import importlib.util
from pathlib import Path

import pytest
from sqlmodel import select

from tests.factories import audit_rows, make_actor
from tests.ideas.draft_helpers import make_draft
from workflow_app import config
from workflow_app.core.errors import ErrorCode
from workflow_app.ideas.domain import draft_queries, drafts, idea_queries, ideas, review_queries, smart_forms
from workflow_app.ideas.domain.idea_rules import CATEGORIES, IdeaIn
from workflow_app.ideas.domain.smart_forms import FieldIn, FormField, FormTemplate
from workflow_app.models import AuditAction, Idea, IdeaFormTemplate, Role

IDEA = dict(title="Quieter printers", description="Swap the old printers for quiet ones.", visibility="PUBLIC")
EMPLOYEE = {"affected_group": "Night shift", "pain_level": "High"}


@pytest.fixture
def preloaded(session, clock):
    smart_forms.ensure_default_templates(session, clock=clock)
    return session


@pytest.fixture
def flag_off(monkeypatch):
    monkeypatch.setattr(config, "settings", dataclasses.replace(config.settings, smart_forms_enabled=False))


def submit(session, clock, actor, category="employee-experience", **answers):
    form = IdeaIn(**IDEA, category=category, dynamic_fields=answers)
    return ideas.submit_idea(session, actor, form, clock=clock)


# --- the checks, without a database --------------------------------------------------------------

FORM = FormTemplate(
    id="t1",
    category="x",
    version=1,
    fields=(
        FormField("who", "Who", "text", required=True),
        FormField("notes", "Notes", "textarea"),
        FormField("hours", "Hours", "number"),
        FormField("size", "Size", "select", options=("S", "M")),
        FormField("empty", "Empty select", "select", required=True),
    ),
)


@pytest.mark.parametrize(
    ("answers", "key", "message"),
    [
        ({"who": "  \t "}, "who", "Who is required."),
        ({"who": "x" * 256}, "who", "Who must be 255 characters or fewer."),
        ({"notes": "x" * 2001}, "notes", "Notes must be 2000 characters or fewer."),
        ({"hours": "twelve"}, "hours", "Hours must be a number."),
        ({"hours": "1e400"}, "hours", "Hours must be a number."),
        ({"hours": ["1"]}, "hours", "Hours must be a number."),
        ({"size": "XL"}, "size", "Size contains an invalid selection."),
    ],
)
def test_each_rule_of_a_field_says_its_own_message(answers, key, message):
    checked = smart_forms.check_values(FORM, {"who": "Ops", **answers})

    assert checked.problems == {f"dyn:{key}": message}


def test_numbers_may_be_negative_or_zero_and_what_is_kept_is_known_and_not_blank():
    sent = {"who": " Ops ", "hours": "-1", "notes": "  ", "size": "M", "sneaky": "dropped", "empty": "x"}

    for hours in ("-1", "0", "2.5"):
        checked = smart_forms.check_values(FORM, {**sent, "hours": hours})
        assert checked.problems == {}
        # Unknown keys stripped, blank optional fields left out, a select without options ignored.
        assert checked.values == {"who": "Ops", "hours": hours, "size": "M"}


def test_a_draft_keeps_incomplete_answers_but_nothing_huge():
    assert smart_forms.draft_values({"who": "", "notes": "half", "Bad Key": "x"}).values == {"notes": "half"}
    assert smart_forms.draft_values({"notes": "x" * 2001}).problems == {"dyn:notes": smart_forms.DRAFT_VALUE_TOO_LONG}
    many = {f"k{i}": "v" for i in range(50)}
    assert len(smart_forms.draft_values(many).values) == smart_forms.MAX_FIELDS
    assert smart_forms.draft_values(["not", "a", "map"]).values == {}


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ([FieldIn(label="")], {"fields.0.label": smart_forms.LABEL_REQUIRED}),
        ([FieldIn(label="x" * 81)], {"fields.0.label": smart_forms.LABEL_TOO_LONG}),
        ([FieldIn(label="A"), FieldIn(label="B", key="a")], {"fields.1.key": smart_forms.KEY_TAKEN}),
        ([FieldIn(label="A", key="9lives")], {"fields.0.key": smart_forms.KEY_INVALID}),
        ([FieldIn(label="A", kind="date")], {"fields.0.kind": smart_forms.KIND_INVALID}),
        ([FieldIn(label="A", kind="select", options=("o",) * 2)], {"fields.0.options": smart_forms.OPTION_TWICE}),
        (
            [FieldIn(label="A", kind="select", options=tuple(f"o{i}" for i in range(51)))],
            {"fields.0.options": smart_forms.TOO_MANY_OPTIONS},
        ),
        ([FieldIn(label="A", kind="select", options=("o" * 101,))], {"fields.0.options": smart_forms.OPTION_TOO_LONG}),
        ([FieldIn(label=f"F{i}") for i in range(21)], {"fields": smart_forms.TOO_MANY_FIELDS}),
    ],
)
def test_a_template_is_checked_before_it_is_saved(fields, problem):
    assert smart_forms.template_problems(fields)[1] == problem


def test_the_migration_preloads_the_same_templates_as_the_domain():
    path = next(Path("migrations/versions").glob("0016_*.py"))
    spec = importlib.util.spec_from_file_location("m0016", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    domain = {row["category"]: row["fields"] for row in smart_forms.default_template_rows()}
    assert module.TEMPLATES == domain and set(domain) == set(CATEGORIES)


# --- on both databases ---------------------------------------------------------------------------


def test_every_category_has_its_template_and_preloading_twice_adds_nothing(preloaded, clock):
    templates = smart_forms.current_templates(preloaded)

    assert list(templates) == list(CATEGORIES)
    assert [f.label for f in templates["employee-experience"].fields] == [
        "Which employee group is affected?",
        "Current pain level",
    ]
    assert smart_forms.ensure_default_templates(preloaded, clock=clock) == 0


def test_a_submitted_idea_keeps_its_answers_with_its_template_and_in_the_audit(preloaded, clock):
    author = make_actor(preloaded)

    result = submit(preloaded, clock, author, **EMPLOYEE, unknown="x", pain_note="")

    assert result.ok
    idea = preloaded.get(Idea, result.value)
    template = smart_forms.current_template(preloaded, "employee-experience")
    assert (idea.dynamic_fields, idea.form_template_id) == (EMPLOYEE, template.id)
    [entry] = audit_rows(preloaded)
    assert entry.action == AuditAction.IDEA_CREATED and entry.details["dynamicFields"] == EMPLOYEE


def test_a_required_answer_missing_blocks_the_submission_and_writes_nothing(preloaded, clock):
    result = submit(preloaded, clock, make_actor(preloaded), affected_group="   ", pain_level="Low")

    assert result.code == ErrorCode.VALIDATION_ERROR
    assert result.field_errors == {"dyn:affected_group": "Which employee group is affected? is required."}
    assert preloaded.exec(select(Idea)).all() == [] and audit_rows(preloaded) == []


def test_an_idea_keeps_the_labels_it_was_written_with_after_the_form_changes(preloaded, clock):
    author, boss = make_actor(preloaded), make_actor(preloaded, role=Role.SUPERADMIN)
    idea_id = submit(preloaded, clock, author, **EMPLOYEE).value

    edited = smart_forms.save_template(
        preloaded,
        boss,
        category="employee-experience",
        fields=[FieldIn(key="affected_group", label="Team", required=True)],
        expected_version=1,
        clock=clock,
    )

    assert edited.ok and edited.value.version == 2
    detail = idea_queries.idea_detail(preloaded, author, idea_id=idea_id).value
    assert detail.additional_details == [
        ("Which employee group is affected?", "Night shift"),
        ("Current pain level", "High"),
    ]
    admin = make_actor(preloaded, role=Role.ADMIN)
    assert review_queries.review_view(preloaded, admin, idea_id=idea_id).value.additional_details == (
        detail.additional_details
    )
    # A new idea answers the new version; a key its template no longer has shows as the key.
    new = submit(preloaded, clock, make_actor(preloaded), affected_group="Drivers")
    idea = preloaded.get(Idea, new.value)
    assert idea.dynamic_fields == {"affected_group": "Drivers"}
    assert smart_forms.details_of(edited.value, {**idea.dynamic_fields, "old_key": "kept"}) == [
        ("Team", "Drivers"),
        ("old_key", "kept"),
    ]


def test_only_a_superadmin_edits_a_template_and_each_edit_is_audited(preloaded, clock):
    fields = [FieldIn(label="Budget owner"), FieldIn(label="Size", kind="select", options=("S", "M"))]
    for role in (Role.SUBMITTER, Role.ADMIN):
        refused = smart_forms.save_template(
            preloaded,
            make_actor(preloaded, role=role),
            category="cost-reduction",
            fields=fields,
            expected_version=1,
            clock=clock,
        )
        assert refused.code == ErrorCode.FORBIDDEN_ROLE
    boss = make_actor(preloaded, role=Role.SUPERADMIN)

    saved = smart_forms.save_template(
        preloaded, boss, category="cost-reduction", fields=fields, expected_version=1, clock=clock
    )
    stale = smart_forms.save_template(
        preloaded, boss, category="cost-reduction", fields=fields, expected_version=1, clock=clock
    )

    assert [f.key for f in saved.value.fields] == ["budget_owner", "size"]
    assert stale.code == ErrorCode.CONFLICT
    assert len(preloaded.exec(select(IdeaFormTemplate).where(IdeaFormTemplate.category == "cost-reduction")).all()) == 2
    [entry] = audit_rows(preloaded)
    assert (entry.action, entry.actor_id, entry.details) == (
        AuditAction.FORM_TEMPLATE_UPDATED,
        boss.user_id,
        {"category": "cost-reduction", "version": 2, "fields": 2},
    )


def test_drafts_keep_answers_through_save_autosave_and_submit(preloaded, clock):
    author = make_actor(preloaded)
    form = IdeaIn(**IDEA, category="employee-experience", dynamic_fields={"affected_group": "Nights"})
    saved = drafts.save_draft(preloaded, author, form, draft_id=None, clock=clock).value
    later = dataclasses.replace(form, dynamic_fields={"affected_group": "Nights", "pain_level": "Critical"})

    autosaved = drafts.autosave_draft(
        preloaded,
        author,
        later,
        draft_id=saved.id,
        expected_version=saved.version,
        editing_session_id="e1",
        clock=clock,
    )

    assert autosaved.ok
    view = draft_queries.draft_for_edit(preloaded, author, draft_id=saved.id, clock=clock).value
    assert view.dynamic_fields == {"affected_group": "Nights", "pain_level": "Critical"}
    submitted = drafts.submit_draft(preloaded, author, later, draft_id=saved.id, clock=clock)
    assert submitted.ok
    assert audit_rows(preloaded)[-1].details["dynamicFields"] == later.dynamic_fields
    assert preloaded.get(Idea, saved.id).form_template_id is not None


def test_with_the_feature_off_nothing_is_read_or_kept(preloaded, clock, flag_off):
    author = make_actor(preloaded)
    idea_id = submit(preloaded, clock, author, affected_group="", pain_level="nonsense").value
    draft = make_draft(preloaded, author, clock=clock)
    form = IdeaIn(**IDEA, dynamic_fields={"affected_group": "Nights"})
    drafts.autosave_draft(
        preloaded, author, form, draft_id=draft.id, expected_version=draft.version, editing_session_id="e", clock=clock
    )

    idea = preloaded.get(Idea, idea_id)
    assert (idea.dynamic_fields, idea.form_template_id) == (None, None)
    assert preloaded.get(Idea, draft.id).dynamic_fields is None
    assert smart_forms.current_templates(preloaded) == {}
    assert "dynamicFields" not in audit_rows(preloaded)[0].details
