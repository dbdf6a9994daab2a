"""Admin curation of the descriptor library: create, edit, soft-delete, restore, the curation
list and its filters, the similar descriptors warning (ORIGINS Part 2 B, C3)."""

from __future__ import annotations

import logging
import threading

import pytest
import sqlalchemy as sa
from sqlmodel import Session, update

from tests.descriptors.descriptor_helpers import (
    audit_for,
    form,
    fresh,
    make_descriptor,
    make_section,
    snapshot,
)
from tests.factories import make_actor
from workflow_app.core import errors as e
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err, Ok
from workflow_app.descriptors.domain import curation, curation_queries
from workflow_app.descriptors.domain.curation import CuratedDescriptorIn
from workflow_app.descriptors.domain.curation_queries import CurationFilters
from workflow_app.models import AuditAction, Descriptor, DescriptorBatchStatus, QualityIndicator, Role, Skill

B = DescriptorBatchStatus
C = ErrorCode
NON_ADMINS = [Role.SUBMITTER, Role.SCM, Role.SA]


@pytest.fixture(params=[Role.ADMIN, Role.SUPERADMIN])
def admin(request, session):
    return make_actor(session, role=request.param, display_name="Ada Admin")


@pytest.fixture
def scm(session):
    return make_actor(session, role=Role.SCM, display_name="Sue SCM")


@pytest.fixture
def section(session, scm):
    return make_section(session, scm, name="Work Organisation and Management")


def assert_refused(result, code, message=None):
    assert isinstance(result, Err), result
    assert result.code == code
    assert result.message == (message or e.MESSAGES[code])


def curated_form(section=None, **overrides) -> dict:
    """A valid curation form: the descriptor form with a skill (MANAGE-06)."""
    return form(section, **({"skill_names": "Welding"} | overrides))


def create(session, clock, actor, section=None, **overrides):
    return curation.create_curated_descriptor(
        session, actor, CuratedDescriptorIn(**curated_form(section, **overrides)), clock=clock
    )


def edit(session, clock, actor, descriptor_id, section=None, expected_version=None, **overrides):
    return curation.update_curated_descriptor(
        session,
        actor,
        CuratedDescriptorIn(**curated_form(section, **overrides)),
        descriptor_id=descriptor_id,
        expected_version=expected_version,
        clock=clock,
    )


def library_descriptor(
    session, *, criterion_name="Quality of weld seam", code=None, status=None, deleted=False, **columns
):
    """An imported (status None) or approved descriptor, as the library holds them; `columns`
    set the rest (skill_names, sector, ...)."""
    d = make_descriptor(session, None, status=status, criterion_name=criterion_name, code=code, deleted=deleted)
    if columns:
        for name, value in columns.items():
            setattr(d, name, value)
        session.add(d)
        session.commit()
    return d


def listed(session, actor, page=1, page_size=20, **filters):
    return curation_queries.curated_descriptors(
        session, actor, CurationFilters(**filters), page=page, page_size=page_size
    )


def codes(session, actor, **filters) -> list[str]:
    result = listed(session, actor, **filters)
    assert isinstance(result, Ok), result
    return [d.code for d in result.value.items]


# --- roles -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", NON_ADMINS)
def test_only_administrators_may_curate_and_a_refusal_writes_nothing(session, clock, role):
    actor = make_actor(session, role=role)
    live, gone = library_descriptor(session), library_descriptor(session, deleted=True)
    before = snapshot(session)
    attempts = [
        create(session, clock, actor),
        edit(session, clock, actor, live.id),
        curation.delete_curated_descriptor(session, actor, descriptor_id=live.id, clock=clock),
        curation.restore_curated_descriptor(session, actor, descriptor_id=gone.id, clock=clock),
    ]
    for result in attempts:
        assert_refused(result, C.FORBIDDEN_ROLE, "Action restricted to Administrators")
    assert_refused(listed(session, actor), C.FORBIDDEN_ROLE, "Action restricted to Administrators")
    assert curation_queries.curation_choices(session, actor) == curation_queries.CurationChoices([], [], [])
    assert snapshot(session) == before


# --- create ----------------------------------------------------------------------------------


