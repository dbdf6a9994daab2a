"""One page of rows with what a pager needs (server-side pagination).

Counting every matching row for "Page 1 of N" reads the whole range, however small the page:
a million ideas cost seconds. Lists whose totals are not kept as counters count at most
`count_cap` rows (LIMIT inside the count) and say "10,000+" beyond it (`more`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlmodel import Session

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T] = field(default_factory=list)
    page: int = 1
    page_size: int = 20
    total: int = 0
    # The total is a lower bound: counting stopped there (capped_count) and there are more.
    more: bool = False

    @property
    def total_pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.more or self.page < self.total_pages

    @property
    def total_label(self) -> str:
        """ "1,234", or "10,000+" when counting stopped."""
        return f"{self.total:,}" + ("+" if self.more else "")

    @property
    def total_pages_label(self) -> str:
        return f"{self.total_pages:,}" + ("+" if self.more else "")


COUNT_AT_LEAST = 10_000


def count_cap(page: int, page_size: int) -> int:
    """How far a capped count goes: COUNT_AT_LEAST rows, or ten pages past the one asked for, so
    the cost of counting stays that of reading the page itself."""
    return max(COUNT_AT_LEAST, (page + 10) * page_size)


def clamp_page(page: int | str | None) -> int:
    """Page numbers start at 1; anything else (0, negative, garbage) is page 1."""
    try:
        return max(1, int(page or 1))
    except (TypeError, ValueError):
        return 1


def offset_of(page: int, page_size: int) -> int:
    return (page - 1) * page_size


def counter(branch: sa.Select[Any]) -> sa.Select[Any]:
    """`SELECT count(*) FROM (branch LIMIT :count_limit)`, for capped_count. Built once by the
    caller and kept: the limit is a parameter, so one statement serves every cap."""
    limited = branch.limit(sa.bindparam("count_limit", type_=sa.Integer)).subquery()
    return sa.select(sa.func.count()).select_from(limited)


def capped_count(
    session: Session,
    counters: Sequence[sa.Select[Any]],
    cap: int,
    params: Mapping[str, Any] | None = None,
    *,
    found: int = 0,
) -> tuple[int, bool]:
    """How many rows the (disjoint) branches return together, counted no further than `cap`;
    True when there are more. `counters` are the branches' `counter`s, `params` their other
    parameters, `found` what earlier branches counted already (in a statement of the caller's).
    Each branch reads at most cap + 1 index entries."""
    for counted in counters:
        if found > cap:
            break
        found += session.execute(counted, {**(params or {}), "count_limit": cap + 1 - found}).scalar_one()
    return (cap, True) if found > cap else (found, False)
