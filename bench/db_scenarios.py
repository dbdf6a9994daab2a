"""The database benchmark's scenarios: each one domain call, as the page or the job makes it,
with a real Actor and a Session from the project's engine (bench/db.py times them)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from bench.db_data import COMMON_WORD, DESCRIPTOR_COLUMNS, IDEA_COLUMNS, NOW, SPECIFIC_QUERY, Loader, People, Sizes
from workflow_app.core.actor import Actor
from workflow_app.core.audit_log import AuditFilters, audit_csv_chunks, search_audit_log
from workflow_app.core.clock import FixedClock
from workflow_app.core.paging import Page
from workflow_app.core.result import Err, Ok
from workflow_app.descriptors.domain import descriptor_queries, descriptors, library, library_export
from workflow_app.ideas.domain import dashboard, draft_expiry, idea_queries
from workflow_app.models import User

CLOCK = FixedClock(NOW)


@dataclass(frozen=True)
class Scenario:
    name: str
    run: Callable[[sa.Engine], int]  # the domain call; how many rows (or rows changed) it gave
    reset: Callable[[sa.Engine], None] | None = None  # regenerates what a write used up; not timed
    chunked: bool = False  # time each transaction (the purge's chunks)


def value(result: Ok[Any] | Err) -> Any:
    if isinstance(result, Err):
        raise RuntimeError(f"the domain refused: {result}")
    return result.value


def count(found: Any) -> int:
    if isinstance(found, Page):
        return len(found.items)
    return len(found)


def reading(call: Callable[[Session], Any]) -> Callable[[sa.Engine], int]:
    """A page's read: one session (as ui opens it), the call, the rows it gave."""

    def run(engine: sa.Engine) -> int:
        with Session(engine, expire_on_commit=False) as session:
            return count(call(session))

    return run


@dataclass(frozen=True)
class Cast:
    """The actors of the scenarios, read from the database as the app does."""

    submitter: Actor
    author: Actor  # ~1,000 ideas of their own
    admin: Actor
    scm: Actor
    sa: Actor
    batch_scm: Actor

    @classmethod
    def of(cls, engine: sa.Engine, people: People) -> Cast:
        with Session(engine) as session:

            def actor(user_id: str) -> Actor:
                user = session.get(User, user_id)
                assert user is not None
                return Actor.of(user)

            return cls(
                submitter=actor(people.authors[1]),
                author=actor(people.authors[0]),
                admin=actor(people.admins[0]),
                scm=actor(people.scms[0]),
                sa=actor(people.sas[0]),
                batch_scm=actor(people.batch_scm),
            )


def idea_scenarios(cast: Cast, sizes: Sizes) -> list[Scenario]:
    q, d = idea_queries, dashboard
    deep = max(1, min(500, round(sizes.ideas * 0.2 / d.QUEUE_PAGE_SIZE) - 1))  # a page that exists
    return [
        Scenario("ideas list · submitter p1", reading(lambda s: value(q.list_ideas(s, cast.submitter)))),
        Scenario("ideas list · submitter p50", reading(lambda s: value(q.list_ideas(s, cast.submitter, page=50)))),
        Scenario(
            "ideas list · submitter, category",
            reading(lambda s: value(q.list_ideas(s, cast.submitter, category="cost-reduction"))),
        ),
        Scenario("ideas list · admin p1", reading(lambda s: value(q.list_ideas(s, cast.admin)))),
        Scenario("My Ideas (~1,000)", reading(lambda s: q.my_submitted_ideas(s, cast.author))),
        Scenario("review queue p1", reading(lambda s: value(d.pending_review_queue(s, cast.admin)))),
        Scenario(f"review queue p{deep}", reading(lambda s: value(d.pending_review_queue(s, cast.admin, page=deep)))),
        Scenario("in-review list", reading(lambda s: value(d.in_review_list(s, cast.admin)))),
        Scenario("status cards", reading(lambda s: value(d.status_cards(s, cast.admin)))),
    ]


def streamed_rows(pieces: Iterable[str]) -> range:
    """A CSV download's rows, counted as its pieces stream by and then dropped, as a download
    does: a memory figure is then the export's own, not the lines a list here would keep."""
    lines = sum(piece.count("\n") for piece in pieces)
    return range(lines - 1)  # without the header


