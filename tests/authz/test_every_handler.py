"""Every public event handler of every state, called over the websocket by every kind of visitor.

Any client can send any `<state>.<handler>` with any payload and any route parameters, so this
suite does exactly that against a production backend: for anonymous and each of the five roles,
every handler of the app, once with plausible arguments and once with each hostile value
(wrong types, 200,000 characters, a lone surrogate with NUL and a bidi override), with the route
parameters pointing at rows the visitor must not see. For each event it asserts:

- no traceback: the handler answered with a result, never the generic "Something went wrong";
- nothing written for a visitor outside the handler's audience (the table below), and no
  success toast for them;
- nothing of the rows a visitor may not see (another person's private idea or draft, another
  SCM's draft descriptor, another person's e-mail) in any delta that visitor received.

`AUDIENCE` lists every handler; a handler the app gains without an entry fails
`test_the_table_lists_every_public_handler`.
"""

from __future__ import annotations

import asyncio
import hashlib
import inspect
import json
import tempfile
import uuid
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from alembic import command
from sqlmodel import Session, SQLModel

from tests.descriptors.descriptor_helpers import make_descriptor
from tests.factories import make_idea, make_user
from tests.faults.helpers import session_cookie
from tests.support.reflex_ws import FIELD_MARKER, NAMESPACE, ReflexClient, router_data
from tests.support.servers import Backend
from workflow_app import demo
from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.db import make_engine
from workflow_app.models import IdeaStatus, IdeaVisibility, Role, User

pytestmark = [pytest.mark.timeout(600)]

ANYONE, SIGNED_IN = "anyone", "signed in"
ADMINS = frozenset({"ADMIN", "SUPERADMIN"})
SECTION_MANAGERS = frozenset({"SCM", "ADMIN", "SUPERADMIN"})

