"""The types a domain command declares, checked before it runs (SPEC §6).

The pages check what a browser sends, but a command is also called by the CLI, the API
routes and tests, and any of them may pass a number where text belongs, or text no database
stores (NUL, which PostgreSQL refuses in text; a lone surrogate, which is no UTF-8). A command
marked `@checked` answers those with a validation error naming the argument, before any read
or write, instead of raising somewhere inside:

    @checked
    def submit_idea(session: Session, actor: Actor, *, title: str, ...) -> Result[str]:

Checked are the annotations `str`, `int`, `bool`, unions of them with None or an Enum, and
`Iterable[str]`, and the same inside an input model (a dataclass such as `DescriptorIn`: each
field by its own annotation, a refusal naming the field); anything else (the session, the actor,
the clock) is taken as given.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import enum
import functools
import inspect
import re
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err

F = TypeVar("F", bound=Callable[..., Any])

TEXT_ONLY = "This field accepts text only."
WRONG_KIND = "This value is not of the kind expected here."
UNSTORABLE = "This field contains characters that cannot be stored."
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_ITERABLES = (list, tuple, set, frozenset)


def _refusal(name: str, message: str) -> Err:
    return Err(ErrorCode.VALIDATION_ERROR, message, {name: message})


def _text_problem(value: str) -> str | None:
    return UNSTORABLE if _UNSTORABLE.search(value) else None


def _problem(value: Any, hint: Any) -> str | None:
    """Why `value` is not of the declared type `hint`; None when it is (or `hint` is not checked)."""
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return WRONG_KIND  # an input model's place holds something else (one that is a model is unpacked)
    options = typing.get_args(hint) if typing.get_origin(hint) in (typing.Union, types.UnionType) else (hint,)
    checked = [o for o in options if o in (str, int, bool, type(None)) or _is_enum(o) or _is_text_iterable(o)]
    if len(checked) != len(options):
        return None  # a type this module does not check
    wrong = TEXT_ONLY if str in options else WRONG_KIND
    if value is None:  # "not given": the command says what it needs (e.g. "Title is required")
        return None
    if isinstance(value, str) and str in options:
        return _text_problem(value)
    if isinstance(value, bool):
        return None if bool in options else wrong
    if isinstance(value, int) and int in options:
        return None
    if any(_is_enum(o) and isinstance(value, o) for o in options):
        return None
    if isinstance(value, _ITERABLES) and any(_is_text_iterable(o) for o in options):
        if not all(isinstance(item, str) for item in value):
            return TEXT_ONLY
        return next(filter(None, map(_text_problem, value)), None)
    return wrong


def _is_enum(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, enum.Enum)


def _is_text_iterable(hint: Any) -> bool:
    return typing.get_origin(hint) in (collections.abc.Iterable, list, tuple, set, frozenset) and typing.get_args(hint)[
        :1
    ] == (str,)


def _arguments(given: dict[str, Any], declared: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(name, value, declared type) of every argument, an input model's fields in its place."""
    found: list[tuple[str, Any, Any]] = []
    for name, value in given.items():
        hint = declared.get(name)
        if isinstance(hint, type) and dataclasses.is_dataclass(hint) and isinstance(value, hint):
            fields = _model_hints(hint)
            found += [(f.name, getattr(value, f.name), fields[f.name]) for f in dataclasses.fields(hint)]
        elif hint is not None:
            found.append((name, value, hint))
    return found


@functools.cache
def _model_hints(model: type) -> dict[str, Any]:
    return typing.get_type_hints(model)


@typing.overload
def checked(command: F, *, any_text: tuple[str, ...] = ()) -> F: ...
@typing.overload
def checked(command: None = None, *, any_text: tuple[str, ...] = ()) -> Callable[[F], F]: ...
def checked(command: F | None = None, *, any_text: tuple[str, ...] = ()) -> Any:
    """Refuses arguments that are not of their declared types (see the module's doc).

    `any_text`: text arguments the command takes with any characters (a search box, which
    stores nothing): only their type is checked.
    """
    if command is None:
        return functools.partial(checked, any_text=any_text)
    signature = inspect.signature(command)

    @functools.cache
    def hints() -> dict[str, Any]:
        return typing.get_type_hints(command)

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError:
            return Err(ErrorCode.VALIDATION_ERROR, WRONG_KIND)
        for name, value, hint in _arguments(bound.arguments, hints()):
            problem = _problem(value, hint)
            if problem is not None and not (problem == UNSTORABLE and name in any_text):
                return _refusal(name, problem)
        return command(*args, **kwargs)

    return typing.cast(F, run)
