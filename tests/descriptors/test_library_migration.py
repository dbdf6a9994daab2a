"""Migrations 0002 and 0007 build the search index the library queries use, on each database."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from sqlmodel import Session

from tests.descriptors.library_helpers import make_descriptor
from tests.factories import make_actor
from workflow_app.cli import alembic_config
from workflow_app.db import make_engine
from workflow_app.descriptors.domain import library
from workflow_app.descriptors.domain.library_entries import entry_table
from workflow_app.descriptors.domain.library_index import (
    FTS_TABLE,
    PG_SEARCH_INDEX,
    PG_SEARCH_TABLE,
    PG_TRIGRAM_INDEXES,
    text_match,
)
from workflow_app.models import Role


def migrated_engine(url: str) -> sa.Engine:
    command.upgrade(alembic_config(url), "head")
    return make_engine(url)


def test_a_migrated_sqlite_database_searches_through_fts5(tmp_path):
    engine = migrated_engine(f"sqlite:///{tmp_path / 'app.db'}")
    try:
        with Session(engine, expire_on_commit=False) as session:
            make_descriptor(session, criterion_name="Weld seam quality", tags=["welding"])
            viewer = make_actor(session, role=Role.SA)

            page = library.search_descriptors(session, viewer, query="welding").value

            assert [i.criterion_name for i in page.items] == ["Weld seam quality"]
            assert FTS_TABLE in sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_postgres_full_text_search_can_use_the_migrated_gin_index(fresh_postgres_url):
    engine = migrated_engine(fresh_postgres_url)
    try:
        with Session(engine) as session:
            tables = ("descriptor", "wsos_section", PG_SEARCH_TABLE)
            indexes = {ix["name"] for t in tables for ix in sa.inspect(engine).get_indexes(t)}
            entries = entry_table("postgresql")
            match = text_match("postgresql", "weld -spatter", entries)
            hits = sa.select(entries.c.descriptor_id).select_from(match.source).where(match.condition)
            sql = hits.compile(engine, compile_kwargs={"literal_binds": True})
            session.exec(sa.text("SET enable_seqscan = off"))
            plan = "\n".join(session.exec(sa.text(f"EXPLAIN {sql}")).scalars())

        assert {PG_SEARCH_INDEX, *PG_TRIGRAM_INDEXES} <= indexes
        assert PG_SEARCH_INDEX in plan
    finally:
        engine.dispose()
