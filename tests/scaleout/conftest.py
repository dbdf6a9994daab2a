"""Two production backends sharing a throwaway Redis and one PostgreSQL database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic import command

from tests.support.servers import Backend, RedisServer


@pytest.fixture
def redis_url() -> Iterator[str]:
    """`redis-server` on 127.0.0.1 and a free port, nothing persisted, stopped afterwards."""
    server = RedisServer().start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def scaleout_db_url(postgres_url: str) -> Iterator[str]:
    """A database of its own on the suite's PostgreSQL, migrated like `make run` does, then dropped."""
    from workflow_app.cli import alembic_config

    name = f"scaleout_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    try:
        command.upgrade(alembic_config(url), "head")
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def two_backends(redis_url: str, scaleout_db_url: str) -> Iterator[tuple[Backend, Backend]]:
    """`reflex run --env prod --backend-only` twice, one Granian worker each, on two ports."""
    backends = tuple(
        Backend(database_url=scaleout_db_url, redis_url=redis_url, name=f"worker{i}") for i in (1, 2)
    )
    try:
        for backend in backends:
            backend.start()
        for backend in backends:
            backend.wait_ready()
        yield backends
    finally:
        for backend in backends:
            backend.cleanup()