# Who may use each handler (SPEC §2). Outside the audience a handler may answer, refuse or
# redirect, but it must write nothing.
AUDIENCE: dict[str, tuple[str | frozenset[str], tuple[str, ...]]] = {
    "SessionState": (ANYONE, ("require_signed_in", "sign_out", "load_optional")),
    "LoginState": (ANYONE, ("open", "submit", "resend_verification")),
    "VerifyEmailState": (ANYONE, ("check",)),
    "ResetPasswordState": (ANYONE, ("open", "submit")),
    "ForgotPasswordState": (ANYONE, ("open", "submit")),
    "RegisterState": (ANYONE, ("open", "submit", "resend")),
    "HomeState": (SIGNED_IN, ("load",)),
    "IdeasListState": (SIGNED_IN, ("load", "choose_category")),
    "IdeaDetailState": (SIGNED_IN, ("load", "set_confirm_text", "delete")),
    "IdeaProgressState": (SIGNED_IN, ("load",)),
    "IdeaEditorState": (
        SIGNED_IN,
        (
            "open_new",
            "open_draft",
            "set_title",
            "set_description",
            "set_category",
            "set_visibility",
            "set_dynamic_field",
            "save_draft",
            "submit",
            "compare_local_copy",
            "restore_local_copy",
            "discard_local_copy",
            "autosave_writer",
            "start_new_draft",
        ),
    ),
    "AttachmentsState": (
        SIGNED_IN,
        ("load", "begin_upload", "upload_progress", "upload", "remove", "ask_delete", "dialog_toggled", "delete"),
    ),
    "MyIdeasState": (SIGNED_IN, ("load", "change_tab", "confirm_delete", "ask_delete", "dialog_toggled")),
    "NotificationsState": (SIGNED_IN, ("load", "mark_all_read", "open_item")),
    "SettingsState": (SIGNED_IN, ("open", "save_display_name", "change_password")),
    "LibraryState": (
        SIGNED_IN,
        (
            "load",
            "search",
            "clear_search",
            "choose",
            "choose_category",
            "choose_view",
            "toggle_favorite",
            "open_preview",
            "preview_toggled",
            "toggle_compare",
            "clear_compare",
            "open_compare",
            "compare_toggled",
        ),
    ),
    "AdminDashboardState": (ADMINS, ("load", "follow_changes", "release")),
    "ReviewState": (ADMINS, ("load", "set_comment", "start_review", "decide", "abandon")),
    "StageReviewState": (
        ADMINS,
        ("load", "set_comment", "set_score", "toggle_criterion", "claim", "complete", "resolve"),
    ),
    "EscalationsState": (ADMINS, ("load",)),
    "AuditLogState": (ADMINS, ("load", "apply_filters", "clear_filters")),
    "SkillsState": (
        ADMINS,
        (
            "load",
            "open_create",
            "open_edit",
            "dialog_toggled",
            "save",
            "ask_delete",
            "delete_dialog_toggled",
            "confirm_delete",
        ),
    ),
    "ImportState": (
        ADMINS,
        ("load", "upload_progress", "check", "set_skill", "set_all_or_nothing", "start_import", "download_report"),
    ),
    "CurationState": (
        ADMINS,
        (
            "load",
            "search",
            "choose",
            "open_form",
            "close_form",
            "set_form",
            "save",
            "delete",
            "delete_dialog_toggled",
            "confirm_delete",
            "restore",
        ),
    ),
    "PeopleState": (
        frozenset({"SUPERADMIN"}),
        ("load", "search", "ask_role", "ask_deactivate", "ask_reactivate", "dialog_toggled", "confirm"),
    ),
    "FormTemplatesState": (
        frozenset({"SUPERADMIN"}),
        ("load", "choose_category", "set_field", "add_row", "remove_row", "move_row", "save"),
    ),
    "ReviewConfigState": (
        frozenset({"SUPERADMIN"}),
        (
            "load",
            "open_editor",
            "close_editor",
            "set_name",
            "set_stage",
            "add_stage",
            "remove_stage",
            "move_stage",
            "save",
            "reload_editor",
            "set_blind",
            "ask_delete",
            "delete_dialog_toggled",
            "confirm_delete",
        ),
    ),
    "AnalyticsState": (ADMINS, ("load",)),
    "MyDescriptorsState": (
        frozenset({"SCM"}),
        ("load", "submit_for_review", "confirm_delete", "ask_delete", "dialog_toggled"),
    ),
    "DescriptorFormState": (
        frozenset({"SCM"}),
        (
            "open_new",
            "open_existing",
            "use_new_section",
            "set_field",
            "save",
            "compare_local_copy",
            "restore_local_copy",
            "discard_local_copy",
            "autosave_writer",
        ),
    ),
    "SectionsState": (
        SECTION_MANAGERS,
        ("load", "refresh_after_save", "ask_delete", "delete_dialog_toggled", "confirm_delete"),
    ),
    "SectionFormState": (
        SECTION_MANAGERS,
        (
            "open_create",
            "open_edit",
            "close",
            "dialog_toggled",
            "set_section_name",
            "set_section_description",
            "save",
            "submit",
        ),
    ),
    "ReviewQueueState": (
        frozenset({"SA"}),
        (
            "load",
            "toggle",
            "toggle_all",
            "open_dialog",
            "dialog_toggled",
            "set_comment",
            "set_wording",
            "approve",
            "send_back",
            "decide_selected",
            "follow_changes",
        ),
    ),
}

VISITORS = ("anonymous", "SUBMITTER", "SCM", "SA", "ADMIN", "SUPERADMIN")
HOSTILE = (None, 12345678901234567890, ["x"], {"x": "y"}, "x" * 200_000, "\u202e\ud800\x00")
SAMPLES = {"str": "x", "int": 1, "bool": True, "dict": {}, "list": [], "list[str]": []}
SUCCESS_TOAST = '["success"]('  # how rx.toast.success reaches the browser
# Rate-limit hits are the one write a refused attempt makes (wrong passwords count).
UNCHECKED_TABLES = {"rate_event"}


# The backend runs with WORKFLOW_BENCH=1, which registers the bench's no-op state there; this
# process only names it (importing it here would add it to the app the browser tests build).
NOOP_STATE = "reflex___state____state.workflow_app___bench_noop____bench_noop_state"


def app_states() -> dict[str, type]:
    """Every concrete state of the app's pages (mixins aside), without importing the app module
    itself (the browser tests' AppHarness does that, once)."""
    import importlib
    import pkgutil

    import reflex as rx

    import workflow_app

    for module in pkgutil.walk_packages(workflow_app.__path__, "workflow_app."):
        if ".pages." in module.name or ".components" in module.name:
            importlib.import_module(module.name)
    found: dict[str, type] = {}
    pending = list(rx.State.get_substates())
    while pending:
        cls = pending.pop()
        pending.extend(cls.get_substates())
        if cls.__module__.startswith("workflow_app") and cls.__module__ != "workflow_app.bench_noop" and not cls._mixin:
            found[cls.__name__] = cls
    return found


# Reflex gives every state `setvar(var_name, value)`; it is swept like the others.
BUILT_IN = ("setvar",)