def export_filters(sizes: Sizes) -> AuditFilters:
    """A date range holding about `export_rows` of the audit rows (spread evenly over 730 days)."""
    days = max(1, round(730 * sizes.export_rows / sizes.audit))
    return AuditFilters(date_from=(NOW - timedelta(days=days - 1)).date(), date_to=NOW.date())


def audit_scenarios(cast: Cast, sizes: Sizes) -> list[Scenario]:
    filters = export_filters(sizes)

    def export(session: Session) -> range:
        return streamed_rows(value(audit_csv_chunks(session, cast.admin, filters=filters)))

    some_authors = f"author {max(1, sizes.authors // 80)}"  # Author 12, 120–129 of 1,000

    return [
        Scenario("audit search p1", reading(lambda s: value(search_audit_log(s, cast.admin)))),
        Scenario(
            "audit search · action", reading(lambda s: value(search_audit_log(s, cast.admin, action="IDEA_REVIEWED")))
        ),
        Scenario(
            "audit search · actor name",
            reading(lambda s: value(search_audit_log(s, cast.admin, actor_query="admin 1"))),
        ),
        Scenario(  # at full size eleven names, ~11,000 entries: past the count's cap, within the reach
            "audit search · actor name (a few names)",
            reading(lambda s: value(search_audit_log(s, cast.admin, actor_query=some_authors))),
        ),
        Scenario(  # every name: the log newest first
            "audit search · actor name (every name)",
            reading(lambda s: value(search_audit_log(s, cast.admin, actor_query="person"))),
        ),
        Scenario(f"audit CSV export ({filters.date_from}…)", reading(export)),
    ]


def descriptor_scenarios(cast: Cast) -> list[Scenario]:
    def my_descriptors(session: Session) -> list[Any]:
        sections = value(descriptor_queries.my_descriptors(session, cast.scm))
        return [row for section in sections.values() for row in section.rows]

    return [
        Scenario(
            f"library search '{COMMON_WORD}'",
            reading(lambda s: value(library.search_descriptors(s, cast.scm, query=COMMON_WORD))),
        ),
        Scenario(
            f"library search '{SPECIFIC_QUERY}'",
            reading(lambda s: value(library.search_descriptors(s, cast.scm, query=SPECIFIC_QUERY))),
        ),
        Scenario(
            f"library search '{COMMON_WORD}', category",
            reading(lambda s: value(library.search_descriptors(s, cast.scm, query=COMMON_WORD, category="Safety"))),
        ),
        Scenario("library, no query", reading(lambda s: value(library.search_descriptors(s, cast.scm)))),
        Scenario(
            "library, no query, category + skill",
            reading(lambda s: value(library.search_descriptors(s, cast.scm, category="Safety", skill="Skill 3"))),
        ),
        Scenario(
            "library CSV export (all)",
            reading(lambda s: streamed_rows(value(library_export.library_csv_chunks(s, cast.scm)))),
        ),
        Scenario("SA queue p1", reading(lambda s: value(descriptor_queries.sa_queue(s, cast.sa)))),
        Scenario("My Descriptors", reading(my_descriptors)),
    ]


def _refill(table: str, columns: tuple[str, ...], owner: str, owner_id: str, rows: list[tuple[Any, ...]]):
    def reset(engine: sa.Engine) -> None:
        with Loader(engine) as load:
            load.execute(f"DELETE FROM {table} WHERE {owner} = ?", (owner_id,))
            load.rows(table, columns, rows)

    return reset


def write_scenarios(cast: Cast, sizes: Sizes, drafts: list[tuple[Any, ...]], expired: list[tuple[Any, ...]]):
    def submit(engine: sa.Engine) -> int:
        with Session(engine, expire_on_commit=False) as session:
            return int(value(descriptors.submit_batch(session, cast.batch_scm, clock=CLOCK)).count)

    def purge(engine: sa.Engine) -> int:
        report = draft_expiry.expire_drafts(engine, clock=CLOCK)
        return report.soft_deleted + report.hard_deleted

    purge_author = expired[0][IDEA_COLUMNS.index("author_id")]
    return [
        Scenario(
            f"batch submit ({sizes.batch_drafts:,} drafts)",
            submit,
            reset=_refill("descriptor", DESCRIPTOR_COLUMNS, "created_by_id", cast.batch_scm.user_id, drafts),
        ),
        Scenario(
            f"draft purge ({sizes.purge_drafts:,} drafts)",
            purge,
            reset=_refill("idea", IDEA_COLUMNS, "author_id", purge_author, expired),
            chunked=True,
        ),
    ]
