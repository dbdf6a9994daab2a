"""What the library filters, orders and counts on, kept beside the search index (issue 11).

Two things, both kept in step by triggers in the transaction that changes a descriptor, so
they are exact whenever it commits:

- **An entry per descriptor**: whether it is in the library (`listed`: not deleted, and no
  batch status or APPROVED), its quality, section, categories, skill names and criterion name.
  The entry lives in the row the text match already reaches (SQLite: the FTS5 map row
  `descriptor_fts_ids`, by integer rowid; PostgreSQL: the stored-tsvector row
  `descriptor_search`), so a search reads its candidates' facets from that narrow row instead of
  the descriptors' wide ones, and the A→Z library is a range of the entries' (listed, name) index.
  Only a change of those attributes rewrites an entry: a batch submit (DRAFT → PENDING_REVIEW)
  leaves every entry as it was.
- **Facet counts** (`library_facet_count`): listed descriptors per (skill, category, quality,
  section), '' standing for "any". The library without a text query reads its total and its
  three facets from a few hundred of these rows instead of counting 200,000 descriptors; with a
  text query they are counted from the one candidate set of the match (library_search).

A descriptor counts once in each cell it belongs to: every (skill, category) pair of its skill
names and categories, each with '' added. On PostgreSQL the counts are adjusted by
statement-level triggers, every statement's changes summed and applied in key order: two bulk
decisions, one statement each, lock the counter rows they share in the same order, so they
cannot deadlock on them (a transaction of several such statements still could).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

ENTRY_TABLE = {"sqlite": "descriptor_fts_ids", "postgresql": "descriptor_search"}
ENTRY_NAME_INDEX = "ix_library_entry_listed_name"
FACET_TABLE = "library_facet_count"
ANY = ""  # the facet counts' "any skill" / "any category" / "no section"
NAME_KEPT = 500  # the longest criterion name a descriptor may have (descriptors.CRITERION_MAX)

# The entry's attributes beside its id (and the FTS rowid or the document).
ENTRY_COLUMNS = ("listed", "quality", "section_id", "categories", "skill_names", "criterion_name")
_SQLITE_TYPES = ("BOOLEAN", "VARCHAR(32)", "VARCHAR(32)", "TEXT", "TEXT", "TEXT")
_PG_TYPES = ("BOOLEAN", "VARCHAR(32)", "VARCHAR(32)", "JSONB", "JSONB", "TEXT")


def entry_table(dialect: str) -> sa.TableClause:
    """The entries as a table to select from: the id, ENTRY_COLUMNS, and how the match reaches
    them (SQLite: fts_rowid; PostgreSQL: the document)."""
    reach = "fts_rowid" if dialect == "sqlite" else "document"
    names = ("descriptor_id", *ENTRY_COLUMNS, reach)
    return sa.table(ENTRY_TABLE[dialect], *(sa.column(n) for n in names))


def listed_sql(row: str) -> str:
    """Whether the descriptor `row` is in the library (library.in_library, before the audience)."""
    return f"({row}.deleted_at IS NULL AND ({row}.batch_status IS NULL OR {row}.batch_status = 'APPROVED'))"


def entry_values_sql(dialect: str, row: str) -> str:
    """The entry's attributes computed from the descriptor `row`, in ENTRY_COLUMNS order."""
    json = "::jsonb" if dialect == "postgresql" else ""
    return (
        f"{listed_sql(row)}, {row}.quality_indicator, {row}.wsos_section_id, "
        f"{row}.categories{json}, {row}.skill_names{json}, substr({row}.criterion_name, 1, {NAME_KEPT})"
    )


def entry_columns_ddl(dialect: str) -> str:
    types = _PG_TYPES if dialect == "postgresql" else _SQLITE_TYPES
    return ", ".join(f"{name} {kind}" for name, kind in zip(ENTRY_COLUMNS, types, strict=True))


def _entry_changed_sql(dialect: str) -> str:
    """A condition over old/new descriptor rows: an entry attribute differs."""
    if dialect == "postgresql":
        same = "IS NOT DISTINCT FROM"
        json = "::text"
        old, new = "OLD", "NEW"
    else:
        same, json, old, new = "IS", "", "old", "new"
    pairs = [
        (listed_sql(old), listed_sql(new)),
        *((f"{old}.{c}", f"{new}.{c}") for c in ("quality_indicator", "wsos_section_id", "criterion_name")),
        *((f"{old}.{c}{json}", f"{new}.{c}{json}") for c in ("categories", "skill_names")),
    ]
    return "NOT (" + " AND ".join(f"{a} {same} {b}" for a, b in pairs) + ")"


# --- the facet cells of a descriptor --------------------------------------------------------