def public_handlers() -> dict[str, list[str]]:
    return {name: sorted(cls.event_handlers) for name, cls in app_states().items()}


def handlers_of(state_name: str) -> tuple[str, ...]:
    return (*AUDIENCE[state_name][1], *BUILT_IN)


def test_the_table_lists_every_public_handler():
    assert public_handlers() == {state: sorted(handlers_of(state)) for state in AUDIENCE}


# --- the sweep -------------------------------------------------------------------------------


class Secrets:
    """Rows of a person none of the visitors is, with text that must not leak."""

    def __init__(self, session: Session) -> None:
        tag = uuid.uuid4().hex[:10]
        self.email = f"hidden-{tag}@example.com"
        owner = make_user(session, email=self.email, display_name="Hidden Owner")
        self.owner = owner.id
        other_scm = make_user(session, role=Role.SCM)
        self.private_title = f"PRIVATE-IDEA-{tag}"
        self.draft_title = f"SOMEONES-DRAFT-{tag}"
        self.descriptor_name = f"OTHER-SCM-DRAFT-{tag}"
        self.private_idea = make_idea(
            session,
            owner,
            title=self.private_title,
            visibility=IdeaVisibility.PRIVATE,
            description=f"{self.private_title} description",
        ).id
        self.draft = make_idea(session, owner, title=self.draft_title, status=IdeaStatus.DRAFT).id
        self.descriptor = make_descriptor(session, other_scm, criterion_name=self.descriptor_name).id

    def hidden_from(self, visitor: str) -> list[str]:
        hidden = [self.draft_title]  # a draft is its author's alone
        if visitor not in ADMINS:
            hidden += [self.private_title, self.descriptor_name, self.email]
        return hidden

    def ids(self) -> list[str]:
        return [self.private_idea, self.draft, self.descriptor, self.owner]

    def route(self) -> tuple[str, dict[str, str]]:
        """A page address whose route parameters point at the hidden rows."""
        query = {
            "idea_id": self.private_idea,
            "descriptor_id": self.descriptor,
            "draft_id": self.draft,
            "page": "2",
            "q": "x",
            "tab": "drafts",
        }
        return f"/ideas/{self.private_idea}", query


@pytest.fixture(scope="module")
def world():
    from workflow_app.cli import alembic_config

    url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='wf-authz-')) / 'app.db'}"
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        demo.seed_demo_data(session, clock=system_clock)
        secrets = Secrets(session)
        cookies = {
            login.role.value: session_cookie(session, _user_id(session, login.email)) for login in demo.DEMO_LOGINS
        }
    backend = Backend(database_url=url, name="authz", extra_env={"WORKFLOW_BENCH": "1"}).start().wait_ready()
    try:
        yield engine, backend, secrets, cookies
    finally:
        backend.cleanup()
        engine.dispose()


def _user_id(session: Session, email: str) -> str:
    return session.exec(sa.select(User.id).where(User.email == email)).scalar_one()


def fingerprint(engine: sa.Engine) -> str:
    """A digest of every row of every table but the rate-limit counters."""
    digest = hashlib.sha256()
    with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            if table.name in UNCHECKED_TABLES:
                continue
            for row in conn.execute(sa.select(table).order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode("utf-8", "backslashreplace"))
    return digest.hexdigest()


def payloads(handler, hidden_ids: list[str]) -> list[dict]:
    """The plausible call; the same with each hidden row's id in each id argument (a real attempt
    on someone else's row); then each hostile value in each argument's place."""
    parameters = [p for p in inspect.signature(handler.fn).parameters.values() if p.name != "self"]
    plausible = {p.name: SAMPLES.get(str(p.annotation).replace("typing.", ""), "x") for p in parameters}
    calls = [plausible]
    for p in parameters:
        if p.name.endswith("id"):
            calls += [{**plausible, p.name: row_id} for row_id in hidden_ids]
    for p in parameters:
        calls += [{**plausible, p.name: value} for value in HOSTILE]
    if not parameters:
        calls.append({"unexpected": "x" * 1000})
    return calls


def in_audience(audience, visitor: str) -> bool:
    if audience == ANYONE:
        return True
    if audience == SIGNED_IN:
        return visitor != "anonymous"
    return visitor in audience


