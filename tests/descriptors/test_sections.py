"""WSOS sections: create, update, delete, list and the similar-names warning (ORIGINS Part 2 C2, F 1–5)."""

from __future__ import annotations

import pytest

from tests.descriptors.descriptor_helpers import audit_for, fresh, make_descriptor, make_section, snapshot
from tests.factories import make_actor
from workflow_app.core import errors as e
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok
from workflow_app.descriptors.domain import sections
from workflow_app.models import AuditAction, Descriptor, Role, WsosSection

C = ErrorCode


@pytest.fixture
def scm(session):
    return make_actor(session, role=Role.SCM, display_name="Sue SCM")


def create(session, clock, actor, name, description=None):
    return sections.create_section(session, actor, name=name, description=description, clock=clock)


def assert_refused(result, code, message=None):
    assert isinstance(result, Err), result
    assert result.code == code
    assert result.message == (message or e.MESSAGES[code])


# --- create ----------------------------------------------------------------------------------


def test_an_scm_creates_a_section_with_name_and_description_trimmed_and_audited(session, clock, scm):
    result = create(session, clock, scm, "  Work Organisation and Management ", "  Planning the day  ")

    assert isinstance(result, Ok)
    section = fresh(session, WsosSection, result.value)
    assert (section.name, section.description, section.created_by_id, section.created_at) == (
        "Work Organisation and Management",
        "Planning the day",
        scm.user_id,
        clock.now(),
    )
    [entry] = audit_for(session, AuditAction.SECTION_CREATED)
    assert (entry.actor_id, entry.target_type, entry.target_id, entry.target_title) == (
        scm.user_id,
        "section",
        section.id,
        "Work Organisation and Management",
    )


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SUPERADMIN])
def test_admins_may_create_sections_too(session, clock, role):
    admin = make_actor(session, role=role)

    result = create(session, clock, admin, "Health and Safety", "")

    assert result.ok
    assert fresh(session, WsosSection, result.value).description is None


@pytest.mark.parametrize("role", [Role.SA, Role.SUBMITTER])
def test_other_roles_may_not_create_update_or_delete_sections(session, clock, scm, role):
    someone = make_actor(session, role=role)
    section = make_section(session, scm, name="Design")
    before = snapshot(session)

    created = create(session, clock, someone, "Installation")
    updated = sections.update_section(session, someone, section_id=section.id, name="Designs", clock=clock)
    deleted = sections.delete_section(session, someone, section_id=section.id, clock=clock)

    assert_refused(created, C.FORBIDDEN_ROLE, "Only SCMs can create WSOS sections")
    assert_refused(updated, C.FORBIDDEN_ROLE)
    assert_refused(deleted, C.FORBIDDEN_ROLE)
    assert snapshot(session) == before


@pytest.mark.parametrize(
    ("name", "description", "field", "message"),
    [
        ("  ab  ", None, "name", "Section name must be at least 3 characters"),
        ("", None, "name", "Section name must be at least 3 characters"),
        ("x" * 201, None, "name", "Section name must be 200 characters or fewer"),
        ("Design", "d" * 2001, "description", "Description must be 2,000 characters or fewer"),
    ],
)
def test_invalid_section_fields_are_refused_and_nothing_is_written(
    session, clock, scm, name, description, field, message
):
    before = snapshot(session)

    result = create(session, clock, scm, name, description)

    assert_refused(result, C.VALIDATION_ERROR, message)
    assert result.field_errors == {field: message}
    assert snapshot(session) == before


def test_a_name_of_exactly_3_characters_is_accepted(session, clock, scm):
    assert create(session, clock, scm, " CNC ").ok


def test_an_exact_duplicate_name_is_refused_while_another_case_is_another_section(session, clock, scm):
    make_section(session, scm, name="Health and Safety")
    before = snapshot(session)

    duplicate = create(session, clock, scm, " Health and Safety ")

    assert_refused(duplicate, C.SECTION_NAME_TAKEN, "A section with this name already exists")
    assert snapshot(session) == before
    assert create(session, clock, scm, "health and safety").ok  # unique as typed, like the origin


def test_a_duplicate_that_slips_past_the_check_is_refused_by_the_unique_index(session, clock, scm, monkeypatch):
    make_section(session, scm, name="Health and Safety")
    monkeypatch.setattr(sections, "_taken", lambda *a, **k: None)  # as if the other insert came just after
    before = snapshot(session)

    result = create(session, clock, scm, "Health and Safety")

    assert_refused(result, C.SECTION_NAME_TAKEN)
    assert snapshot(session) == before


# --- update and delete -----------------------------------------------------------------------


