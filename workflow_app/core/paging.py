"""One page of rows with what a pager needs (server-side pagination)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T] = field(default_factory=list)
    page: int = 1
    page_size: int = 20
    total: int = 0

    @property
    def total_pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.total_pages


def clamp_page(page: int | str | None) -> int:
    """Page numbers start at 1; anything else (0, negative, garbage) is page 1."""
    try:
        return max(1, int(page or 1))
    except (TypeError, ValueError):
        return 1


def offset_of(page: int, page_size: int) -> int:
    return (page - 1) * page_size
