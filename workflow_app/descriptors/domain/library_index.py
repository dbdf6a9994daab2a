"""The full-text plumbing behind the descriptor library, one flavour per database.

PostgreSQL ranks a weighted tsvector (criterion name A, score texts B, tags C) with
`websearch_to_tsquery` / `ts_rank_cd(…, 32)`, as the origin did (ORIGINS C6). The tsvector is
stored in a side table (`descriptor_search`, GIN-indexed, kept in step by triggers on text
edits), so ranking reads it instead of re-parsing every hit's text, and a status change (a
batch submit of 10,000 rows) rewrites no full-text index entry. SQLite has neither, so an FTS5
table mirrors the same three texts, kept in step by triggers, and the user's websearch-style
query is translated into FTS5 syntax that can never be malformed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Connection, Engine
from sqlmodel import func, select

from workflow_app.descriptors.domain.library_entries import (
    ENTRY_COLUMNS,
    ENTRY_NAME_INDEX,
    ENTRY_TABLE,
    FACET_TABLE,
    add_missing_columns,
    drop_entries,
    ensure_entries,
    entry_columns_ddl,
    entry_values_sql,
)

FTS_TABLE = "descriptor_fts"
# FTS5 rowids must stay stable; the descriptor's implicit rowid may change on VACUUM, so a
# map with an INTEGER PRIMARY KEY ties each FTS row to its descriptor id. The map row is also
# the descriptor's library entry (library_entries): what the library filters and counts on.
FTS_IDS_TABLE = ENTRY_TABLE["sqlite"]
FTS_TRIGGERS = ("descriptor_fts_ai", "descriptor_fts_au", "descriptor_fts_ad")
PG_DOCUMENT_INDEX = "ix_descriptor_search_document"  # migration 0002's expression index (0007 drops it)
PG_SEARCH_TABLE = ENTRY_TABLE["postgresql"]  # the document beside the library entry
PG_SEARCH_INDEX = "ix_descriptor_search_vector"
PG_SEARCH_FUNCTION = "descriptor_search_refresh"
PG_SEARCH_TRIGGERS = ("descriptor_search_ai", "descriptor_search_au")
PG_TRIGRAM_INDEXES = {
    "ix_descriptor_criterion_name_trgm": ("descriptor", "criterion_name"),
    "ix_wsos_section_name_trgm": ("wsos_section", "name"),
}
# The migrated schema carries these on top of the models; schema comparisons skip them.
SEARCH_INDEX_NAMES = frozenset(
    {PG_DOCUMENT_INDEX, PG_SEARCH_TABLE, PG_SEARCH_INDEX, *PG_TRIGRAM_INDEXES, FACET_TABLE, ENTRY_NAME_INDEX}
)
_TEXT_COLUMNS = "criterion_name, score3, score2, score1, score0, tags"

# bm25 weights per FTS column (criterion_name, scores, tags): the name counts most, like weight A.
_BM25 = "bm25(descriptor_fts, 10.0, 2.0, 1.0)"
_MAX_QUERY_LENGTH = 256
_MAX_TERMS = 32


def is_search_index_object(name: str | None) -> bool:
    """True for the FTS5 tables (and their shadow tables) and the expression/trigram indexes."""
    return name is not None and (name.startswith(FTS_TABLE) or name in SEARCH_INDEX_NAMES)


def pg_document_sql(prefix: str = "") -> str:
    """The weighted tsvector; the GIN index and the query must spell the same expression."""

    def col(name: str) -> str:
        return f"coalesce({prefix}{name}, '')"

    scores = " || ' ' || ".join(col(f"score{n}") for n in (3, 2, 1, 0))
    # jsonb's text form has no \\u escapes, so non-ASCII tags are indexed as words.
    tags = f"coalesce({prefix}tags::jsonb::text, '')"
    return (
        f"setweight(to_tsvector('english'::regconfig, {col('criterion_name')}), 'A') || "
        f"setweight(to_tsvector('english'::regconfig, {scores}), 'B') || "
        f"setweight(to_tsvector('english'::regconfig, {tags}), 'C')"
    )


# --- SQLite: FTS5 table, triggers, backfill ------------------------------------------------


def _fts_values(row: str) -> str:
    scores = " || ' ' || ".join(f"coalesce({row}.score{n}, '')" for n in (3, 2, 1, 0))
    tags = f"coalesce((SELECT group_concat(value, ' ') FROM json_each({row}.tags)), '')"
    return f"{row}.criterion_name, {scores}, {tags}"


_FTS_ROWID = "(SELECT fts_rowid FROM descriptor_fts_ids WHERE descriptor_id = {row}.id)"

_SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "criterion_name, scores, tags, tokenize = 'porter unicode61 remove_diacritics 2')",
    f"CREATE TABLE IF NOT EXISTS {FTS_IDS_TABLE} ("
    f"fts_rowid INTEGER PRIMARY KEY, descriptor_id VARCHAR(32) NOT NULL UNIQUE, {entry_columns_ddl('sqlite')})",
    f"""CREATE TRIGGER IF NOT EXISTS descriptor_fts_ai AFTER INSERT ON descriptor BEGIN
        INSERT INTO {FTS_IDS_TABLE}(descriptor_id, {", ".join(ENTRY_COLUMNS)})
            VALUES (new.id, {entry_values_sql("sqlite", "new")});
        INSERT INTO {FTS_TABLE}(rowid, criterion_name, scores, tags)
            VALUES ({_FTS_ROWID.format(row="new")}, {_fts_values("new")});
    END""",
    # Only text edits touch the index: a batch submit of 10,000 rows changes statuses only.
    f"""CREATE TRIGGER IF NOT EXISTS descriptor_fts_au
        AFTER UPDATE OF id, criterion_name, score3, score2, score1, score0, tags ON descriptor BEGIN
        UPDATE {FTS_IDS_TABLE} SET descriptor_id = new.id WHERE descriptor_id = old.id;
        DELETE FROM {FTS_TABLE} WHERE rowid = {_FTS_ROWID.format(row="new")};
        INSERT INTO {FTS_TABLE}(rowid, criterion_name, scores, tags)
            VALUES ({_FTS_ROWID.format(row="new")}, {_fts_values("new")});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS descriptor_fts_ad AFTER DELETE ON descriptor BEGIN
        DELETE FROM {FTS_TABLE} WHERE rowid = {_FTS_ROWID.format(row="old")};
        DELETE FROM {FTS_IDS_TABLE} WHERE descriptor_id = old.id;
    END""",
)


def _backfill(conn: Connection) -> None:
    """Indexes the descriptors written before the triggers existed; a second run finds none."""
    before = conn.exec_driver_sql(f"SELECT coalesce(max(fts_rowid), 0) FROM {FTS_IDS_TABLE}").scalar()
    conn.exec_driver_sql(
        f"INSERT INTO {FTS_IDS_TABLE}(descriptor_id) SELECT id FROM descriptor "
        f"WHERE id NOT IN (SELECT descriptor_id FROM {FTS_IDS_TABLE}) ORDER BY rowid"
    )
    conn.exec_driver_sql(
        f"INSERT INTO {FTS_TABLE}(rowid, criterion_name, scores, tags) "
        f"SELECT m.fts_rowid, {_fts_values('d')} FROM descriptor AS d "
        f"JOIN {FTS_IDS_TABLE} AS m ON m.descriptor_id = d.id WHERE m.fts_rowid > ?",
        (before,),
    )


# --- PostgreSQL: the stored tsvector, its triggers, backfill ----------------------------------

_PG_DDL = (
    f"CREATE TABLE IF NOT EXISTS {PG_SEARCH_TABLE} ("
    "descriptor_id VARCHAR(32) PRIMARY KEY REFERENCES descriptor (id) ON DELETE CASCADE, "
    f"document tsvector NOT NULL, {entry_columns_ddl('postgresql')})",
    f"CREATE INDEX IF NOT EXISTS {PG_SEARCH_INDEX} ON {PG_SEARCH_TABLE} USING gin (document)",
    f"""CREATE OR REPLACE FUNCTION {PG_SEARCH_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO {PG_SEARCH_TABLE} (descriptor_id, document, {", ".join(ENTRY_COLUMNS)})
            VALUES (NEW.id, {pg_document_sql("NEW.")}, {entry_values_sql("postgresql", "NEW")})
        ON CONFLICT (descriptor_id) DO UPDATE SET document = EXCLUDED.document;
        RETURN NULL;
    END $$""",
    "DROP TRIGGER IF EXISTS descriptor_search_ai ON descriptor",
    f"CREATE TRIGGER descriptor_search_ai AFTER INSERT ON descriptor "
    f"FOR EACH ROW EXECUTE FUNCTION {PG_SEARCH_FUNCTION}()",
    "DROP TRIGGER IF EXISTS descriptor_search_au ON descriptor",
    # Only text edits touch the document: a batch submit changes statuses only.
    f"CREATE TRIGGER descriptor_search_au AFTER UPDATE OF {_TEXT_COLUMNS} ON descriptor "
    f"FOR EACH ROW EXECUTE FUNCTION {PG_SEARCH_FUNCTION}()",
    f"INSERT INTO {PG_SEARCH_TABLE} (descriptor_id, document) "
    f"SELECT d.id, {pg_document_sql('d.')} FROM descriptor AS d "
    f"WHERE NOT EXISTS (SELECT 1 FROM {PG_SEARCH_TABLE} AS s WHERE s.descriptor_id = d.id)",
)


def _on_connection(target: Connection | Engine, work: Callable[[Connection], None]) -> None:
    if isinstance(target, Engine):
        with target.begin() as conn:
            work(conn)
    else:
        work(target)


def ensure_search_index(target: Connection | Engine) -> None:
    """Creates the search side table of the database (SQLite FTS5, PostgreSQL stored tsvector)
    with the library entries in it (library_entries), its triggers (dropped and made again, so
    a database made by an earlier version gets today's), and backfills both; idempotent."""

    def work(conn: Connection) -> None:
        dialect = conn.dialect.name
        if dialect not in ("sqlite", "postgresql"):
            return
        tables, rest = (_SQLITE_DDL[:2], _SQLITE_DDL[2:]) if dialect == "sqlite" else (_PG_DDL[:1], _PG_DDL[1:])
        for statement in tables:
            conn.exec_driver_sql(statement)
        add_missing_columns(conn)
        if dialect == "sqlite":
            for trigger in FTS_TRIGGERS:
                conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
        for statement in rest:
            conn.exec_driver_sql(statement)
        if dialect == "sqlite":
            _backfill(conn)
        ensure_entries(conn)

    _on_connection(target, work)


def drop_search_index(target: Connection | Engine) -> None:
    def work(conn: Connection) -> None:
        drop_entries(conn)
        if conn.dialect.name == "sqlite":
            for trigger in FTS_TRIGGERS:
                conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_IDS_TABLE}")
        elif conn.dialect.name == "postgresql":
            for trigger in PG_SEARCH_TRIGGERS:
                conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger} ON descriptor")
            conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {PG_SEARCH_FUNCTION}()")
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {PG_SEARCH_TABLE}")

    _on_connection(target, work)


