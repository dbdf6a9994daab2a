"""The database engine and session factory used by the app, the CLI and the tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from workflow_app import loop_guard
from workflow_app.config import settings


def _on_sqlite_connect(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers go on while one writer commits; the timeout turns lock contention
    # between workers into a short wait instead of "database is locked".
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL syncs at checkpoints, not at every commit: a killed process loses
    # nothing committed (the WAL is in the OS already); only a power cut can cost the last
    # commits. Every autosave no longer waits for a disk flush while holding the write lock.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _on_checkout(_dbapi_connection, _record, _proxy) -> None:
    loop_guard.check("database connection checkout")


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:" and not url.startswith("sqlite://:"):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        sa.event.listen(engine, "connect", _on_sqlite_connect)
    else:
        # Sessions in UTC: the driver then hands back times in datetime.UTC itself, which every
        # UTC conversion after it (SQLModel's, core/columns.py) returns as is instead of
        # rebuilding each one in another zone object. Nothing in SQL depends on the zone.
        engine = create_engine(
            url,
            pool_pre_ping=True,
            pool_size=10,
            max_overflow=20,
            connect_args={"options": "-c TimeZone=UTC"},
        )
    sa.event.listen(engine, "checkout", _on_checkout)
    return engine


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    return make_engine(settings.database_url)


@contextmanager
def open_session() -> Iterator[Session]:
    """A session for one command; the command commits, anything unfinished is rolled back."""
    with Session(get_engine(), expire_on_commit=False) as session:
        yield session


def refresh_statistics(engine: Engine) -> None:
    """ANALYZE, so the planners know the tables' sizes and pick the index ranges the lists are
    built on. SQLite never gathers statistics by itself: this runs after the migrations and in
    the daily job, sampling (analysis_limit) so it takes milliseconds at a million rows."""
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA analysis_limit=1000")
        connection.exec_driver_sql("ANALYZE")
