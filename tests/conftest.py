"""Fixtures shared by every test: databases (SQLite and PostgreSQL), a fixed clock, factories."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

# The app under browser test gets a database of its own, never the one `make run` uses.
# Set before anything imports workflow_app.config, which reads the environment once.
_E2E_DIR = tempfile.mkdtemp(prefix="wf-e2e-")
os.environ["WORKFLOW_DB_URL"] = f"sqlite:///{_E2E_DIR}/app.db"
os.environ["ATTACHMENTS_DIR"] = f"{_E2E_DIR}/attachments"
os.environ.setdefault("CRON_SECRET", "e2e-cron-secret-of-at-least-32-characters")

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel

import workflow_app.models  # noqa: F401
from tests.support.pg import PostgresServer
from workflow_app.accounts.domain import passwords
from workflow_app.core.clock import FixedClock
from workflow_app.db import make_engine

# Thousands of hashes in the suite; production keeps cost 12 (tested in tests/unit).
passwords.BCRYPT_COST = 4


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """An external server from WORKFLOW_TEST_PG_URL, or one started here on loopback."""
    if url := os.environ.get("WORKFLOW_TEST_PG_URL"):
        yield url
        return
    server = PostgresServer().start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_engine(postgres_url: str) -> Iterator[sa.Engine]:
    engine = make_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    SQLModel.metadata.drop_all(engine)
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def fresh_postgres_url(postgres_url: str) -> Iterator[str]:
    """A database of its own on the suite's server, dropped afterwards."""
    name = f"own_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _truncate_all(engine: sa.Engine) -> None:
    names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """The schema made once: each SQLite test gets a copy of this file instead of its own
    create_all (~40 ms a test). Closed before copying, so its WAL is folded into the file."""
    path = tmp_path_factory.mktemp("schema") / "template.db"
    eng = make_engine(f"sqlite:///{path}")
    SQLModel.metadata.create_all(eng)
    eng.dispose()
    assert not path.with_name(path.name + "-wal").exists(), "the template's WAL was not folded in"
    return path


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request, tmp_path) -> Iterator[sa.Engine]:
    """The database under test: every test using it runs once on SQLite and once on PostgreSQL,
    each starting from an empty schema."""
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        eng = make_engine(f"sqlite:///{path}")
        yield eng
        eng.dispose()
    else:
        eng = request.getfixturevalue("pg_engine")
        _truncate_all(eng)
        yield eng


@pytest.fixture
def session(engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture(scope="session")
def app_database() -> str:
    """The database the app itself uses under test (routes, browser): migrated, demo-seeded."""
    from workflow_app import demo
    from workflow_app.cli import migrate
    from workflow_app.config import settings
    from workflow_app.core.clock import system_clock
    from workflow_app.db import open_session

    assert _E2E_DIR in settings.database_url
    migrate(None)
    with open_session() as s:
        demo.seed_demo_data(s, clock=system_clock)
    return settings.database_url


def pytest_collection_modifyitems(items) -> None:
    """Browser tests last: Playwright's sync API keeps an event loop running in this thread for
    the rest of the session, and the tests that drive backends with `asyncio.run` need none."""
    items.sort(key=lambda item: "tests/e2e/" in item.nodeid)


def pytest_terminal_summary(terminalreporter) -> None:
    """How many passed tests ran on each database and in the browser, above pytest's own line."""
    passed = terminalreporter.stats.get("passed", [])
    counts = {
        "on SQLite": sum("[sqlite" in r.nodeid for r in passed),
        "on PostgreSQL": sum("[postgres" in r.nodeid for r in passed),
        "in the browser": sum("tests/e2e/" in r.nodeid for r in passed),
    }
    terminalreporter.write_sep("-", "passed: " + ", ".join(f"{n} {where}" for where, n in counts.items()))
