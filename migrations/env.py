"""Alembic environment: the URL comes from the app's settings unless the caller passes one."""

from alembic import context
from sqlmodel import SQLModel

import workflow_app.models  # noqa: F401  (registers every table on the metadata)
from workflow_app.config import settings
from workflow_app.db import make_engine
from workflow_app.descriptors.domain.library_index import is_search_index_object
from workflow_app.models.descriptors import EXPRESSION_INDEXES

target_metadata = SQLModel.metadata


def include_name(name, type_, parent_names) -> bool:
    """Autogenerate leaves alone what migration 0002 adds beside the models: the SQLite FTS5
    tables (and their shadow tables) and the PostgreSQL expression and trigram indexes; and the
    models' expression indexes, which it cannot compare."""
    return not is_search_index_object(name) and name not in EXPRESSION_INDEXES


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    return include_name(name, type_, ())


FILTERS = {"include_name": include_name, "include_object": include_object}


def _url() -> str:
    return context.config.attributes.get("url") or settings.database_url


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True, **FILTERS)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True, **FILTERS)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