# --- websearch syntax → FTS5 ----------------------------------------------------------------

# An optional '-', then a quoted phrase (the closing quote may be missing) or a bare word.
_TOKEN = re.compile(r'(-?)(?:"([^"]*)"?|([^\s"]+))')
_WORD = re.compile(r"[^\W_]+")


@dataclass
class _Group:
    """Terms joined by AND; groups are joined by OR (AND binds tighter, as in websearch)."""

    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FtsQuery:
    match: str  # an FTS5 expression; "" when no term may be matched
    exclude: str  # used only when nothing is included: "every row but these" ("-word" alone)

    @property
    def is_empty(self) -> bool:
        return not self.match and not self.exclude


def _phrase(words: list[str]) -> str:
    # Only letters and digits go inside the quotes, so no input can become FTS5 syntax.
    return '"' + " ".join(words) + '"'


def _groups(text: str) -> list[_Group]:
    groups = [_Group()]
    for terms, token in enumerate(_TOKEN.finditer(text)):
        if terms >= _MAX_TERMS:
            break
        negated, quoted, bare = token.groups()
        if quoted is None and not negated and bare.lower() == "or":
            if groups[-1].include or groups[-1].exclude:
                groups.append(_Group())
            continue
        words = _WORD.findall(quoted if quoted is not None else bare)
        if words:
            (groups[-1].exclude if negated else groups[-1].include).append(_phrase(words))
    return [g for g in groups if g.include or g.exclude]


