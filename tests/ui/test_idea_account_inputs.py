"""What the idea and account pages do with arguments no honest browser sends (SPEC §6).

Every handler is called on a real Reflex state, with the gateway replaced by a recorder: a
refused argument must set the field's message, store nothing and reach no worker thread.
"""

from __future__ import annotations

import asyncio

import pytest

from tests.ui.helpers import NOT_A_DICT, WRONG_TYPES, run, state_of
from workflow_app.accounts.pages import login
from workflow_app.accounts.pages.admin_audit import AuditLogState, checked_filters
from workflow_app.accounts.pages.login import EMAIL_INPUT_MAX, PASSWORD_INPUT_MAX, LoginState
from workflow_app.accounts.pages.register import DISPLAY_NAME_INPUT_MAX, RegisterState
from workflow_app.accounts.pages.settings import SettingsState
from workflow_app.api.audit_export import DATE_UNREADABLE
from workflow_app.core import errors as e
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.core.result import Ok, err
from workflow_app.ideas.pages.admin import PAGE_MAX as ADMIN_PAGE_MAX
from workflow_app.ideas.pages.admin import AdminDashboardState
from workflow_app.ideas.pages.idea_detail import CONFIRM_INPUT_MAX, IdeaDetailState
from workflow_app.ideas.pages.idea_editor_state import IdeaEditorState
from workflow_app.ideas.pages.ideas_list import PAGE_MAX as IDEAS_PAGE_MAX
from workflow_app.ideas.pages.ideas_list import IdeasListState
from workflow_app.ideas.pages.my_ideas import SUBMITTED, MyIdeasState
from workflow_app.ui import gateway, inputs
from workflow_app.ui.pages.notifications import NotificationLine, NotificationsState


def is_redirect(event) -> bool:
    return event.handler.fn.__qualname__ == "_redirect"


def redirect_path(event) -> str:
    assert is_redirect(event), event
    return dict((name._js_expr, value._var_value) for name, value in event.args)["path"]


def sign_in_form(**fields) -> dict:
    return {"email": "ada@example.com", "password": "Secret123"} | fields


def register_form(**fields) -> dict:
    return {
        "email": "ada@example.com",
        "display_name": "Ada",
        "password": "Secret123",
        "confirm_password": "Secret123",
    } | fields


def password_form(**fields) -> dict:
    return {"current_password": "Secret123", "new_password": "Secret456", "confirm_password": "Secret456"} | fields


# --- the shared form check -------------------------------------------------------------------


def test_check_form_keeps_good_fields_refuses_bad_ones_and_ignores_unknown_ones():
    fields = {"a": (3, "A too long"), "b": (3, "B too long"), "c": (3, "C too long")}
    values, refused = inputs.form({"a": "abc", "b": "abcd", "c": ["x"], "zzz": "x" * 10_000}, fields)
    assert values == {"a": "abc"}
    assert refused == {"b": "B too long", "c": inputs.NOT_TEXT}


def test_check_form_counts_a_missing_field_as_empty_and_refuses_anything_but_a_dict():
    assert inputs.form({}, {"a": (3, "A too long")}) == ({"a": ""}, {})
    assert inputs.form(["a"], {"a": (3, "A too long")}) is None


# --- /login ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "limit", "message", "error_var"),
    [
        ("email", EMAIL_INPUT_MAX, e.EMAIL_INVALID, "email_error"),
        ("password", PASSWORD_INPUT_MAX, e.PASSWORD_TOO_LONG, "password_error"),
    ],
)
def test_sign_in_refuses_an_oversized_field_with_its_message_and_does_no_work(work, name, limit, message, error_var):
    state = state_of(LoginState)
    events = run(state.submit(sign_in_form(**{name: "a" * (limit + 1)})))
    assert getattr(state, error_var) == message
    assert work.calls == [] and events == [] and state.signing_in is False


