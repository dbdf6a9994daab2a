"""The audit log page: filters, paging and the CSV export (SPEC §5 /admin/audit)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from tests.factories import make_actor
from workflow_app.core import audit_log
from workflow_app.core.errors import ErrorCode
from workflow_app.models import AuditAction, AuditLog, Role

A = AuditAction
T0 = datetime(2026, 1, 10, 9, 30, tzinfo=UTC)


@pytest.fixture
def admin(session):
    return make_actor(session, role=Role.ADMIN, display_name="Ada Admin")


def entry(
    session,
    at=T0,
    *,
    actor_name="Ada Admin",
    action=A.IDEA_CREATED,
    target_type="idea",
    target_id="idea-1",
    target_title="Bike racks",
    details=None,
) -> AuditLog:
    row = AuditLog(
        actor_id=None,
        actor_name=actor_name,
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_title=target_title,
        details=details or {},
        created_at=at,
    )
    session.add(row)
    session.commit()
    return row


def search(session, actor, **filters):
    result = audit_log.search_audit_log(session, actor, **filters)
    assert result.ok, result
    return result.value


def ids(page) -> list[int]:
    return [row.id for row in page.items]


def parsed(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


# --- who may look ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.SUBMITTER, Role.SCM, Role.SA])
def test_non_admins_may_neither_search_nor_export_the_log(session, role):
    entry(session)
    outsider = make_actor(session, role=role)

    for result in (audit_log.search_audit_log(session, outsider), audit_log.audit_csv(session, outsider)):
        assert result.code == ErrorCode.FORBIDDEN_ROLE
        assert result.message == "You don't have permission to perform this action."


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SUPERADMIN])
def test_admins_and_superadmins_see_the_log(session, role):
    written = entry(session)

    assert ids(search(session, make_actor(session, role=role))) == [written.id]


# --- order and pages -----------------------------------------------------------------------------


def test_the_newest_entry_comes_first_and_ties_keep_a_stable_order(session, admin):
    old = entry(session, T0)
    tie_a = entry(session, T0 + timedelta(hours=1))
    tie_b = entry(session, T0 + timedelta(hours=1))
    new = entry(session, T0 + timedelta(days=1))

    assert ids(search(session, admin)) == [new.id, tie_b.id, tie_a.id, old.id]


def test_a_row_carries_everything_the_page_shows(session, admin):
    written = entry(
        session,
        actor_name="Sol Super",
        action=A.IDEA_REVIEWED,
        target_id="abc",
        target_title="Bike racks",
        details={"decision": "ACCEPTED"},
    )

    [row] = search(session, admin).items

    assert (
        row.id,
        row.created_at,
        row.actor_name,
        row.action,
        row.target_type,
        row.target_id,
        row.target_title,
        row.details,
    ) == (written.id, T0, "Sol Super", "IDEA_REVIEWED", "idea", "abc", "Bike racks", {"decision": "ACCEPTED"})


def test_the_log_is_paged_fifty_at_a_time_and_a_page_past_the_end_is_empty(session, admin):
    written = [entry(session, T0 + timedelta(minutes=i)).id for i in range(120)]
    newest_first = written[::-1]

    first, second, third, beyond = (search(session, admin, page=n) for n in (1, 2, 3, 9))

    assert ids(first) == newest_first[:50] and ids(second) == newest_first[50:100]
    assert ids(third) == newest_first[100:]
    assert (beyond.items, beyond.page, beyond.total, beyond.total_pages) == ([], 9, 120, 3)
    assert (first.page_size, first.total) == (50, 120)
    assert search(session, admin, page=0).page == 1


# --- filters, each alone ---------------------------------------------------------------------------


def test_the_actor_filter_matches_part_of_the_name_in_any_case(session, admin):
    ada = entry(session, actor_name="Ada Admin")
    sol = entry(session, actor_name="Sol Super")
    system = entry(session, actor_name="system")

    assert ids(search(session, admin, actor_query="  aDA ")) == [ada.id]
    assert set(ids(search(session, admin, actor_query="S"))) == {sol.id, system.id}
    assert ids(search(session, admin, actor_query="MIN")) == [ada.id]
    assert search(session, admin, actor_query="").total == 3


@pytest.mark.parametrize(
    ("cap", "reach"),
    [(3, 0), (3, 1000), (1000, 0)],
    ids=["past-the-reach", "past-the-cap-within-the-reach", "within-the-cap"],
)
@pytest.mark.parametrize("action", ["", "IDEA_REVIEWED"])
def test_the_actor_filter_pages_newest_first_whether_or_not_the_matches_pass_the_count_cap(
    session, admin, monkeypatch, cap, reach, action
):
    """Within the reach the matching names' entries come from their index and are sorted; past it
    the log is read newest first. Both give the same pages, the same ties (same moment: newer id
    first) and the totals they promise (capped past the count's cap)."""
    monkeypatch.setattr(audit_log, "count_cap", lambda page, page_size: cap)
    monkeypatch.setattr(audit_log, "ACTOR_REACH", reach)
    names = ["Ada Admin", "Bea Admin", "Cy Other", "Dee ADMINS", "Eve"]
    actions = [A.IDEA_REVIEWED, A.IDEA_CREATED]
    written = [
        entry(session, T0 + timedelta(minutes=n // 2), actor_name=names[n % 5], action=actions[n % 3 % 2])
        for n in range(40)
    ]
    wanted = [
        row.id
        for row in sorted(written, key=lambda row: (row.created_at, row.id), reverse=True)
        if "admin" in row.actor_name.lower() and (not action or row.action == action)
    ]

    pages = [search(session, admin, actor_query="ADMIN", action=action, page=n, page_size=4) for n in range(1, 8)]

    assert [row_id for page in pages for row_id in ids(page)] == wanted
    exact = len(wanted) <= cap
    assert {(page.total, page.more) for page in pages} == {(len(wanted), False) if exact else (cap, True)}


def test_the_actor_filter_finds_names_among_many_distinct_ones(session, admin):
    for n in range(60):
        entry(session, actor_name=f"Person {n:02d}")

    page = search(session, admin, actor_query="person 4")

    assert sorted(row.actor_name for row in page.items) == [f"Person 4{n}" for n in range(10)]
    assert search(session, admin, actor_query="nobody").total == 0


def test_the_actor_filter_takes_percent_and_underscore_literally(session, admin):
    literal = entry(session, actor_name="100% Bob_by")
    entry(session, actor_name="1000 Bobby")

    assert ids(search(session, admin, actor_query="0% bob_")) == [literal.id]
    assert ids(search(session, admin, actor_query="%")) == [literal.id]


def test_the_action_filter_matches_one_action_exactly(session, admin):
    started = entry(session, action=A.IDEA_REVIEW_STARTED)
    entry(session, action=A.IDEA_REVIEWED)
    entry(session, action=A.IDEA_CREATED)

    assert ids(search(session, admin, action="IDEA_REVIEW_STARTED")) == [started.id]


def test_an_unknown_action_is_a_validation_error(session, admin):
    result = audit_log.search_audit_log(session, admin, action="IDEA_REVIEW")

    assert result.code == ErrorCode.VALIDATION_ERROR
    assert result.field_errors == {"action": "Choose an action from the list."}


def test_the_target_filter_matches_an_exact_id_a_type_or_part_of_the_title(session, admin):
    by_id = entry(session, target_id="f00d", target_title="Quiet hours")
    by_title = entry(session, target_id="beef", target_title="Bike RACKS by the door")
    by_type = entry(session, target_type="user", target_id="u1", target_title="Ada")

    assert ids(search(session, admin, target="f00d")) == [by_id.id]
    assert ids(search(session, admin, target="f00")) == []  # ids match whole, not in part
    assert ids(search(session, admin, target="racks")) == [by_title.id]
    assert ids(search(session, admin, target="user")) == [by_type.id]


def test_the_date_range_includes_both_whole_days_in_utc(session, admin):
    day = date(2026, 1, 10)
    midnight = datetime(2026, 1, 10, tzinfo=UTC)
    just_before = entry(session, midnight - timedelta(microseconds=1))
    first = entry(session, midnight)
    last = entry(session, midnight + timedelta(days=1) - timedelta(microseconds=1))
    just_after = entry(session, midnight + timedelta(days=1))

    assert ids(search(session, admin, date_from=day, date_to=day)) == [last.id, first.id]
    assert ids(search(session, admin, date_from=day)) == [just_after.id, last.id, first.id]
    assert ids(search(session, admin, date_to=day)) == [last.id, first.id, just_before.id]
    assert search(session, admin, date_from=day + timedelta(days=1), date_to=day + timedelta(days=1)).total == 1


def test_an_end_date_before_the_start_date_is_a_validation_error(session, admin):
    result = audit_log.search_audit_log(session, admin, date_from=date(2026, 1, 10), date_to=date(2026, 1, 9))

    assert result.code == ErrorCode.VALIDATION_ERROR
    assert result.field_errors == {"date_to": "The end date must be on or after the start date."}


# --- filters combined ----------------------------------------------------------------------------


def test_filters_combine_so_every_one_must_match(session, admin):
    match = entry(session, T0, actor_name="Ada Admin", action=A.IDEA_REVIEWED, target_title="Bike racks")
    entry(session, T0, actor_name="Sol Super", action=A.IDEA_REVIEWED, target_title="Bike racks")
    entry(session, T0, actor_name="Ada Admin", action=A.IDEA_CREATED, target_title="Bike racks")
    entry(session, T0, actor_name="Ada Admin", action=A.IDEA_REVIEWED, target_title="Quiet hours")
    entry(session, T0 + timedelta(days=2), actor_name="Ada Admin", action=A.IDEA_REVIEWED, target_title="Bikes")

    page = search(
        session, admin, actor_query="ada", action="IDEA_REVIEWED", target="bike", date_from=T0.date(), date_to=T0.date()
    )

    assert ids(page) == [match.id] and page.total == 1


# --- CSV -----------------------------------------------------------------------------------------------


def test_the_csv_has_a_header_and_one_line_per_entry_newest_first(session, admin):
    entry(
        session,
        T0,
        actor_name="Ada Admin",
        action=A.IDEA_CREATED,
        target_id="i1",
        target_title="Bike racks",
        details={"visibility": "PUBLIC", "category": "cost-reduction"},
    )
    entry(
        session,
        T0 + timedelta(hours=1, microseconds=5),
        actor_name="Sol Super",
        action=A.USER_ROLE_CHANGED,
        target_type="user",
        target_id=None,
        target_title='Ada "the admin", jr.',
    )

    text = audit_log.audit_csv(session, admin).value

    assert parsed(text) == [
        ["time", "actor", "action", "target_type", "target_id", "target_title", "details"],
        ["2026-01-10T10:30:00Z", "Sol Super", "USER_ROLE_CHANGED", "user", "", 'Ada "the admin", jr.', "{}"],
        [
            "2026-01-10T09:30:00Z",
            "Ada Admin",
            "IDEA_CREATED",
            "idea",
            "i1",
            "Bike racks",
            '{"category": "cost-reduction", "visibility": "PUBLIC"}',
        ],
    ]
    assert json.loads(parsed(text)[2][6]) == {"visibility": "PUBLIC", "category": "cost-reduction"}


TRICKY = [
    "plain",
    "a, b",
    'say "hi"',
    "two\nlines",
    "cr\rhere",
    "ünïcode ✓ 中文",
    "=1+1",
    "-2",
    "@x",
    "tab\tin",
    " lead",
]


def test_the_csv_text_is_exactly_what_csv_writer_makes_of_the_cells(session, admin):
    """The export joins plain lines itself and lets the database format and defuse cells; byte
    for byte it must be csv.writer over the cells as SPEC §5 defines them."""
    for i, text in enumerate(TRICKY):
        details = {"note": text, "n": -1, "é": [1, 2]} if i % 2 else {}
        entry(
            session,
            T0 + timedelta(minutes=i),
            actor_name=text,
            target_type=text,
            target_id=text,
            target_title=text,
            details=details,
        )
    entry(session, T0 + timedelta(hours=1), target_id=None, details={"z": 1, "a": "ß"})

    expected = io.StringIO()
    writer = csv.writer(expected)
    writer.writerow(audit_log.CSV_HEADER)
    for row in sorted(session.exec(select(AuditLog)).all(), key=lambda r: (r.created_at, r.id), reverse=True):
        cells = [
            row.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            row.actor_name,
            row.action.value,
            row.target_type,
            row.target_id or "",
            row.target_title,
            json.dumps(row.details, sort_keys=True, ensure_ascii=False),
        ]
        writer.writerow(["'" + cell if cell.startswith(audit_log.FORMULA_STARTS) else cell for cell in cells])

    assert audit_log.audit_csv(session, admin).value == expected.getvalue()


def test_the_csv_holds_every_filtered_entry_not_just_one_page(session, admin):
    for i in range(75):
        entry(session, T0 + timedelta(minutes=i), action=A.DRAFT_SAVED if i % 3 else A.DRAFT_DELETED)

    lines = parsed(audit_log.audit_csv(session, admin, action="DRAFT_SAVED").value)

    assert len(lines) == 1 + 50
    assert {line[2] for line in lines[1:]} == {"DRAFT_SAVED"}


def test_the_csv_is_read_in_chunks_that_neither_skip_nor_repeat_entries(session, admin, monkeypatch):
    monkeypatch.setattr(audit_log, "CSV_CHUNK", 7)
    written = [entry(session, T0 if i < 10 else T0 + timedelta(seconds=i), target_id=f"t{i}") for i in range(23)]

    result = audit_log.audit_csv_chunks(session, admin, filters=audit_log.AuditFilters())
    pieces = list(result.value)

    assert len(pieces) == 1 + 4  # header, then 7 + 7 + 7 + 2
    exported = [line[4] for line in parsed("".join(pieces))[1:]]
    expected = sorted(written, key=lambda row: (row.created_at, row.id), reverse=True)
    assert exported == [row.target_id for row in expected]


@pytest.mark.parametrize("dangerous", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd"])
def test_cells_that_a_spreadsheet_would_run_as_formulas_are_defused(session, admin, dangerous):
    entry(session, actor_name=dangerous, target_title=dangerous, target_type="idea", target_id="x")

    [_, line] = parsed(audit_log.audit_csv(session, admin).value)

    assert line[1] == "'" + dangerous and line[5] == "'" + dangerous
    assert search(session, admin).items[0].actor_name == dangerous  # the page shows the text as typed


def test_harmless_cells_are_left_exactly_as_they_are(session, admin):
    entry(session, actor_name="Ada Admin", target_title="Cost 1=2 and a-b")

    [_, line] = parsed(audit_log.audit_csv(session, admin).value)

    assert (line[1], line[5]) == ("Ada Admin", "Cost 1=2 and a-b")


def test_an_export_with_nothing_matching_is_just_the_header(session, admin):
    entry(session)

    text = audit_log.audit_csv(session, admin, actor_query="nobody").value

    assert parsed(text) == [list(audit_log.CSV_HEADER)]


def test_the_csv_refuses_the_same_bad_filters_as_the_page(session, admin):
    assert audit_log.audit_csv(session, admin, action="NOPE").code == ErrorCode.VALIDATION_ERROR
    assert (
        audit_log.audit_csv(session, admin, date_from=date(2026, 2, 1), date_to=date(2026, 1, 1)).code
        == ErrorCode.VALIDATION_ERROR
    )