def test_admin_creates_a_manual_reference_descriptor_with_skills_sector_and_categories(session, clock, admin):
    result = create(
        session,
        clock,
        admin,
        skill_names=" Welding , ,Metal Fabrication,Welding",
        sector="  Manufacturing  ",
        categories="Weld quality, Safety,",
    )
    assert isinstance(result, Ok), result
    d = fresh(session, Descriptor, result.value.id)
    assert (d.source, d.schema_version, d.batch_status, d.quality_indicator, d.wsos_section_id, d.created_by_id) == (
        "Manual",
        1,
        None,
        QualityIndicator.REFERENCE,
        None,
        None,
    )
    assert (d.code, d.criterion_name, d.tags, d.categories, d.skill_names, d.sector, d.row_version) == (
        "A1",
        "Quality of weld seam",
        ["safety", "measurement", "quality"],
        ["Weld quality", "Safety"],
        ["Welding", "Metal Fabrication"],  # trimmed, empties and repeats dropped, as tags are
        "Manufacturing",
        1,
    )
    [entry] = audit_for(session, AuditAction.DESCRIPTOR_CREATED)
    assert (entry.actor_id, entry.target_type, entry.target_id, entry.target_title, entry.details) == (
        admin.user_id,
        "descriptor",
        d.id,
        "Quality of weld seam",
        {
            "code": "A1",
            "sectionId": None,
            "source": "Manual",
            "quality": "REFERENCE",
            "skills": ["Welding", "Metal Fabrication"],
        },
    )


def test_an_empty_sector_is_stored_as_none(session, clock, admin):
    d = fresh(session, Descriptor, create(session, clock, admin, sector="   ").value.id)
    assert (d.sector, d.categories) == (None, [])


def test_admin_may_give_a_section_and_a_quality(session, clock, admin, section):
    result = create(session, clock, admin, section, quality="EXCELLENT")
    d = fresh(session, Descriptor, result.value.id)
    assert (d.wsos_section_id, d.quality_indicator) == (section.id, QualityIndicator.EXCELLENT)


WORDING = "Criterion name must be 5+ characters AND at least one performance level is required"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"quality": "SUPERB"}, "quality", e.QUALITY_INVALID),
        ({"code": " "}, "code", "Code is required"),
        ({"code": "C" * 33}, "code", e.CODE_TOO_LONG),
        ({"criterion_name": "Weld"}, "criterion_name", WORDING),
        ({"criterion_name": ""}, "criterion_name", WORDING),
        ({"score3": "", "score2": None, "score1": " ", "score0": None}, "scores", WORDING),
        ({"wsos_section_id": "no-such-section"}, "wsos_section_id", "Section not found."),
        ({"sector": "s" * 101}, "sector", "Sector must be 100 characters or fewer"),
        ({"skill_names": "Welding, " + "w" * 1000}, "skill_names", e.SKILLS_TOO_LONG),
        ({"categories": "c" * 1001}, "categories", e.CATEGORIES_TOO_LONG),
    ],
)
def test_an_invalid_curation_form_is_refused_and_nothing_is_written(session, clock, admin, overrides, field, message):
    live = library_descriptor(session, skill_names=["Welding"])
    before = snapshot(session)
    for result in (create(session, clock, admin, **overrides), edit(session, clock, admin, live.id, **overrides)):
        assert_refused(result, C.VALIDATION_ERROR, message)
        assert result.field_errors[field] == message
    assert snapshot(session) == before


def test_the_wording_rule_speaks_once_for_the_name_and_once_for_the_levels(session, clock, admin):
    result = create(session, clock, admin, criterion_name="Weld", score3=None, score2=None, score1=None, score0=None)
    assert_refused(result, C.VALIDATION_ERROR, WORDING)
    assert result.field_errors == {"criterion_name": WORDING, "scores": WORDING}


# --- MANAGE-06: the source skill ---------------------------------------------------------------
# ORIGINS C3 lists skillNames among the fields without a rule of its own, but MANAGE-06 (v1)
# requires the source skill for admin-created descriptors, and the code rule is "for this skill":
# so a new descriptor needs one. An edit may not take away the last skill; a library descriptor
# that never had one (an SCM's approved descriptor) can still be edited without adding one.


def test_a_new_curated_descriptor_needs_a_skill(session, clock, admin):
    before = snapshot(session)
    result = create(session, clock, admin, skill_names=" , ")
    assert_refused(result, C.VALIDATION_ERROR, "At least one skill is required")
    assert result.field_errors == {"skill_names": "At least one skill is required"}
    assert snapshot(session) == before