@pytest.mark.parametrize("bad", WRONG_TYPES)
@pytest.mark.parametrize(("name", "error_var"), [("email", "email_error"), ("password", "password_error")])
def test_sign_in_refuses_a_wrong_typed_field_as_not_text_and_does_no_work(work, name, error_var, bad):
    state = state_of(LoginState)
    run(state.submit(sign_in_form(**{name: bad})))
    assert getattr(state, error_var) == inputs.NOT_TEXT
    assert work.calls == [] and state.signing_in is False


@pytest.mark.parametrize("bad", NOT_A_DICT)
def test_sign_in_refuses_form_data_that_is_not_a_dict(work, bad):
    state = state_of(LoginState)
    run(state.submit(bad))
    assert state.login_error == message_for(ErrorCode.VALIDATION_ERROR)
    assert work.calls == []


def test_sign_in_hands_the_checked_fields_to_the_anonymous_gateway(work):
    work.value = err(ErrorCode.INVALID_CREDENTIALS)
    state = state_of(LoginState)
    run(state.submit(sign_in_form()))
    assert [kwargs for _, kwargs in work.calls] == [{"email": "ada@example.com", "password": "Secret123"}]
    assert state.login_error == message_for(ErrorCode.INVALID_CREDENTIALS) and state.signing_in is False


def test_a_third_sign_in_at_once_is_turned_away_after_the_wait_and_does_no_work(monkeypatch):
    assert login.SIGN_IN_SLOTS == 2
    monkeypatch.setattr(login, "SIGN_IN_WAIT_SECONDS", 0.2)
    running: list[int] = []
    peak = [0]

    async def scenario():
        monkeypatch.setattr(login, "_sign_in_slots", asyncio.Semaphore(login.SIGN_IN_SLOTS))
        release = asyncio.Event()

        async def slow_sign_in(_work, /, **_kwargs):
            running.append(1)
            peak[0] = max(peak[0], len(running))
            await release.wait()
            running.pop()
            return err(ErrorCode.INVALID_CREDENTIALS)

        monkeypatch.setattr(gateway, "anonymous", slow_sign_in)
        states = [state_of(LoginState) for _ in range(3)]

        async def submit(state):
            async for _ in state.submit(sign_in_form()):
                pass

        tasks = [asyncio.create_task(submit(state)) for state in states]
        await asyncio.sleep(0.5)  # longer than the wait: the third has given up by now
        release.set()
        await asyncio.gather(*tasks)
        later = state_of(LoginState)
        await submit(later)  # the slots were given back
        return states, later

    states, later = asyncio.run(scenario())
    assert peak == [2]
    assert [s.login_error for s in states] == [message_for(ErrorCode.INVALID_CREDENTIALS)] * 2 + [
        login.TOO_MANY_SIGN_INS
    ]
    assert states[2].signing_in is False
    assert later.login_error == message_for(ErrorCode.INVALID_CREDENTIALS)


# --- /register -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "limit", "message"),
    [
        ("email", EMAIL_INPUT_MAX, e.EMAIL_INVALID),
        ("display_name", DISPLAY_NAME_INPUT_MAX, e.DISPLAY_NAME_TOO_LONG),
        ("password", PASSWORD_INPUT_MAX, e.PASSWORD_TOO_LONG),
        ("confirm_password", PASSWORD_INPUT_MAX, e.PASSWORDS_DO_NOT_MATCH),
    ],
)
def test_register_refuses_an_oversized_field_with_its_message_and_does_no_work(work, name, limit, message):
    state = state_of(RegisterState)
    run(state.submit(register_form(**{name: "a" * (limit + 1)})))
    assert state.errors == {name: message}
    assert work.calls == [] and state.registering is False


@pytest.mark.parametrize("bad", WRONG_TYPES)
@pytest.mark.parametrize("name", ["email", "display_name", "password", "confirm_password"])
def test_register_refuses_a_wrong_typed_field_as_not_text_and_does_no_work(work, name, bad):
    state = state_of(RegisterState)
    run(state.submit(register_form(**{name: bad})))
    assert state.errors == {name: inputs.NOT_TEXT}
    assert work.calls == []


