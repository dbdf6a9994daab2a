"""The data of the database benchmark (bench/db.py): a million ideas, a million audit rows and
200,000 descriptors at full size, written the fastest ordinary way into a migrated schema.

Rows are plain tuples straight into the tables (executemany in one transaction on SQLite, COPY
on PostgreSQL), never through the ORM: the domain is what is measured, not what is seeded. The
SQLite full-text index is kept by the migration's own triggers while the descriptors go in;
PostgreSQL's GIN index is maintained by the COPY itself. A fixed seed makes every run the same.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from workflow_app.descriptors.domain.library_index import drop_search_index, ensure_search_index
from workflow_app.ideas.domain.idea_rules import CATEGORIES
from workflow_app.models import AuditAction, DescriptorBatchStatus, IdeaStatus, QualityIndicator, Role

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)  # the bench's clock; created_at spreads over 2 years before it
SPAN_SECONDS = 730 * 86400
CHUNK = 20_000
# The loading connection's page cache (KiB): random ids land all over each index, and SQLite's
# default 2 MB makes every insert a read from disk. Restored before the connection goes back.
LOAD_CACHE_KIB = 1_000_000
SCM_COUNT, SA_COUNT, SECTION_COUNT = 20, 5, 20
COMMON_WORD = "tolerance"  # in one criterion name of ten: the library search's "common word"
SPECIFIC_QUERY = f"tenons {COMMON_WORD}"  # both words: one descriptor of a hundred


@dataclass(frozen=True)
class Sizes:
    ideas: int
    audit: int
    descriptors: int
    batch_drafts: int  # drafts of the one SCM who submits them (batch submit)
    purge_drafts: int  # expired drafts, half due for soft delete, half for the purge 30 days on
    export_rows: int  # audit rows the CSV export streams (a date range that holds about this many)

    @property
    def authors(self) -> int:  # about 1,000 ideas each at any size: My Ideas lists ~1,000
        return max(2, round(self.ideas / 1000))

    def describe(self) -> str:
        return (
            f"{self.ideas:,} ideas of {self.authors:,} authors, {self.audit:,} audit rows, "
            f"{self.descriptors:,} descriptors; batch submit {self.batch_drafts:,} drafts, "
            f"purge {self.purge_drafts:,} expired drafts, CSV export ~{self.export_rows:,} rows"
        )


FULL = Sizes(1_000_000, 1_000_000, 200_000, 10_000, 50_000, 100_000)
SMALL = Sizes(2_000, 2_000, 500, 100, 200, 1_000)


def parse_size(text: str) -> Sizes:
    """`full`, `small`, or a scale factor of full (`0.1`)."""
    if text in ("full", "small"):
        return FULL if text == "full" else SMALL
    factor = float(text)
    return replace(FULL, **{name: max(50, round(getattr(FULL, name) * factor)) for name in FULL.__dataclass_fields__})


@dataclass(frozen=True)
class People:
    """The ids the scenarios act as (every one a real user row)."""

    authors: list[str]
    admins: list[str]
    scms: list[str]
    sas: list[str]
    batch_scm: str  # owns only the batch-submit drafts
    purge_author: str  # owns only the expired drafts of the purge scenario
    sections: list[str]

    @property
    def count(self) -> int:
        return len(self.authors) + len(self.admins) + len(self.scms) + len(self.sas) + 2


class Loader:
    """One transaction over the raw DBAPI connection; `rows` per table and chunk."""

    def __init__(self, engine: sa.Engine) -> None:
        self.sqlite = engine.dialect.name == "sqlite"
        self.engine = engine

    def __enter__(self) -> Loader:
        self.conn = self.engine.raw_connection()
        self.cursor = self.conn.driver_connection.cursor()
        if self.sqlite:
            self.cache = self.cursor.execute("PRAGMA cache_size").fetchone()[0]
            self.cursor.execute(f"PRAGMA cache_size = -{LOAD_CACHE_KIB}")
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        (self.conn.commit if kind is None else self.conn.rollback)()
        if self.sqlite:
            self.cursor.execute(f"PRAGMA cache_size = {self.cache}")
        self.conn.close()

    def stamp(self, moment: datetime | None) -> Any:
        """A moment as the column holds it: SQLAlchemy's SQLite text form, naive UTC on PostgreSQL."""
        if moment is None:
            return None
        naive = moment.replace(tzinfo=None)
        return naive.strftime("%Y-%m-%d %H:%M:%S.%f") if self.sqlite else naive

    def rows(self, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
        names = ", ".join(columns)
        if self.sqlite:
            batch = list(rows)
            self.cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})", batch)
            return len(batch)
        count = 0
        with self.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count

    def execute(self, statement: str, parameters: Sequence[Any] = ()) -> None:
        mark = "?" if self.sqlite else "%s"
        self.cursor.execute(statement.replace("?", mark), parameters)