def test_an_edit_cannot_take_away_the_last_skill(session, clock, admin):
    d = library_descriptor(session, skill_names=["Welding"])
    assert_refused(edit(session, clock, admin, d.id, skill_names=""), C.VALIDATION_ERROR, e.SKILL_REQUIRED)
    assert fresh(session, Descriptor, d.id).skill_names == ["Welding"]


def test_a_descriptor_that_never_had_a_skill_can_be_edited_without_one(session, clock, admin, scm):
    d = make_descriptor(session, scm, status=B.APPROVED)
    assert isinstance(edit(session, clock, admin, d.id, skill_names="", quality="EXCELLENT"), Ok)
    row = fresh(session, Descriptor, d.id)
    assert (row.skill_names, row.quality_indicator) == ([], QualityIndicator.EXCELLENT)


# --- one code per skill --------------------------------------------------------------------------

TAKEN = "A descriptor with this code already exists for this skill"


def test_a_code_a_live_descriptor_of_the_same_skill_has_is_refused_whatever_the_case(session, clock, admin):
    library_descriptor(session, code="W1", skill_names=["Welding", "Joinery"])
    before = snapshot(session)
    result = create(session, clock, admin, code="W1", skill_names="Bricklaying, WELDING")
    assert_refused(result, C.VALIDATION_ERROR, TAKEN)
    assert result.field_errors == {"code": TAKEN}
    assert snapshot(session) == before


def test_the_same_code_is_free_for_another_skill_and_after_a_delete(session, clock, admin):
    library_descriptor(session, code="W1", skill_names=["Welding"])
    library_descriptor(session, code="W2", skill_names=["Joinery"], deleted=True)
    assert isinstance(create(session, clock, admin, code="W1", skill_names="Joinery"), Ok)
    assert isinstance(create(session, clock, admin, code="W2", skill_names="Joinery"), Ok)
    assert isinstance(create(session, clock, admin, code="w1", skill_names="Welding"), Ok)  # codes keep their case


def test_an_edit_onto_a_taken_code_or_skill_is_refused(session, clock, admin):
    library_descriptor(session, code="W1", skill_names=["Welding"])
    d = library_descriptor(session, code="W2", skill_names=["Joinery"])
    before = snapshot(session)
    assert_refused(edit(session, clock, admin, d.id, code="W1", skill_names="Welding"), C.VALIDATION_ERROR, TAKEN)
    assert_refused(
        edit(session, clock, admin, d.id, code="W1", skill_names="Joinery, welding"), C.VALIDATION_ERROR, TAKEN
    )
    assert snapshot(session) == before
    assert isinstance(edit(session, clock, admin, d.id, code="W2", skill_names="Joinery"), Ok)  # its own code


def test_an_edit_that_keeps_a_code_and_its_skills_is_not_blocked_by_an_older_duplicate(session, clock, admin):
    """Rows from before the rule (two imports of one skill's code) can still be curated."""
    library_descriptor(session, code="W1", skill_names=["Welding"])
    d = library_descriptor(session, code="W1", skill_names=["Welding"])
    assert isinstance(edit(session, clock, admin, d.id, code="W1", skill_names="Welding", quality="GOOD"), Ok)
    assert isinstance(edit(session, clock, admin, d.id, code="W1", skill_names="Welding, Joinery"), Ok)


def test_restoring_a_descriptor_whose_code_is_taken_again_is_refused(session, clock, admin):
    gone = library_descriptor(session, code="W1", skill_names=["Welding"], deleted=True)
    library_descriptor(session, code="W1", skill_names=["welding"])
    before = snapshot(session)
    result = curation.restore_curated_descriptor(session, admin, descriptor_id=gone.id, clock=clock)
    assert_refused(result, C.VALIDATION_ERROR, TAKEN)
    assert snapshot(session) == before