@pytest.mark.parametrize("bad", NOT_A_DICT)
def test_register_refuses_form_data_that_is_not_a_dict(work, bad):
    state = state_of(RegisterState)
    run(state.submit(bad))
    assert state.form_error == message_for(ErrorCode.VALIDATION_ERROR) and work.calls == []


# --- /settings -------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [pytest.param("a" * (DISPLAY_NAME_INPUT_MAX + 1), id="oversized"), *WRONG_TYPES])
def test_display_name_change_refuses_a_bad_name_and_keeps_the_old_one(work, bad):
    state = state_of(SettingsState)
    state.display_name = "Ada"
    events = run(state.save_display_name({"display_name": bad}))
    expected = (
        e.DISPLAY_NAME_TOO_LONG if isinstance(bad, str) and len(bad) > DISPLAY_NAME_INPUT_MAX else inputs.NOT_TEXT
    )
    assert state.name_error == expected
    assert state.display_name == "Ada" and work.calls == [] and events == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("current_password", message_for(ErrorCode.WRONG_CURRENT_PASSWORD)),
        ("new_password", e.PASSWORD_TOO_LONG),
        ("confirm_password", e.PASSWORDS_DO_NOT_MATCH),
    ],
)
def test_password_change_refuses_an_oversized_field_with_its_message_and_does_no_work(work, name, message):
    state = state_of(SettingsState)
    key = state.password_form_key
    events = run(state.change_password(password_form(**{name: "a" * (PASSWORD_INPUT_MAX + 1)})))
    assert state.password_errors == {name: message}
    assert work.calls == [] and events == [] and state.password_form_key == key


@pytest.mark.parametrize("bad", WRONG_TYPES)
@pytest.mark.parametrize("name", ["current_password", "new_password", "confirm_password"])
def test_password_change_refuses_a_wrong_typed_field_as_not_text(work, name, bad):
    state = state_of(SettingsState)
    run(state.change_password(password_form(**{name: bad})))
    assert state.password_errors == {name: inputs.NOT_TEXT} and work.calls == []


@pytest.mark.parametrize("handler", ["save_display_name", "change_password"])
def test_settings_refuse_form_data_that_is_not_a_dict(work, handler):
    state = state_of(SettingsState)
    run(getattr(state, handler)(["display_name"]))
    assert message_for(ErrorCode.VALIDATION_ERROR) in (state.name_error, state.password_form_error)
    assert work.calls == []


def test_password_change_after_the_session_ended_sends_to_sign_in_without_a_success_toast(work):
    work.actor = None
    state = state_of(SettingsState, "http://localhost:3000/settings")
    events = run(state.change_password(password_form()))
    assert len(events) == 1 and redirect_path(events[0]).startswith("/login?next=")
    assert len(work.calls) == 1 and state.password_form_key == 0


# --- /ideas/[idea_id] ------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [pytest.param("a" * (CONFIRM_INPUT_MAX + 1), id="oversized"), *WRONG_TYPES])
def test_delete_confirmation_refuses_bad_text_and_keeps_what_was_typed(bad):
    state = state_of(IdeaDetailState)
    state.set_confirm_text("Ad")
    state.set_confirm_text(bad)
    expected = e.DISPLAY_NAME_TOO_LONG if isinstance(bad, str) and len(bad) > CONFIRM_INPUT_MAX else inputs.NOT_TEXT
    assert state.delete_error == expected and state.confirm_text == "Ad"


def test_delete_confirmation_takes_good_text_and_clears_the_error():
    state = state_of(IdeaDetailState)
    state.set_confirm_text(["x"])
    state.set_confirm_text("Ada")
    assert state.confirm_text == "Ada" and state.delete_error == ""


# --- /ideas and /admin: page numbers and choices from the URL or the client ------------------


