"""Two production backends sharing a throwaway Redis and one PostgreSQL database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
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
def scaleout_db_url(fresh_postgres_url: str) -> str:
    """A database of its own on the suite's PostgreSQL, migrated like `make run` does, then dropped."""
    from workflow_app.cli import alembic_config

    command.upgrade(alembic_config(fresh_postgres_url), "head")
    return fresh_postgres_url


@pytest.fixture
def two_backends(redis_url: str, scaleout_db_url: str) -> Iterator[tuple[Backend, Backend]]:
    """`reflex run --env prod --backend-only` twice, one Granian worker each, on two ports."""
    backends = tuple(Backend(database_url=scaleout_db_url, redis_url=redis_url, name=f"worker{i}") for i in (1, 2))
    try:
        for backend in backends:
            backend.start()
        for backend in backends:
            backend.wait_ready()
        yield backends
    finally:
        for backend in backends:
            backend.cleanup()