def test_two_admins_creating_one_code_for_one_skill_at_once_make_one_descriptor(engine, clock, monkeypatch):
    """Both pass every check before either writes, and each checks only once the other has
    written too, if it can (a second): the write before the check (and on PostgreSQL the lock on
    the code) lets exactly one through."""
    with Session(engine, expire_on_commit=False) as setup:
        admins = [make_actor(setup, role=Role.ADMIN) for _ in range(2)]
    both_checked, both_wrote = threading.Barrier(2, timeout=10), threading.Barrier(2, timeout=1)
    real_lock, real_taken = curation._lock_code, curation._code_taken

    def lock_once_both_checked(session_, code):
        both_checked.wait()
        real_lock(session_, code)

    def taken_once_both_wrote(session_, **kwargs):
        try:
            both_wrote.wait()
        except threading.BrokenBarrierError:  # the other waits for this one's commit: as it should
            pass
        return real_taken(session_, **kwargs)

    monkeypatch.setattr(curation, "_lock_code", lock_once_both_checked)
    monkeypatch.setattr(curation, "_code_taken", taken_once_both_wrote)
    results = []

    def admin_creates(actor):
        with Session(engine, expire_on_commit=False) as own:
            results.append(create(own, clock, actor, code="R1", skill_names="Robotics"))

    threads = [threading.Thread(target=admin_creates, args=(a,)) for a in admins]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(type(r).__name__ for r in results) == ["Err", "Ok"]
    assert next(r for r in results if isinstance(r, Err)).message == TAKEN
    with Session(engine) as check:
        assert len(check.exec(sa.select(Descriptor.id).where(Descriptor.code == "R1")).all()) == 1


# --- unexpected failures -------------------------------------------------------------------------


def _database_fails(*_args, **_kwargs):
    raise sa.exc.OperationalError("INSERT INTO audit_log ...", {}, Exception("disk I/O error"))


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("create", "Unable to create descriptor"),
        ("update", "Unable to update descriptor"),
        ("delete", "Unable to delete descriptor"),
        ("restore", "Unable to restore descriptor"),
    ],
)
def test_a_database_failure_is_rolled_back_logged_and_told_in_the_origins_words(
    session, clock, admin, monkeypatch, caplog, command, message
):
    live = library_descriptor(session, skill_names=["Welding"])
    gone = library_descriptor(session, skill_names=["Joinery"], deleted=True)
    before = snapshot(session)
    monkeypatch.setattr(curation, "record", _database_fails)  # the audit row, after the write
    run = {
        "create": lambda: create(session, clock, admin, code="N1"),
        "update": lambda: edit(session, clock, admin, live.id, code="N2"),
        "delete": lambda: curation.delete_curated_descriptor(session, admin, descriptor_id=live.id, clock=clock),
        "restore": lambda: curation.restore_curated_descriptor(session, admin, descriptor_id=gone.id, clock=clock),
    }
    with caplog.at_level(logging.ERROR, logger=curation.__name__):
        result = run[command]()
    assert_refused(result, C.SERVER_ERROR, message)
    assert snapshot(session) == before
    assert [r.exc_info[0] for r in caplog.records] == [sa.exc.OperationalError]


# --- update ----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [None, B.APPROVED])
def test_admin_edits_a_library_descriptor_and_the_edit_is_audited(session, clock, admin, status):
    d = library_descriptor(session, status=status)
    clock.advance(minutes=5)
    result = edit(
        session,
        clock,
        admin,
        d.id,
        expected_version=1,
        criterion_name="Weld seam finish",
        score0=None,
        quality=QualityIndicator.GOOD,
    )
    assert isinstance(result, Ok), result
    assert (result.value.row_version, result.value.updated_at) == (2, clock.now())
    d = fresh(session, Descriptor, d.id)
    assert (d.criterion_name, d.score0, d.quality_indicator, d.batch_status, d.row_version) == (
        "Weld seam finish",
        None,
        QualityIndicator.GOOD,
        status,
        2,
    )
    [entry] = audit_for(session, AuditAction.DESCRIPTOR_UPDATED)
    assert (entry.actor_id, entry.target_id, entry.target_title, entry.details) == (
        admin.user_id,
        d.id,
        "Weld seam finish",
        {"code": "A1", "quality": "GOOD", "rowVersion": 2},
    )


def test_an_edit_without_a_quality_keeps_the_stored_one(session, clock, admin):
    d = library_descriptor(session, status=B.APPROVED)
    edit(session, clock, admin, d.id)
    assert fresh(session, Descriptor, d.id).quality_indicator == QualityIndicator.GOOD


def test_an_edit_from_a_stale_form_is_a_conflict_and_writes_nothing(session, clock, admin):
    d = library_descriptor(session)
    assert isinstance(edit(session, clock, admin, d.id, expected_version=1, code="A2"), Ok)
    before = snapshot(session)
    assert_refused(edit(session, clock, admin, d.id, expected_version=1, code="A3"), C.CONFLICT, e.DESCRIPTOR_CHANGED)
    assert snapshot(session) == before