def test_updating_a_section_renames_it_and_audits_the_previous_name(session, clock, scm):
    section = make_section(session, scm, name="Desing", description="old")
    clock.advance(hours=1)

    result = sections.update_section(
        session, scm, section_id=section.id, name=" Design ", description=" Layout ", clock=clock
    )

    assert result == Ok(section.id)
    stored = fresh(session, WsosSection, section.id)
    assert (stored.name, stored.description, stored.updated_at) == ("Design", "Layout", clock.now())
    [entry] = audit_for(session, AuditAction.SECTION_UPDATED)
    assert (entry.target_id, entry.target_title, entry.details) == (section.id, "Design", {"previousName": "Desing"})


def test_a_section_may_keep_its_own_name_but_not_take_another_sections(session, clock, scm):
    section = make_section(session, scm, name="Design")
    make_section(session, scm, name="Installation")

    kept = sections.update_section(session, scm, section_id=section.id, name="Design", description="x", clock=clock)
    before = snapshot(session)
    taken = sections.update_section(session, scm, section_id=section.id, name="Installation", clock=clock)

    assert kept.ok
    assert_refused(taken, C.SECTION_NAME_TAKEN)
    assert snapshot(session) == before


def test_updating_or_deleting_a_missing_section_is_not_found(session, clock, scm):
    before = snapshot(session)

    updated = sections.update_section(session, scm, section_id="missing", name="Design", clock=clock)
    deleted = sections.delete_section(session, scm, section_id="missing", clock=clock)

    assert_refused(updated, C.SECTION_NOT_FOUND, "Section not found.")
    assert_refused(deleted, C.SECTION_NOT_FOUND)
    assert snapshot(session) == before


def test_deleting_a_section_unlinks_its_descriptors_and_never_deletes_them(session, clock, scm):
    section = make_section(session, scm, name="Design")
    other = make_section(session, scm, name="Installation")
    linked = [
        make_descriptor(session, scm, section=section),
        make_descriptor(session, scm, section=section, deleted=True),
    ]
    elsewhere = make_descriptor(session, scm, section=other)

    result = sections.delete_section(session, scm, section_id=section.id, clock=clock)

    assert result == Ok(2)
    assert fresh(session, WsosSection, section.id) is None
    for descriptor in linked:
        stored = fresh(session, Descriptor, descriptor.id)
        assert (stored.wsos_section_id, stored.row_version) == (None, 1)
    assert fresh(session, Descriptor, elsewhere.id).wsos_section_id == other.id
    [entry] = audit_for(session, AuditAction.SECTION_DELETED)
    assert (entry.target_id, entry.target_title, entry.details) == (section.id, "Design", {"unlinkedDescriptors": 2})


# --- list and similar names ------------------------------------------------------------------


def test_sections_are_listed_by_name_with_creator_and_live_descriptor_count(session, clock, scm):
    admin = make_actor(session, role=Role.ADMIN, display_name="Ada Admin")
    design = make_section(session, admin, name="design")
    make_section(session, scm, name="Installation")
    make_section(session, scm, name="CNC")
    make_descriptor(session, scm, section=design)
    make_descriptor(session, scm, section=design)
    make_descriptor(session, scm, section=design, deleted=True)

    rows = sections.list_sections(session, admin)

    assert [(r.name, r.created_by_name, r.descriptor_count) for r in rows] == [
        ("CNC", "Sue SCM", 0),
        ("design", "Ada Admin", 2),
        ("Installation", "Sue SCM", 0),
    ]


def test_similar_sections_warn_above_30_percent_best_first_excluding_the_edited_one(session, clock, scm):
    existing = make_section(session, scm, name="Work Organisation and Management")
    make_section(session, scm, name="Health and Safety")

    found = sections.similar_sections(session, scm, name="Work Organization Management")
    while_editing = sections.similar_sections(
        session, scm, name="Work Organisation and Management", exclude_id=existing.id
    )

    assert found == [sections.SimilarSection(existing.id, "Work Organisation and Management", 72)]
    assert while_editing == []


def test_similar_sections_give_at_most_five_and_nothing_for_names_under_3_characters(session, clock, scm):
    for n in range(7):
        make_section(session, scm, name=f"Safety {n}")

    assert len(sections.similar_sections(session, scm, name="Safety")) == 5
    assert sections.similar_sections(session, scm, name=" Sa ") == []


@pytest.mark.parametrize("role", [Role.SUBMITTER, Role.SA])
def test_roles_that_do_not_manage_sections_get_neither_the_list_nor_the_advice(session, clock, scm, role):
    make_section(session, scm, name="Work Organisation and Management")
    reader = make_actor(session, role=role)
    assert sections.list_sections(session, reader) == []
    assert sections.similar_sections(session, reader, name="Work Organisation") == []
