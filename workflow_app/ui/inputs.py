"""Every argument a client sends is checked here before any work is done (SPEC §6).

Any client can call any handler with any JSON: a list where text belongs, a megabyte where a
title belongs, a lone surrogate that no database can store. Handlers pass each argument
through these checks first; a refusal carries the field's own message and nothing is stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

NOT_TEXT = "This field accepts text only."


@dataclass(frozen=True)
class Refusal:
    message: str


def text(value: object, *, limit: int, too_long: str) -> str | Refusal:
    """`value` when it is storable text of at most `limit` characters."""
    if not isinstance(value, str):
        return Refusal(NOT_TEXT)
    if len(value) > limit:
        return Refusal(too_long)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: JSON allows them, UTF-8 does not
        return Refusal(NOT_TEXT)
    return value


def short_text(value: object, *, limit: int) -> str:
    """For arguments with no message of their own (a search box, an id, a choice): bad becomes empty."""
    checked = text(value, limit=limit, too_long="")
    return "" if isinstance(checked, Refusal) else checked


def whole_number(value: object, *, low: int, high: int, default: int) -> int:
    """A page number or a count from the client, clamped; anything else is `default`."""
    if isinstance(value, bool):
        return default
    if isinstance(value, str) and value.strip().lstrip("-").isdigit() and len(value) <= 12:
        value = int(value)
    if not isinstance(value, int):
        return default
    return min(max(value, low), high)


def choice(value: object, allowed: frozenset[str] | set[str] | tuple[str, ...], *, default: str = "") -> str:
    """One of `allowed`, else `default`."""
    return value if isinstance(value, str) and value in allowed else default


def text_list(value: object, *, max_items: int, item_limit: int) -> list[str] | None:
    """A list of short strings (selected ids); None when it is anything else or too long."""
    if not isinstance(value, list) or len(value) > max_items:
        return None
    items = [short_text(item, limit=item_limit) for item in value]
    return items if all(items) else None


def form(form_data: object, fields: Mapping[str, tuple[int, str]]) -> tuple[dict[str, str], dict[str, str]] | None:
    """Each named field (name → limit, too-long message) as checked text, and the message of each
    refused field; None when `form_data` is no dict.

    Fields the form does not send count as empty; fields it sends but `fields` does not name are ignored.
    """
    if not isinstance(form_data, dict):
        return None
    values: dict[str, str] = {}
    refused: dict[str, str] = {}
    for name, (limit, too_long) in fields.items():
        checked = text(form_data.get(name, ""), limit=limit, too_long=too_long)
        if isinstance(checked, Refusal):
            refused[name] = checked.message
        else:
            values[name] = checked
    return values, refused