def test_an_edit_that_loses_the_race_is_a_conflict(session, clock, admin, monkeypatch):
    d = library_descriptor(session)
    real = curation._curatable

    def read_then_someone_saves(session_, descriptor_id, *, deleted):
        found = real(session_, descriptor_id, deleted=deleted)
        # Another admin's save lands between the read and the write; the copy read stays as it was.
        bump = update(Descriptor).where(Descriptor.id == d.id).values(row_version=Descriptor.row_version + 1)
        session_.exec(bump.execution_options(synchronize_session=False))
        session_.commit()
        monkeypatch.setattr(curation, "_curatable", real)
        return found

    monkeypatch.setattr(curation, "_curatable", read_then_someone_saves)
    assert_refused(edit(session, clock, admin, d.id, code="A9"), C.CONFLICT, e.DESCRIPTOR_CHANGED)
    assert fresh(session, Descriptor, d.id).code != "A9"
    assert audit_for(session, AuditAction.DESCRIPTOR_UPDATED) == []


@pytest.mark.parametrize("status", [B.DRAFT, B.PENDING_REVIEW, B.RETURNED])
def test_an_scm_descriptor_still_in_the_workflow_cannot_be_curated(session, clock, admin, scm, status):
    d = make_descriptor(session, scm, status=status)
    before = snapshot(session)
    assert_refused(edit(session, clock, admin, d.id), C.DESCRIPTOR_NOT_EDITABLE)
    assert_refused(
        curation.delete_curated_descriptor(session, admin, descriptor_id=d.id, clock=clock),
        C.DESCRIPTOR_NOT_EDITABLE,
        e.DESCRIPTOR_NOT_DELETABLE,
    )
    assert snapshot(session) == before


def test_a_deleted_or_missing_descriptor_cannot_be_edited(session, clock, admin):
    gone = library_descriptor(session, deleted=True)
    before = snapshot(session)
    assert_refused(edit(session, clock, admin, gone.id), C.DESCRIPTOR_NOT_EDITABLE)
    assert_refused(edit(session, clock, admin, "no-such-id"), C.DESCRIPTOR_NOT_EDITABLE)
    assert snapshot(session) == before


# --- delete / restore ------------------------------------------------------------------------


def test_admin_soft_deletes_and_restores_a_descriptor_with_audit_rows(session, clock, admin):
    d = library_descriptor(session, criterion_name="Safe use of tools")
    clock.advance(hours=1)
    assert curation.delete_curated_descriptor(session, admin, descriptor_id=d.id, clock=clock) == Ok(d.id)
    row = fresh(session, Descriptor, d.id)
    assert (row.deleted_at.replace(tzinfo=None), row.deleted_by, row.row_version) == (
        clock.now().replace(tzinfo=None),
        admin.user_id,
        2,
    )
    [deleted] = audit_for(session, AuditAction.DESCRIPTOR_DELETED)
    assert (deleted.actor_id, deleted.target_id, deleted.target_title, deleted.details) == (
        admin.user_id,
        d.id,
        "Safe use of tools",
        {"code": d.code},
    )

    assert curation.restore_curated_descriptor(session, admin, descriptor_id=d.id, clock=clock) == Ok(d.id)
    row = fresh(session, Descriptor, d.id)
    assert (row.deleted_at, row.deleted_by, row.row_version) == (None, None, 3)
    [restored] = audit_for(session, AuditAction.DESCRIPTOR_UPDATED)
    assert (restored.actor_id, restored.target_id, restored.details) == (
        admin.user_id,
        d.id,
        {"code": d.code, "restored": True},
    )


def test_deleting_twice_or_restoring_a_live_descriptor_is_refused(session, clock, admin):
    live, gone = library_descriptor(session), library_descriptor(session, deleted=True)
    before = snapshot(session)
    assert_refused(
        curation.delete_curated_descriptor(session, admin, descriptor_id=gone.id, clock=clock),
        C.DESCRIPTOR_NOT_EDITABLE,
        e.DESCRIPTOR_NOT_DELETABLE,
    )
    assert_refused(
        curation.restore_curated_descriptor(session, admin, descriptor_id=live.id, clock=clock),
        C.DESCRIPTOR_NOT_EDITABLE,
        e.DESCRIPTOR_NOT_RESTORABLE,
    )
    assert_refused(
        curation.delete_curated_descriptor(session, admin, descriptor_id="", clock=clock),
        C.VALIDATION_ERROR,
        e.DESCRIPTOR_ID_REQUIRED,
    )
    assert snapshot(session) == before