def _sqlite_cells(row: str, *, every_descriptor: bool = False) -> str:
    """(skill, category, quality, section_id) of every cell the listed descriptor `row` is in
    (a trigger's old/new), or with `every_descriptor` those of each descriptor `row` with its id:
    each array gets '' appended (json_insert at '$[#]'), nulls dropped, duplicates counted once."""

    def items(column: str) -> str:
        return f"json_each(json_insert({row}.{column}, '$[#]', ''))"

    source, each = (f"descriptor AS {row}, ", f", {row}.id AS id") if every_descriptor else ("", "")
    return (
        f"SELECT DISTINCT s.value AS skill, c.value AS category, {row}.quality_indicator AS quality, "
        f"coalesce({row}.wsos_section_id, '') AS section_id{each} "
        f"FROM {source}{items('skill_names')} AS s, {items('categories')} AS c "
        f"WHERE {listed_sql(row)} AND s.value IS NOT NULL AND c.value IS NOT NULL"
    )


def _pg_cells(rows: str, sign: int) -> str:
    def items(column: str) -> str:
        array = f"CASE WHEN json_typeof(r.{column}) = 'array' THEN r.{column} ELSE '[]'::json END"
        return (
            f"CROSS JOIN LATERAL (SELECT '' UNION SELECT x FROM json_array_elements_text({array}) AS x "
            f"WHERE coalesce(x, '') <> '') AS {column}_(value)"
        )

    return (
        f"SELECT skill_names_.value AS skill, categories_.value AS category, r.quality_indicator AS quality, "
        f"coalesce(r.wsos_section_id, '') AS section_id, {sign} AS n FROM {rows} AS r "
        f"{items('skill_names')} {items('categories')} WHERE {listed_sql('r')}"
    )


_FACET_DDL = (
    f"CREATE TABLE IF NOT EXISTS {FACET_TABLE} ("
    "skill TEXT NOT NULL, category TEXT NOT NULL, quality VARCHAR(32) NOT NULL, "
    "section_id VARCHAR(32) NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (skill, category, quality, section_id))"
)


def _sqlite_add(row: str) -> str:
    return (
        f"INSERT INTO {FACET_TABLE} (skill, category, quality, section_id, n) SELECT *, 1 FROM ({_sqlite_cells(row)}) "
        "WHERE true ON CONFLICT (skill, category, quality, section_id) DO UPDATE SET n = n + 1;"
    )


def _sqlite_take(row: str) -> str:
    return f"UPDATE {FACET_TABLE} SET n = n - 1 WHERE (skill, category, quality, section_id) IN ({_sqlite_cells(row)});"


def _sqlite_ddl() -> tuple[str, ...]:
    table = ENTRY_TABLE["sqlite"]
    columns = ", ".join(ENTRY_COLUMNS)
    changed = _entry_changed_sql("sqlite")
    watched = "deleted_at, batch_status, quality_indicator, wsos_section_id, categories, skill_names, criterion_name"
    return (
        _FACET_DDL,
        f"CREATE INDEX IF NOT EXISTS {ENTRY_NAME_INDEX} ON {table} (listed, criterion_name, descriptor_id)",
        f"""CREATE TRIGGER IF NOT EXISTS library_entry_au AFTER UPDATE OF {watched} ON descriptor
            WHEN {changed} BEGIN
            UPDATE {table} SET ({columns}) = ({entry_values_sql("sqlite", "new")}) WHERE descriptor_id = new.id;
            {_sqlite_take("old")}
            {_sqlite_add("new")}
        END""",
        f"CREATE TRIGGER IF NOT EXISTS library_facet_ai AFTER INSERT ON descriptor BEGIN {_sqlite_add('new')} END",
        f"CREATE TRIGGER IF NOT EXISTS library_facet_ad AFTER DELETE ON descriptor BEGIN {_sqlite_take('old')} END",
    )


TRIGGERS = ("library_entry_au", "library_facet_ai", "library_facet_ad")  # the same names on both
PG_FUNCTIONS = ("library_entry_updated", "library_facet_inserted", "library_facet_deleted")


def _pg_upsert(cells: str) -> str:
    return (
        f"INSERT INTO {FACET_TABLE} AS f (skill, category, quality, section_id, n) "
        f"SELECT skill, category, quality, section_id, sum(n) FROM ({cells}) AS d "
        "GROUP BY skill, category, quality, section_id HAVING sum(n) <> 0 "
        "ORDER BY skill, category, quality, section_id "
        "ON CONFLICT (skill, category, quality, section_id) DO UPDATE SET n = f.n + EXCLUDED.n;"
    )