def to_fts5(query: str) -> FtsQuery:
    """Quoted phrases, OR, leading '-' for NOT and bare words; anything else is dropped."""
    groups = _groups((query or "")[:_MAX_QUERY_LENGTH])
    alternatives = []
    for group in groups:
        if not group.include:
            continue  # FTS5 cannot say "not x" on its own inside an OR; websearch rarely needs it
        expression = " AND ".join(group.include)
        if group.exclude:
            expression = f"({expression}) NOT ({' OR '.join(group.exclude)})"
        alternatives.append(f"({expression})")
    if alternatives:
        return FtsQuery(match=" OR ".join(alternatives), exclude="")
    excluded = [term for group in groups for term in group.exclude]
    return FtsQuery(match="", exclude=" OR ".join(excluded))


# --- JSON string arrays (tags, categories, skill names) ------------------------------------


def json_array_items(dialect: str, column: Any) -> sa.TableValuedAlias:
    """The items of a JSON string array as rows with a `value` column (a lateral FROM item)."""
    function = func.json_array_elements_text if dialect == "postgresql" else func.json_each
    return function(column).table_valued("value")


def json_array_has(dialect: str, column: Any, value: str) -> sa.ColumnElement[bool]:
    if dialect == "postgresql":
        return sa.cast(column, JSONB).contains([value])
    items = json_array_items(dialect, column)
    return sa.exists(select(sa.literal(1)).select_from(items).where(items.c.value == value))