# --- similar descriptors ---------------------------------------------------------------------


def test_a_near_duplicate_is_found_with_its_skills_and_an_unrelated_name_is_not(session, admin):
    near = library_descriptor(
        session, criterion_name="Quality of the weld seam", code="W1", skill_names=["Welding", "Metal"]
    )
    library_descriptor(session, criterion_name="Customer communication")
    library_descriptor(session, criterion_name="Quality of weld seams", deleted=True)
    found = curation.similar_descriptors(session, admin, criterion_name="Quality of weld seam")
    assert [(s.id, s.code, s.criterion_name, s.skill_names) for s in found] == [
        (near.id, "W1", "Quality of the weld seam", ("Welding", "Metal"))
    ]
    assert 40 < found[0].percent <= 100


def test_a_name_of_three_characters_is_checked_and_one_of_two_is_not(session, admin):
    saws = library_descriptor(session, criterion_name="Saws")  # 3 of 6 trigrams shared: 0.5
    assert [s.id for s in curation.similar_descriptors(session, admin, criterion_name="Saw")] == [saws.id]
    assert curation.similar_descriptors(session, admin, criterion_name="Sa") == []


def test_the_current_descriptor_is_left_out_when_editing(session, admin):
    d = library_descriptor(session, criterion_name="Quality of weld seam")
    assert [s.id for s in curation.similar_descriptors(session, admin, criterion_name=d.criterion_name)] == [d.id]
    assert curation.similar_descriptors(session, admin, criterion_name=d.criterion_name, exclude_id=d.id) == []


def test_the_threshold_is_strictly_above_0_4_and_at_most_five_are_listed(session, admin):
    for n in range(7):
        library_descriptor(session, criterion_name=f"Weld seam quality check {n}")
    found = curation.similar_descriptors(session, admin, criterion_name="Weld seam quality check")
    assert len(found) == 5
    assert all(s.percent > 40 for s in found)
    assert curation.similar_descriptors(session, admin, criterion_name="Weld") == []


@pytest.mark.parametrize("role", [Role.SUBMITTER, Role.SCM, Role.SA])
def test_only_curators_get_similar_descriptors_which_read_drafts_of_every_scm(session, role):
    library_descriptor(session, criterion_name="Quality of the weld seam")
    reader = make_actor(session, role=role)
    assert curation.similar_descriptors(session, reader, criterion_name="Quality of weld seam") == []


# --- the curation list ---------------------------------------------------------------------------


def test_the_list_is_the_live_library_by_code(session, admin, scm):
    for code in ("B2", "A10", "A2"):
        library_descriptor(session, code=code)
    library_descriptor(session, code="A1", status=B.APPROVED)
    library_descriptor(session, code="A0", deleted=True)
    for status in (B.DRAFT, B.PENDING_REVIEW, B.RETURNED):
        make_descriptor(session, scm, status=status, code=f"S-{status.value}")
    result = listed(session, admin)
    assert [d.code for d in result.value.items] == ["A1", "A10", "A2", "B2"]
    assert (result.value.total, result.value.more, result.value.page) == (4, False, 1)


def test_the_list_carries_what_the_form_starts_from(session, admin, section):
    d = library_descriptor(
        session,
        code="W1",
        skill_names=["Welding"],
        categories=["Safety"],
        sector="Manufacturing",
        wsos_section_id=section.id,
        quality_indicator=QualityIndicator.EXCELLENT,
    )
    [row] = listed(session, admin).value.items
    assert (row.id, row.skill_names, row.categories, row.sector, row.section_id, row.section_name) == (
        d.id,
        ["Welding"],
        ["Safety"],
        "Manufacturing",
        section.id,
        "Work Organisation and Management",
    )
    assert (row.quality, row.source, row.row_version, row.deleted_at, row.tags) == (
        "EXCELLENT",
        "SCM",
        1,
        None,
        ["safety"],
    )


