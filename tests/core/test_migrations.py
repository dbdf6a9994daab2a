"""The Alembic history builds the models' schema on an empty database and takes it down again."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import workflow_app.models  # noqa: F401  (registers every table on the metadata)
from workflow_app.cli import alembic_config
from workflow_app.db import make_engine
from workflow_app.descriptors.domain.library_index import is_search_index_object
from workflow_app.models.descriptors import EXPRESSION_INDEXES

VERSION_TABLE = "alembic_version"


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'migrations.db'}"


@pytest.fixture(params=["sqlite", "postgres"])
def empty_db_url(request) -> str:
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "fresh_postgres_url")


def table_names(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def model_table_names(url: str) -> set[str]:
    """Without the search index's own tables (FTS5 on SQLite), which migration 0002 adds."""
    return {name for name in table_names(url) if not is_search_index_object(name)}


def schema_differences(url: str) -> list:
    # The same filters as migrations/env.py: the search index lives beside the models, and
    # autogenerate cannot compare an expression index.
    def compared(name: str | None) -> bool:
        return not is_search_index_object(name) and name not in EXPRESSION_INDEXES

    opts = {
        "include_name": lambda name, type_, parent_names: compared(name),
        "include_object": lambda obj, name, type_, reflected, compare_to: compared(name),
    }
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return compare_metadata(MigrationContext.configure(conn, opts=opts), SQLModel.metadata)
    finally:
        engine.dispose()


def current_revision(url: str) -> str | None:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def test_upgrading_an_empty_database_creates_every_table_of_the_models(empty_db_url):
    assert table_names(empty_db_url) == set()

    command.upgrade(alembic_config(empty_db_url), "head")

    assert model_table_names(empty_db_url) == set(SQLModel.metadata.tables) | {VERSION_TABLE}
    head = ScriptDirectory.from_config(alembic_config(empty_db_url)).get_current_head()
    assert current_revision(empty_db_url) == head


def test_the_migrated_schema_matches_the_models_exactly(empty_db_url):
    command.upgrade(alembic_config(empty_db_url), "head")

    assert schema_differences(empty_db_url) == []


def test_downgrading_to_base_leaves_no_tables_behind(empty_db_url):
    cfg = alembic_config(empty_db_url)
    command.upgrade(cfg, "head")

    command.downgrade(cfg, "base")

    assert table_names(empty_db_url) - {VERSION_TABLE} == set()
    assert current_revision(empty_db_url) is None


def test_the_history_can_be_replayed_after_a_full_downgrade(empty_db_url):
    cfg = alembic_config(empty_db_url)
    command.upgrade(cfg, "head")
    command.downgrade(cfg, "base")

    command.upgrade(cfg, "head")

    assert schema_differences(empty_db_url) == []


def test_the_schema_comparison_notices_a_drift(empty_db_url):
    # Guards the check above against passing vacuously (e.g. an empty metadata).
    command.upgrade(alembic_config(empty_db_url), "head")
    engine = make_engine(empty_db_url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP INDEX ix_rate_event_key_at"))
    engine.dispose()

    assert [diff[0] for diff in schema_differences(empty_db_url)] == ["add_index"]


def test_descriptors_already_revised_read_as_resubmitted_after_0013(empty_db_url):
    """0013: one batch id per submission; a descriptor the audit log says was revised keeps its
    id as previous_batch_id, so the SA's queue still flags it."""
    cfg = alembic_config(empty_db_url)
    command.upgrade(cfg, "0012")
    engine = make_engine(empty_db_url)
    row = {"source": "SCM", "skill_names": "[]", "categories": "[]", "tags": "[]", "when": "2026-01-01 00:00:00"}
    with engine.begin() as conn:
        for descriptor_id, batch_id in (("revised", "b1"), ("first", "b1"), ("draft", None)):
            conn.execute(
                sa.text(
                    "INSERT INTO descriptor (id, code, criterion_name, source, skill_names, categories, tags,"
                    " schema_version, quality_indicator, was_modified_during_approval, row_version, batch_id,"
                    " created_at, updated_at) VALUES (:id, 'A1', 'Quality of weld seam', :source, :skill_names,"
                    " :categories, :tags, 1, 'NEEDS_REVIEW', false, 1, :batch_id, :when, :when)"
                ),
                {**row, "id": descriptor_id, "batch_id": batch_id},
            )
        conn.execute(
            sa.text(
                "INSERT INTO audit_log (actor_name, action, target_type, target_id, target_title, details, created_at)"
                " VALUES ('Sue', 'DESCRIPTOR_REVISED', 'descriptor', 'revised', '', '{}', :when)"
            ),
            row,
        )
    command.upgrade(cfg, "0013")
    with engine.connect() as conn:
        previous = dict(conn.execute(sa.text("SELECT id, previous_batch_id FROM descriptor")).all())
    engine.dispose()
    assert previous == {"revised": "b1", "first": None, "draft": None}