def _pg_function(name: str, body: str) -> str:
    return f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {body}
        RETURN NULL;
    END $$"""


def _pg_trigger(name: str, event: str, tables: str, function: str) -> tuple[str, str]:
    return (
        f"DROP TRIGGER IF EXISTS {name} ON descriptor",
        f"CREATE TRIGGER {name} AFTER {event} ON descriptor REFERENCING {tables} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
    )


def _pg_ddl() -> tuple[str, ...]:
    table = ENTRY_TABLE["postgresql"]
    columns = ", ".join(ENTRY_COLUMNS)
    values = entry_values_sql("postgresql", "n")
    entries = ", ".join(f"e.{c}" for c in ENTRY_COLUMNS)
    entry_update = (
        f"UPDATE {table} AS e SET ({columns}) = ({values}) FROM new_rows AS n "
        f"WHERE e.descriptor_id = n.id AND ({entries}) IS DISTINCT FROM ({values});"
    )
    both = _pg_cells("old_rows", -1) + " UNION ALL " + _pg_cells("new_rows", 1)
    return (
        _FACET_DDL,
        f"CREATE INDEX IF NOT EXISTS {ENTRY_NAME_INDEX} ON {table} (listed, criterion_name, descriptor_id)",
        _pg_function("library_entry_updated", entry_update + "\n" + _pg_upsert(both)),
        _pg_function("library_facet_inserted", _pg_upsert(_pg_cells("new_rows", 1))),
        _pg_function("library_facet_deleted", _pg_upsert(_pg_cells("old_rows", -1))),
        *_pg_trigger(
            "library_entry_au", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows", "library_entry_updated"
        ),
        *_pg_trigger("library_facet_ai", "INSERT", "NEW TABLE AS new_rows", "library_facet_inserted"),
        *_pg_trigger("library_facet_ad", "DELETE", "OLD TABLE AS old_rows", "library_facet_deleted"),
    )


# --- create, fill, drop -----------------------------------------------------------------------


def add_missing_columns(conn: Connection) -> None:
    """Entries made before issue 11 (migration 0008) get the attribute columns, empty."""
    dialect = conn.dialect.name
    table = ENTRY_TABLE[dialect]
    if dialect == "sqlite":
        present = {row[1] for row in conn.exec_driver_sql(f"PRAGMA table_info({table})")}
    else:
        present = set(
            conn.exec_driver_sql(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %(t)s", {"t": table}
            ).scalars()
        )
    types = _PG_TYPES if dialect == "postgresql" else _SQLITE_TYPES
    for name, kind in zip(ENTRY_COLUMNS, types, strict=True):
        if name not in present:
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")


def _fill_entries(conn: Connection, dialect: str) -> None:
    """Entries whose attributes were never written (listed unknown) get them from their descriptor."""
    table = ENTRY_TABLE[dialect]
    columns = ", ".join(ENTRY_COLUMNS)
    conn.exec_driver_sql(
        f"UPDATE {table} SET ({columns}) = (SELECT {entry_values_sql(dialect, 'd')} FROM descriptor AS d "
        f"WHERE d.id = {table}.descriptor_id) WHERE listed IS NULL"
    )


def recount_facets(conn: Connection) -> int:
    """Rebuilds the facet counts from the descriptors (creation, a repair); how many cells."""
    dialect = conn.dialect.name
    conn.exec_driver_sql(f"DELETE FROM {FACET_TABLE}")
    if dialect == "postgresql":
        conn.exec_driver_sql(_pg_upsert(_pg_cells("descriptor", 1)))
    else:
        conn.exec_driver_sql(
            f"INSERT INTO {FACET_TABLE} (skill, category, quality, section_id, n) "
            f"SELECT skill, category, quality, section_id, count(*) "
            f"FROM ({_sqlite_cells('d', every_descriptor=True)}) GROUP BY 1, 2, 3, 4"
        )
    return int(conn.exec_driver_sql(f"SELECT count(*) FROM {FACET_TABLE}").scalar() or 0)


def ensure_entries(conn: Connection) -> None:
    """The entries' attribute columns, their index and triggers, and the facet counts; idempotent.
    Runs after the search index's own tables exist (library_index.ensure_search_index)."""
    dialect = conn.dialect.name
    if dialect not in ENTRY_TABLE:
        return
    add_missing_columns(conn)
    _fill_entries(conn, dialect)
    if dialect == "sqlite":
        for trigger in TRIGGERS:  # made again: a database made by an earlier version gets today's
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
    for statement in _pg_ddl() if dialect == "postgresql" else _sqlite_ddl():
        conn.exec_driver_sql(statement)
    recount_facets(conn)


def drop_entries(conn: Connection) -> None:
    """The triggers and the facet counts (the entry columns go with their table)."""
    if conn.dialect.name == "sqlite":
        for trigger in TRIGGERS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
    elif conn.dialect.name == "postgresql":
        for trigger in TRIGGERS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger} ON descriptor")
        for function in PG_FUNCTIONS:
            conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {function}()")
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {FACET_TABLE}")