def test_deleted_shows_only_soft_deleted_library_descriptors_most_recent_first(session, admin, scm, clock):
    library_descriptor(session, code="L1")
    older = library_descriptor(session, code="D1")
    newer = library_descriptor(session, code="D2")
    make_descriptor(session, scm, status=B.DRAFT, code="S1", deleted=True)  # an SCM's own draft, not curation's
    curation.delete_curated_descriptor(session, admin, descriptor_id=newer.id, clock=clock)
    clock.advance(hours=1)
    curation.delete_curated_descriptor(session, admin, descriptor_id=older.id, clock=clock)
    result = listed(session, admin, deleted=True)
    assert [d.code for d in result.value.items] == ["D1", "D2"]
    assert result.value.items[0].deleted_at is not None
    assert codes(session, admin) == ["L1"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"skill": "welding"}, ["W1", "W2"]),  # one item of the list, without case
        ({"skill": "Weld"}, []),  # not a part of one
        ({"skill": "zürich"}, ["J1"]),  # non-ASCII as stored, ASCII letters without case
        ({"skill": 'Weld"ing'}, []),
        ({"sector": "manufacturing"}, ["W1"]),
        ({"category": "SAFETY"}, ["J1", "W2"]),
        ({"tag": "Measurement"}, ["W1"]),
        ({"quality": "GOOD"}, ["J1"]),
        ({"quality": "excellent"}, ["W2"]),
        ({"skill": "Welding", "category": "Safety"}, ["W2"]),  # filters combine
        ({"query": "w2"}, ["W2"]),  # in the code
        ({"query": "SEAM"}, ["W1"]),  # in the name
        ({"query": "porosity"}, ["W2"]),  # in a level
        ({"query": "100%"}, ["J1"]),  # wildcards are taken as typed
        ({"query": "a_b"}, []),
        ({"query": "  "}, ["J1", "W1", "W2"]),
    ],
)
def test_each_filter_narrows_the_list(session, admin, filters, expected):
    library_descriptor(
        session,
        code="W1",
        criterion_name="Quality of weld seam",
        skill_names=["Welding"],
        sector="Manufacturing",
        tags=["measurement"],
        quality_indicator=QualityIndicator.REFERENCE,
    )
    library_descriptor(
        session,
        code="W2",
        criterion_name="Root penetration",
        skill_names=["Welding", "Joinery"],
        categories=["Safety"],
        score2="No porosity visible",
        sector="Construction",
        quality_indicator=QualityIndicator.EXCELLENT,
    )
    library_descriptor(
        session,
        code="J1",
        criterion_name="Joints fit 100% of the time",
        skill_names=["Joinery", "Zürich"],
        categories=["Safety", "Fit"],
        quality_indicator=QualityIndicator.GOOD,
    )
    assert codes(session, admin, **filters) == expected


def test_an_unknown_quality_or_an_oversized_filter_is_refused(session, admin):
    assert_refused(listed(session, admin, quality="SUPERB"), C.VALIDATION_ERROR, e.QUALITY_INVALID)
    assert_refused(listed(session, admin, skill="s" * 201), C.VALIDATION_ERROR)
    assert_refused(
        listed(session, admin, query="nul\x00"),
        C.VALIDATION_ERROR,
        "This field contains characters that cannot be stored.",
    )


def test_the_list_is_paged_and_a_page_past_the_end_is_the_last(session, admin):
    for n in range(5):
        library_descriptor(session, code=f"P{n}")
    second = listed(session, admin, page=2, page_size=2).value
    assert ([d.code for d in second.items], second.total, second.total_pages) == (["P2", "P3"], 5, 3)
    last = listed(session, admin, page=99, page_size=2).value
    assert ([d.code for d in last.items], last.page) == (["P4"], 3)
    capped = listed(session, admin, page_size=10_000).value
    assert capped.page_size == curation_queries.MAX_PAGE_SIZE


def test_the_form_offers_sections_by_name_and_the_known_skills_and_sectors(session, admin, scm):
    sa_user = make_actor(session, role=Role.SA)
    make_section(session, scm, name="b section")
    make_section(session, scm, name="A section")
    for name, sector in (("Welding", "Manufacturing"), ("Joinery", "Construction"), ("Bricklaying", "Construction")):
        session.add(Skill(name=name, sector=sector, sa_id=sa_user.user_id))
    session.commit()
    choices = curation_queries.curation_choices(session, admin)
    assert [name for _, name in choices.sections] == ["A section", "b section"]
    assert (choices.skills, choices.sectors) == (
        ["Bricklaying", "Joinery", "Welding"],
        ["Construction", "Manufacturing"],
    )