# --- the match, as the library search joins it ------------------------------------------------


def clean_query(query: str | None) -> str:
    # PostgreSQL text cannot hold NUL; a bounded length bounds the work.
    return (query or "").replace("\x00", " ").strip()[:_MAX_QUERY_LENGTH]


@dataclass(frozen=True)
class TextMatch:
    """How a text query reaches the library entries: FROM this, WHERE this, ranked by this
    (higher is better). Visibility and filters are the caller's."""

    source: sa.FromClause
    condition: sa.ColumnElement[bool]
    rank: sa.ColumnElement[Any]


def only_excluded(query: str) -> str:
    """For a query that only excludes ("-spatter -slag"), a query matching what it excludes
    ("spatter" or "slag"), so the library can read everything else by its indexes; else ''."""
    translated = to_fts5(query)
    if translated.match or not translated.exclude:
        return ""
    return " or ".join(term for group in _groups((query or "")[:_MAX_QUERY_LENGTH]) for term in group.exclude)


def text_unmatched(dialect: str, query: str, entries: sa.TableClause) -> sa.ColumnElement[bool]:
    """The entries `query` does not match, as a condition on them (the query includes terms)."""
    unmatched: sa.ColumnElement[bool]
    if dialect == "postgresql":
        tsquery = func.websearch_to_tsquery(sa.literal_column("'english'::regconfig"), query)
        unmatched = sa.not_(entries.c.document.op("@@")(tsquery))
    else:
        fts = sa.table(FTS_TABLE, sa.column("rowid"))
        matched = select(fts.c.rowid).where(sa.literal_column(FTS_TABLE).op("MATCH")(to_fts5(query).match))
        unmatched = sa.not_(entries.c.fts_rowid.in_(matched))
    return unmatched


def text_match(dialect: str, query: str, entries: sa.TableClause) -> TextMatch:
    """The match of `query` over `entries` (library_search's entry table of the database)."""
    if dialect == "postgresql":
        tsquery = func.websearch_to_tsquery(sa.literal_column("'english'::regconfig"), query)
        document = entries.c.document
        return TextMatch(entries, document.op("@@")(tsquery), func.ts_rank_cd(document, tsquery, 32))
    translated = to_fts5(query)
    fts = sa.table(FTS_TABLE, sa.column("rowid"))
    unranked: sa.ColumnElement[Any] = sa.literal_column("0.0")
    if translated.match:
        # bm25 is lower for better matches.
        return TextMatch(
            fts.join(entries, entries.c.fts_rowid == fts.c.rowid),
            sa.literal_column(FTS_TABLE).op("MATCH")(translated.match),
            -sa.literal_column(_BM25),
        )
    if translated.exclude:
        excluded = select(fts.c.rowid).where(sa.literal_column(FTS_TABLE).op("MATCH")(translated.exclude))
        return TextMatch(entries, entries.c.fts_rowid.not_in(excluded), unranked)
    # Nothing searchable (e.g. `"((`): no match, as websearch_to_tsquery's empty query.
    return TextMatch(entries, sa.false(), unranked)