@contextmanager
def search_index_rebuilt(engine: sa.Engine) -> Iterator[None]:
    """SQLite: the FTS5 index is dropped while the descriptors go in and rebuilt by the project's
    own backfill (library_index.ensure_search_index, what migration 0002 runs), several times
    faster than its per-row triggers. Refuses if the migrated FTS schema is not the one it rebuilds."""
    if engine.dialect.name != "sqlite":
        yield
        return
    migrated = _fts_schema(engine)
    drop_search_index(engine)
    yield
    ensure_search_index(engine)
    if _fts_schema(engine) != migrated:
        raise RuntimeError("the migrated FTS5 schema differs from library_index's: let its triggers run instead")


def _fts_schema(engine: sa.Engine) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        found = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE name LIKE 'descriptor_fts%' ORDER BY name"
        ).all()
    return [(name, sql or "") for name, sql in found]


class Maker:
    """Deterministic ids, moments and texts."""

    def __init__(self, load: Loader, seed: int) -> None:
        self.rng = random.Random(seed)
        self.load = load

    def id(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def moment(self) -> datetime:
        return NOW - timedelta(seconds=self.rng.random() * SPAN_SECONDS)

    def stamp(self, moment: datetime | None) -> Any:
        return self.load.stamp(moment)


# --- users, sections, skills --------------------------------------------------------------------

USER_COLUMNS = (
    "id",
    "email",
    "display_name",
    "password_hash",
    "role",
    "deactivated_at",
    "email_verified_at",
    "created_at",
    "updated_at",
)


def make_people(load: Loader, sizes: Sizes) -> People:
    make = Maker(load, seed=1)
    made: dict[str, list[str]] = {"author": [], "admin": [], "scm": [], "sa": [], "batch": [], "purge": []}
    plan = [
        ("author", Role.SUBMITTER, sizes.authors),
        ("admin", Role.ADMIN, 5),
        ("scm", Role.SCM, SCM_COUNT),
        ("sa", Role.SA, SA_COUNT),
        ("batch", Role.SCM, 1),
        ("purge", Role.SUBMITTER, 1),
    ]
    rows = []
    for kind, role, count in plan:
        for i in range(count):
            user_id, joined = make.id(), make.stamp(NOW - timedelta(days=800))
            made[kind].append(user_id)
            name = f"{kind.title()} {i} Person"
            rows.append((user_id, f"{kind}{i}@bench.example", name, "x", role.value, None, joined, joined, joined))
    load.rows("user_account", USER_COLUMNS, rows)
    sections = _sections(load, make, made["admin"][0])
    _skills(load, make, made)
    return People(made["author"], made["admin"], made["scm"], made["sa"], made["batch"][0], made["purge"][0], sections)


SECTION_NAMES = ("Work organisation", "Measurement", "Cutting", "Joining", "Finishing", "Installation", "Safety")


def _sections(load: Loader, make: Maker, admin: str) -> list[str]:
    ids, stamp = [], make.stamp(NOW - timedelta(days=800))
    rows = []
    for i in range(SECTION_COUNT):
        ids.append(make.id())
        name = f"{SECTION_NAMES[i % len(SECTION_NAMES)]} {i // len(SECTION_NAMES) + 1}"
        rows.append((ids[-1], name, None, admin, stamp, stamp))
    load.rows("wsos_section", ("id", "name", "description", "created_by_id", "created_at", "updated_at"), rows)
    return ids


def _skills(load: Loader, make: Maker, made: dict[str, list[str]]) -> None:
    """Skill i: SCM i advised by SA i % 5; the batch SCM's skill goes to the last SA, so the
    first SA's queue (SA queue scenario) never sees the batch-submit drafts."""
    stamp = make.stamp(NOW - timedelta(days=800))
    pairs = [(scm, made["sa"][i % SA_COUNT]) for i, scm in enumerate(made["scm"])]
    pairs.append((made["batch"][0], made["sa"][-1]))
    rows = [
        (make.id(), f"S{i}", f"Skill {i}", "Construction", None, sa_id, scm_id, stamp)
        for i, (scm_id, sa_id) in enumerate(pairs)
    ]
    load.rows("skill", ("id", "code", "name", "sector", "notes", "sa_id", "scm_id", "created_at"), rows)


# --- ideas and their reviews --------------------------------------------------------------------

IDEA_COLUMNS = (
    "id",
    "title",
    "description",
    "category",
    "status",
    "visibility",
    "dynamic_fields",
    "is_anonymous",
    "draft_expires_at",
    "is_expired_draft",
    "soft_deleted_at",
    "version",
    "author_id",
    "created_at",
    "updated_at",
)
REVIEW_COLUMNS = ("id", "idea_id", "reviewer_id", "decision", "comment", "started_at", "decided_at", "created_at")
# ~20 % SUBMITTED, most decided, a few drafts and claims (percent).
IDEA_STATUSES = (
    (IdeaStatus.DRAFT, 4.0),
    (IdeaStatus.SUBMITTED, 20.0),
    (IdeaStatus.UNDER_REVIEW, 0.5),
    (IdeaStatus.ACCEPTED, 40.0),
    (IdeaStatus.REJECTED, 35.5),
)
WORDS = ("faster", "onboarding", "shared", "tooling", "greener", "badge", "kiosk", "reuse", "rota", "pilot", "audit")


def _idea(make: Maker, author: str, n: int, status: IdeaStatus, created: datetime, **draft: Any) -> tuple[Any, ...]:
    rng = make.rng
    words = " ".join(rng.choice(WORDS) for _ in range(4))
    category = rng.choice(list(CATEGORIES))
    visibility = "PRIVATE" if rng.random() < 0.2 else "PUBLIC"
    expires = draft.get("expires")
    stamp = make.stamp(created)
    return (
        make.id(),
        f"Idea {n}: {words}",
        f"We could make the {words} work better for everyone. " * 3,
        category,
        status.value,
        visibility,
        None,
        False,
        make.stamp(expires),
        draft.get("expired", False),
        make.stamp(draft.get("soft_deleted")),
        1,
        author,
        stamp,
        stamp,
    )


def make_ideas(load: Loader, sizes: Sizes, people: People) -> int:
    """The ideas, each decided or claimed one with its idea_review row, in chunks."""
    make = Maker(load, seed=2)
    statuses, weights = zip(*IDEA_STATUSES, strict=True)
    written = 0
    for start in range(0, sizes.ideas, CHUNK):
        ideas, reviews = [], []
        for n in range(start, min(sizes.ideas, start + CHUNK)):
            status, created = make.rng.choices(statuses, weights)[0], make.moment()
            live = {"expires": NOW + timedelta(days=make.rng.uniform(1, 30))} if status == IdeaStatus.DRAFT else {}
            ideas.append(_idea(make, people.authors[n % len(people.authors)], n, status, created, **live))
            if status not in (IdeaStatus.DRAFT, IdeaStatus.SUBMITTED):
                reviews.append(_review(make, ideas[-1][0], status, created, make.rng.choice(people.admins)))
        written += load.rows("idea", IDEA_COLUMNS, ideas)
        load.rows("idea_review", REVIEW_COLUMNS, reviews)
    return written


def _review(make: Maker, idea_id: str, status: IdeaStatus, created: datetime, admin: str) -> tuple[Any, ...]:
    started = min(NOW, created + timedelta(hours=make.rng.uniform(1, 200)))
    decided = None if status == IdeaStatus.UNDER_REVIEW else min(NOW, started + timedelta(hours=2))
    decision = None if decided is None else status.value
    comment = None if decided is None else "Thanks, reviewed against this quarter's goals."
    return (
        make.id(),
        idea_id,
        admin,
        decision,
        comment,
        make.stamp(started),
        make.stamp(decided),
        make.stamp(started),
    )


def purge_drafts(load: Loader, sizes: Sizes, people: People) -> list[tuple[Any, ...]]:
    """The purge scenario's drafts, the same rows every time: half expired 1–10 days ago (soft
    delete is due), half soft-deleted 31–60 days ago (the purge is due)."""
    make = Maker(load, seed=3)
    rows = []
    for n in range(sizes.purge_drafts):
        created = NOW - timedelta(days=make.rng.uniform(61, 90))
        if n % 2:
            state = {"expires": NOW - timedelta(days=make.rng.uniform(1, 10))}
        else:
            gone = NOW - timedelta(days=make.rng.uniform(31, 60))
            state = {"expires": gone - timedelta(days=1), "expired": True, "soft_deleted": gone}
        rows.append(_idea(make, people.purge_author, n, IdeaStatus.DRAFT, created, **state))
    return rows


# --- audit log ----------------------------------------------------------------------------------

AUDIT_COLUMNS = (
    "actor_id",
    "actor_name",
    "action",
    "target_type",
    "target_id",
    "target_title",
    "details",
    "created_at",
)
AUDIT_ACTIONS = (
    (AuditAction.DRAFT_AUTOSAVED, 30),
    (AuditAction.IDEA_CREATED, 20),
    (AuditAction.IDEA_REVIEW_STARTED, 10),
    (AuditAction.IDEA_REVIEWED, 10),
    (AuditAction.DESCRIPTOR_UPDATED, 15),
    (AuditAction.DESCRIPTOR_APPROVED, 10),
    (AuditAction.USER_DISPLAY_NAME_CHANGED, 5),
)


def make_audit(load: Loader, sizes: Sizes, people: People) -> int:
    make = Maker(load, seed=4)
    actions, weights = zip(*AUDIT_ACTIONS, strict=True)
    actors = [(a, f"Author {i} Person") for i, a in enumerate(people.authors)]
    actors += [(a, f"Admin {i} Person") for i, a in enumerate(people.admins)]
    written = 0
    for start in range(0, sizes.audit, CHUNK):
        rows = []
        for n in range(start, min(sizes.audit, start + CHUNK)):
            action = make.rng.choices(actions, weights)[0]
            actor_id, actor_name = make.rng.choice(actors)
            target = "descriptor" if action.name.startswith("DESCRIPTOR") else "idea"
            details = {"reviewerId": actor_id, "decision": "ACCEPTED"} if action == AuditAction.IDEA_REVIEWED else {}
            title = f"Idea {n}: {make.rng.choice(WORDS)}"
            rows.append(
                (
                    actor_id,
                    actor_name,
                    action.value,
                    target,
                    make.id(),
                    title,
                    json.dumps(details),
                    make.stamp(make.moment()),
                )
            )
        written += load.rows("audit_log", AUDIT_COLUMNS, rows)
    return written


# --- descriptors --------------------------------------------------------------------------------

DESCRIPTOR_COLUMNS = (
    "id",
    "code",
    "criterion_name",
    "score3",
    "score2",
    "score1",
    "score0",
    "source",
    "skill_names",
    "sector",
    "categories",
    "tags",
    "schema_version",
    "quality_indicator",
    "deleted_at",
    "deleted_by",
    "wsos_section_id",
    "batch_status",
    "batch_id",
    "created_by_id",
    "submitted_at",
    "reviewer_id",
    "reviewed_at",
    "review_comment",
    "was_modified_during_approval",
    "row_version",
    "created_at",
    "updated_at",
)
VERBS = ("Measures", "Cuts", "Assembles", "Finishes", "Checks", "Prepares", "Marks out", "Joins", "Sands", "Installs")
OBJECTS = ("joints", "panels", "frames", "edges", "surfaces", "mouldings", "fixings", "drawers", "doors", "tenons")
MANNERS = (
    "accurately",
    "safely",
    "to the drawing",
    f"within {COMMON_WORD}",
    "square and true",
    "without defects",
    "neatly",
    "on time",
    "cleanly",
    "to specification",
)
LEVELS = ("exceed the industry standard", "meet the standard", "show minor faults", "are not acceptable")
LIBRARY_CATEGORIES = ("Safety", "Measurement", "Quality", "Finishing", "Planning")
TAGS = ("hand tools", "machining", "layout", "glue", "hardware", "timber", "finish", "health")
# (batch status, source, percent): most in the library (no batch status, or approved).
DESCRIPTOR_KINDS = (
    (None, "Import", 60.0),
    (None, "Manual", 10.0),
    (DescriptorBatchStatus.APPROVED, "SCM", 20.0),
    (DescriptorBatchStatus.PENDING_REVIEW, "SCM", 5.0),
    (DescriptorBatchStatus.DRAFT, "SCM", 3.0),
    (DescriptorBatchStatus.RETURNED, "SCM", 2.0),
)
QUALITIES = tuple(QualityIndicator)


def _descriptor(make: Maker, n: int, kind: tuple[Any, str], people: People, scm: str | None) -> tuple[Any, ...]:
    rng = make.rng
    status, source = kind
    verb, thing = rng.choice(VERBS), rng.choice(OBJECTS)
    created = make.moment()
    submitted = None if status in (None, DescriptorBatchStatus.DRAFT) else created + timedelta(days=1)
    reviewed = (
        submitted + timedelta(days=2)
        if status in (DescriptorBatchStatus.APPROVED, DescriptorBatchStatus.RETURNED)
        else None
    )
    deleted = make.stamp(created + timedelta(days=3)) if rng.random() < 0.01 else None
    section = rng.choice(people.sections)
    return (
        make.id(),
        f"D{n}",
        f"{verb} {thing} {rng.choice(MANNERS)}",
        *(f"All {thing} {level}" for level in LEVELS),
        source,
        json.dumps([f"Skill {rng.randrange(SCM_COUNT)}"]),
        "Construction",
        json.dumps(rng.sample(LIBRARY_CATEGORIES, rng.randint(1, 2))),
        json.dumps(rng.sample(TAGS, rng.randint(0, 3))),
        1,
        rng.choice(QUALITIES).value,
        deleted,
        None,
        section,
        None if status is None else status.value,
        None if submitted is None else f"{rng.getrandbits(128):032x}",
        scm,
        make.stamp(submitted),
        None if reviewed is None else people.sas[0],
        make.stamp(reviewed),
        "Please tighten the wording." if status == DescriptorBatchStatus.RETURNED else None,
        False,
        1,
        make.stamp(created),
        make.stamp(created),
    )


def make_descriptors(load: Loader, sizes: Sizes, people: People) -> int:
    make = Maker(load, seed=5)
    kinds, weights = [k[:2] for k in DESCRIPTOR_KINDS], [k[2] for k in DESCRIPTOR_KINDS]
    written = 0
    for start in range(0, sizes.descriptors, CHUNK):
        rows = []
        for n in range(start, min(sizes.descriptors, start + CHUNK)):
            kind = make.rng.choices(kinds, weights)[0]
            scm = people.scms[n % SCM_COUNT] if kind[1] == "SCM" else None
            rows.append(_descriptor(make, n, kind, people, scm))
        written += load.rows("descriptor", DESCRIPTOR_COLUMNS, rows)
    return written


def batch_drafts(load: Loader, sizes: Sizes, people: People) -> list[tuple[Any, ...]]:
    """The batch SCM's fresh drafts, the same rows every time."""
    make = Maker(load, seed=6)
    kind = (DescriptorBatchStatus.DRAFT, "SCM")
    return [_descriptor(make, n, kind, people, people.batch_scm) for n in range(sizes.batch_drafts)]
