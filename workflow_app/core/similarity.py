"""Trigram similarity with the meaning of PostgreSQL pg_trgm's `similarity()` on both databases.

PostgreSQL computes it in SQL (pg_trgm, where the trigram indexes live); SQLite has no such
function, so the same arithmetic runs in Python over the candidate names. pg_trgm returns a
`real` (float4), and a threshold written as `> 0.3` compares that float4 widened to float8:
a score of exactly 3/10 passes there. The Python side rounds to float4 the same way, so the
two databases agree on every boundary.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, func, select

SECTION_SIMILARITY = 0.3  # WSOS duplicate warning (ORIGINS C2) and related descriptors (F 24)
DESCRIPTOR_SIMILARITY = 0.4  # duplicate warning on the descriptor form (ORIGINS C3)
SIMILAR_LIMIT = 5
MIN_QUERY_LENGTH = 3

# pg_trgm keeps only alphanumerics (KEEPONLYALNUM); `_` and punctuation separate words.
_WORD = re.compile(r"[^\W_]+")


def trigrams(text: str) -> frozenset[str]:
    """pg_trgm's `show_trgm`: each lower-cased word padded with two spaces before, one after."""
    grams: set[str] = set()
    for word in _WORD.findall((text or "").lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def float4(value: float) -> float:
    """The nearest float4, as a Python float (psycopg reads a `real` as its shortest decimal)."""
    nearest: float = struct.unpack("f", struct.pack("f", value))[0]
    return nearest


def trigram_similarity(a: str, b: str) -> float:
    """|A∩B| / |A∪B| of the two trigram sets, as the float4 pg_trgm returns; 0 if either is empty."""
    left, right = trigrams(a), trigrams(b)
    if not left or not right:
        return 0.0
    shared = len(left & right)
    return float4(shared / (len(left) + len(right) - shared))


def as_percent(score: float) -> int:
    """ "(72% similar)": rounded half up, as the origin's Math.round did."""
    return int(score * 100 + 0.5)


@dataclass(frozen=True)
class SimilarName:
    id: str
    name: str
    score: float

    @property
    def percent(self) -> int:
        return as_percent(self.score)


def similar_names(
    session: Session,
    *,
    name: str,
    column: Any,
    threshold: float,
    limit: int = SIMILAR_LIMIT,
    exclude_id: str | None = None,
    where: Iterable[Any] = (),
) -> list[SimilarName]:
    """Rows of `column`'s table whose value scores above `threshold` against `name`, best first
    (ties by name). `where` narrows the candidates (e.g. not soft-deleted)."""
    text = (name or "").strip()
    if len(text) < MIN_QUERY_LENGTH:
        return []
    id_column = column.class_.id
    conditions = list(where)
    if exclude_id:
        conditions.append(id_column != exclude_id)
    if session.get_bind().dialect.name == "postgresql":
        return _in_sql(session, text, column, id_column, conditions, threshold, limit)
    return _in_python(session, text, column, id_column, conditions, threshold, limit)


def _in_sql(
    session: Session, text: str, column: Any, id_column: Any, conditions: Sequence[Any], threshold: float, limit: int
) -> list[SimilarName]:
    score = func.similarity(column, text)
    # `%` is what the trigram GIN index answers, at the threshold set for this transaction;
    # the score is compared again because `%` means "at least", and ours is "above".
    session.execute(select(func.set_config("pg_trgm.similarity_threshold", str(threshold), True)))
    statement = (
        select(id_column, column, score.label("score"))
        .where(column.op("%")(text), score > threshold, *conditions)
        # Byte order for ties, as Python sorts them, whatever the database's collation.
        .order_by(score.desc(), column.collate("C"), id_column)
        .limit(limit)
    )
    return [SimilarName(id=i, name=n, score=float4(s)) for i, n, s in session.exec(statement)]


def _in_python(
    session: Session, text: str, column: Any, id_column: Any, conditions: Sequence[Any], threshold: float, limit: int
) -> list[SimilarName]:
    found = []
    for row_id, row_name in session.exec(select(id_column, column).where(*conditions)):
        score = trigram_similarity(row_name, text)
        if score > threshold:
            found.append(SimilarName(id=row_id, name=row_name, score=score))
    found.sort(key=lambda s: (-s.score, s.name, s.id))
    return found[:limit]
