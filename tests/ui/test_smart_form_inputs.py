"""The smart form's handlers (ORIGINS C15): every argument typed and capped before it is kept."""

from __future__ import annotations

import json

import pytest

from tests.ui.helpers import WRONG_TYPES, run, state_of
from workflow_app.core.actor import Actor
from workflow_app.core.result import Ok
from workflow_app.ideas.domain.smart_forms import DEFAULT_FIELDS, FormTemplate
from workflow_app.ideas.pages.form_templates_state import FieldRow, FormTemplatesState
from workflow_app.ideas.pages.idea_editor_state import IdeaEditorState, Opening, _open_new
from workflow_app.ideas.pages.smart_form import lines_by_category
from workflow_app.models import Role

TEMPLATES = lines_by_category(
    {slug: FormTemplate(id=slug, category=slug, version=1, fields=fields) for slug, fields in DEFAULT_FIELDS.items()}
)


def _editor(category: str = "employee-experience") -> IdeaEditorState:
    editor = state_of(IdeaEditorState, "http://localhost:3000/ideas/new")
    editor._reset_form()
    editor.user_id, editor.loaded, editor.templates, editor.category = "u1", True, TEMPLATES, category
    return editor


def test_opening_the_form_brings_every_category_form_in_its_one_call(work):
    editor = _editor(category="")
    work.value = Opening(templates=TEMPLATES)

    run(editor.open_new())

    assert [w for w, _ in work.calls] == [_open_new]
    assert list(editor.templates) == list(DEFAULT_FIELDS)


def test_an_answer_is_kept_only_for_a_field_of_the_chosen_category():
    editor = _editor()

    editor.set_dynamic_field("affected_group", "Night shift")
    editor.set_dynamic_field("current_process", "not this category's")
    editor.set_dynamic_field("made_up", "x")

    assert editor.dynamic_values == {"affected_group": "Night shift"}
    assert editor._form().dynamic_fields == {"affected_group": "Night shift"}


@pytest.mark.parametrize("value", [*WRONG_TYPES, pytest.param("x" * 256, id="too-long")])
def test_an_answer_that_is_no_text_or_too_long_is_refused_with_the_fields_message(value):
    editor = _editor()

    editor.set_dynamic_field("affected_group", value)

    assert editor.dynamic_values == {}
    assert "dyn:affected_group" in editor.field_errors


def test_a_choice_outside_the_list_is_refused():
    editor = _editor()

    editor.set_dynamic_field("pain_level", "Apocalyptic")

    assert editor.field_errors == {"dyn:pain_level": "Current pain level contains an invalid selection."}


def test_switching_category_resets_only_the_answers():
    editor = _editor()
    editor.title, editor.description = "Night buses", "Run buses at night."
    editor.set_dynamic_field("affected_group", "Nights")
    editor.field_errors = {"dyn:pain_level": "x", "title": "kept"}

    editor.set_category("cost-reduction")

    assert (editor.title, editor.description, editor.category) == (
        "Night buses",
        "Run buses at night.",
        "cost-reduction",
    )
    assert editor.dynamic_values == {} and editor.field_errors == {"title": "kept"}


def test_the_browsers_copy_offers_and_restores_the_answers_of_its_category():
    editor = _editor(category="")
    copy = {"title": "T", "category": "cost-reduction", "dyn:current_annual_cost_usd": "1200", "dyn:bogus": "x"}

    editor.compare_local_copy(json.dumps({**copy, "timestamp": 1}))
    editor.restore_local_copy()

    assert editor.show_restore is False and editor.category == "cost-reduction"
    assert editor.dynamic_values == {"current_annual_cost_usd": "1200"}


def _forms_page() -> FormTemplatesState:
    page = state_of(FormTemplatesState, "http://localhost:3000/admin/forms")
    page.rows = [FieldRow(key="a", label="A"), FieldRow(key="b", label="B")]
    return page


@pytest.mark.parametrize(
    ("index", "name", "value"),
    [
        (7, "label", "x"),
        ("0", "nonsense", "x"),
        (0, "required", "yes"),
        (0, "kind", "date"),
        (0, "label", ["x"]),
        (0, "label", "x" * 1000),
        (None, "label", "x"),
    ],
)
def test_the_form_editor_ignores_or_refuses_what_it_cannot_use(index, name, value):
    page = _forms_page()

    page.set_field(index, name, value)

    assert [r.label for r in page.rows] == ["A", "B"] and page.rows[0].kind == "text" and not page.rows[0].required


def test_the_form_editor_edits_moves_adds_and_removes_rows():
    page = _forms_page()

    page.set_field(1, "kind", "select")
    page.move_row(1, -1)
    page.move_row(0, -1)  # already first
    page.add_row()
    page.remove_row(2)

    assert [(r.key, r.kind) for r in page.rows] == [("b", "select"), ("a", "text")]


def test_the_form_editor_saves_through_the_domain_which_decides(work):
    page = _forms_page()
    page.category, page.version = "cost-reduction", 1
    work.actor = Actor(user_id="u-s", role=Role.SUPERADMIN, display_name="S", email="s@example.com")
    work.value = Ok(FormTemplate(id="t2", category="cost-reduction", version=2))

    run(page.save())

    [(_, kwargs)] = work.calls
    assert kwargs["expected_version"] == 1 and [f.label for f in kwargs["fields"]] == ["A", "B"]
    assert page.version == 2