async def sweep(visitor: str, engine, backend, secrets, cookies) -> list[str]:
    """Sends every call; returns what went wrong, one line per event."""
    problems: list[str] = []
    client = ReflexClient(backend.url, cookie=cookies.get(visitor))
    path, query = secrets.route()
    await client.connect(path, query)
    server_error, hidden = message_for(ErrorCode.SERVER_ERROR), secrets.hidden_from(visitor)
    states, seq = app_states(), 0
    for state_name, (audience, _) in AUDIENCE.items():
        cls = states[state_name]
        guarded = not in_audience(audience, visitor)
        for handler_name in handlers_of(state_name):
            for payload in payloads(cls.event_handlers[handler_name], secrets.ids()):
                before = fingerprint(engine) if guarded else None
                start = len(client.updates)
                await client.emit(cls, handler_name, **payload)
                seq += 1
                await noop(client, seq)  # a tab's events run in order: its answer follows the event's
                label = f"{visitor} → {state_name}.{handler_name}({_short(payload)})"
                try:
                    await client.wait_for(lambda u, n=seq: _noop_seq(u) == n, timeout=20)
                except TimeoutError:
                    problems.append(f"{label}: no answer")
                    await client.connect(path, query)
                    continue
                received = json.dumps(client.updates[start:], ensure_ascii=False)
                if server_error in received:
                    problems.append(f"{label}: answered with a server error")
                if leaked := [text for text in hidden if text in received]:
                    problems.append(f"{label}: leaked {leaked}")
                if guarded and fingerprint(engine) != before:
                    problems.append(f"{label}: wrote to the database")
                if guarded and SUCCESS_TOAST in received:
                    problems.append(f"{label}: told a visitor outside its audience it succeeded")
                if not client.sio or not client.sio.connected:
                    problems.append(f"{label}: the connection dropped")
                    await client.connect(path, query)
    await client.disconnect()
    return problems


async def noop(client: ReflexClient, seq: int) -> None:
    await client.sio.emit(
        "event",
        {"name": f"{NOOP_STATE}.noop", "payload": {"seq": seq}, "router_data": router_data(client.path, client.query)},
        namespace=NAMESPACE,
    )


def _noop_seq(update: dict) -> int | None:
    return update.get("delta", {}).get(NOOP_STATE, {}).get("seq" + FIELD_MARKER)


def _short(payload: dict) -> str:
    return ", ".join(f"{k}={json.dumps(v)[:24]}" for k, v in payload.items())


@pytest.mark.parametrize("visitor", VISITORS)
def test_every_handler_answers_every_visitor_without_a_traceback_a_leak_or_a_forbidden_write(world, visitor):
    engine, backend, secrets, cookies = world
    problems = asyncio.run(sweep(visitor, engine, backend, secrets, cookies))
    log = backend.log_tail(400_000)
    assert problems == [], "\n".join([*problems, log[-6000:]])
    assert "unhandled error" not in log, log[-6000:]


def test_after_sign_out_the_same_tab_token_gets_nothing_of_the_previous_person(world):
    """F4: the state is keyed by the tab's token; a replay of it after Sign Out must not get
    back what the signed-in person saw (their name, e-mail, their private idea)."""
    engine, backend, _, cookies = world
    with Session(engine, expire_on_commit=False) as session:
        author = make_user(session, email=f"tab-{uuid.uuid4().hex[:8]}@example.com", display_name="Tab Owner")
        make_idea(session, author, title="TAB-OWNERS-PRIVATE-IDEA", visibility=IdeaVisibility.PRIVATE)
        cookie = session_cookie(session, author.id)

    async def run() -> str:
        tab = ReflexClient(backend.url, cookie=cookie)
        seen = json.dumps(await tab.connect("/my-ideas"))
        await tab.wait_for(lambda u: "TAB-OWNERS-PRIVATE-IDEA" in json.dumps(u), timeout=20)
        async with httpx.AsyncClient() as http:  # Sign Out, as the page's form posts it
            await http.post(f"{backend.url}/api/auth/logout", headers={"Cookie": cookie})
        await tab.disconnect()  # the page unloads; the next page of the tab keeps its token
        replay = ReflexClient(backend.url, token=tab.token)  # same tab token, no cookie
        await replay.connect("/login")
        await asyncio.sleep(0.5)
        await replay.disconnect()
        assert replay.token == tab.token, "the server gave the replay a new token: nothing was replayed"
        assert "Tab Owner" in seen or "Tab Owner" in json.dumps(tab.updates)
        return json.dumps(replay.updates, ensure_ascii=False)

    after = asyncio.run(run())
    for text in ("TAB-OWNERS-PRIVATE-IDEA", "Tab Owner", "tab-"):
        assert text not in after