@pytest.mark.parametrize(
    ("query", "page", "category"),
    [
        ("page=abc&category=" + "x" * 65, 1, ""),
        ("page=-4", 1, ""),
        ("page=99999999999", IDEAS_PAGE_MAX, ""),
        ("page=" + "9" * 40, 1, ""),
        ("page=3&category=process", 3, "process"),
    ],
)
def test_ideas_list_caps_the_page_and_category_it_reads_from_the_url(work, query, page, category):
    work.value = err(ErrorCode.VALIDATION_ERROR)
    state = state_of(IdeasListState, f"http://localhost:3000/ideas?{query}")
    run(state.load())
    assert [kwargs for _, kwargs in work.calls] == [{"page": page, "category": category}]


@pytest.mark.parametrize(
    "bad", [*WRONG_TYPES, pytest.param("nonsense", id="unknown"), pytest.param("x" * 10_000, id="oversized")]
)
def test_choosing_an_unknown_category_shows_all_ideas(bad):
    state = state_of(IdeasListState)
    assert redirect_path(state.choose_category(bad)) == "/ideas"


@pytest.mark.parametrize(
    ("query", "page"), [("page=x", 1), ("page=0", 1), ("page=77777777777", ADMIN_PAGE_MAX), ("page=2", 2)]
)
def test_admin_dashboard_caps_the_queue_page_it_reads_from_the_url(work, query, page):
    work.value = (err(ErrorCode.FORBIDDEN_ROLE),) * 3
    state = state_of(AdminDashboardState, f"http://localhost:3000/admin?{query}")
    run(state.load())
    assert [kwargs for _, kwargs in work.calls] == [{"page": page}]
    assert state.counts == {} and state.queue == []


# --- /my-ideas -------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [*WRONG_TYPES, pytest.param("archive", id="unknown")])
def test_an_unknown_tab_opens_the_submitted_tab(bad):
    state = state_of(MyIdeasState)
    state.change_tab(bad)
    assert state.tab == SUBMITTED


@pytest.mark.parametrize(
    ("query", "status"),
    [("?status=ACCEPTED", "ACCEPTED"), ("?status=DRAFT", ""), ("?status=accepted", ""), ("?status=" + "A" * 5000, "")],
)
def test_my_ideas_asks_the_domain_for_a_known_non_draft_status_or_none(work, query, status):
    work.value = ([], [], [])
    state = state_of(MyIdeasState, "http://localhost:3000/my-ideas" + query)
    run(state.load())
    assert [kwargs for _, kwargs in work.calls] == [{"status": status}] and state.status == status


@pytest.mark.parametrize("bad", [*WRONG_TYPES, pytest.param("d" * 65, id="oversized")])
def test_deleting_a_draft_with_a_bad_pending_id_asks_the_domain_about_no_draft(work, bad):
    work.value = (err(ErrorCode.NOT_FOUND), ([], [], []))
    state = state_of(MyIdeasState)
    state.pending_delete = bad
    events = run(state.confirm_delete())
    assert [kwargs for _, kwargs in work.calls] == [{"draft_id": "", "status": ""}]
    assert state.pending_delete == "" and state.deleting is False
    assert len(events) == 1 and not is_redirect(events[0])  # the error toast, no success toast


# --- /notifications --------------------------------------------------------------------------


def test_opening_a_notification_follows_the_link_this_page_loaded(work):
    work.value = Ok(True)
    state = state_of(NotificationsState)
    state.items = [NotificationLine(id="n1", link="/ideas/i1", title="t", body="b")]
    events = run(state.open_item("n1"))
    assert [kwargs for _, kwargs in work.calls] == [{"notification_id": "n1"}]
    assert redirect_path(events[0]) == "/ideas/i1"


@pytest.mark.parametrize("bad", [*WRONG_TYPES, pytest.param("n" * 65, id="oversized")])
def test_opening_a_notification_with_a_bad_id_marks_nothing_of_the_clients_choosing(work, bad):
    work.value = err(ErrorCode.NOT_FOUND, "Notification not found")
    state = state_of(NotificationsState)
    state.items = [NotificationLine(id="n1", link="/ideas/i1", title="t", body="b")]
    events = run(state.open_item(bad))
    assert [kwargs for _, kwargs in work.calls] == [{"notification_id": ""}]
    assert len(events) == 1 and not is_redirect(events[0])  # the domain's "not found", shown as a toast


def test_marking_all_read_after_the_session_ended_sends_to_sign_in(work):
    work.actor = None
    state = state_of(NotificationsState, "http://localhost:3000/notifications")
    state.unread_notifications = 3
    events = run(state.mark_all_read())
    assert redirect_path(events[0]).startswith("/login?next=") and state.unread_notifications == 3


# --- /admin/audit ----------------------------------------------------------------------------


def test_audit_filters_drop_oversized_or_wrong_typed_search_text():
    checked = checked_filters(
        {"actor": "a" * 201, "action": ["USER_REGISTERED"], "target": "\ud800", "from": "2026-01-01", "to": ""}
    )
    assert checked == {"actor": "", "action": "", "target": "", "from": "2026-01-01", "to": ""}


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        pytest.param("2026-01-011", DATE_UNREADABLE, id="oversized"),
        *[pytest.param(p.values[0], inputs.NOT_TEXT, id=p.id) for p in WRONG_TYPES if p.values[0]],
    ],
)
@pytest.mark.parametrize("name", ["from", "to"])
def test_applying_an_unreadable_date_filter_shows_why_and_goes_nowhere(name, bad, message):
    state = state_of(AuditLogState)
    events = run(state.apply_filters({"actor": "", "action": "all", "target": "", "from": "", "to": ""} | {name: bad}))
    assert state.error == message and events == []


def test_applying_filters_keeps_the_checked_ones_in_the_url():
    state = state_of(AuditLogState)
    events = run(
        state.apply_filters(
            {"actor": "ada", "action": "all", "target": ["x"], "from": "2026-01-01", "to": "", "extra": "x" * 10_000}
        )
    )
    assert redirect_path(events[0]) == "/admin/audit?actor=ada&from=2026-01-01&page=1"


@pytest.mark.parametrize("bad", NOT_A_DICT)
def test_applying_filters_refuses_form_data_that_is_not_a_dict(bad):
    state = state_of(AuditLogState)
    events = run(state.apply_filters(bad))
    assert state.error == message_for(ErrorCode.VALIDATION_ERROR) and events == []


def test_audit_log_with_an_oversized_date_in_the_url_shows_why_and_does_no_work(work):
    state = state_of(AuditLogState, "http://localhost:3000/admin/audit?from=2026-01-01T00:00:00&actor=ada")
    run(state.load())
    assert state.error == DATE_UNREADABLE and state.entries == [] and work.calls == []


def test_audit_log_caps_the_page_it_reads_from_the_url(work):
    work.value = err(ErrorCode.FORBIDDEN_ROLE)
    state = state_of(AuditLogState, "http://localhost:3000/admin/audit?page=1e9&actor=" + "a" * 300)
    run(state.load())
    ((_, kwargs),) = work.calls
    assert kwargs["page"] == 1 and kwargs["filters"].actor_query == ""


def test_only_the_first_write_of_an_editing_session_goes_without_looking_for_its_audit_row():
    editor = state_of(IdeaEditorState, "http://localhost:3000/ideas/d1/edit")
    editor._reset_autosave()
    editor.draft_id, editor.version = "d1", 3

    _, first, _ = editor._take_for_writing()
    _, second, _ = editor._take_for_writing()  # a retry after the first write failed

    assert (first["first_attempt"], second["first_attempt"]) == (True, False)
    editor._reset_autosave()  # a new editing session (the editor opened again)
    assert editor._take_for_writing()[1]["first_attempt"] is True
