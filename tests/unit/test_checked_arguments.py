"""`@checked`: a domain command refuses arguments that are not of their declared types."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from workflow_app.core.arguments import TEXT_ONLY, UNSTORABLE, WRONG_KIND, checked
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Ok


class Colour(enum.Enum):
    RED = "RED"


@checked(any_text=("query",))
def command(
    session,
    *,
    title: str,
    note: str | None = None,
    count: int = 0,
    flag: bool = False,
    colour: Colour | str = "RED",
    tags: str | Iterable[str] | None = None,
    query: str = "",
    extra=None,
):
    return Ok("ran")


def refusal(**kwargs):
    result = command(None, **{"title": "t", **kwargs})
    return None if result.ok else (result.code, result.field_errors)


def test_arguments_of_their_declared_types_run_the_command():
    assert refusal(note=None, count=3, flag=True, colour=Colour.RED, tags=["a", "b"], extra=object()) is None
    assert refusal(title=None) is None  # "not given" is the command's to judge (e.g. "Title is required")


def test_a_wrong_type_is_refused_naming_the_argument():
    assert refusal(title=5) == (ErrorCode.VALIDATION_ERROR, {"title": TEXT_ONLY})
    assert refusal(title=["t"]) == (ErrorCode.VALIDATION_ERROR, {"title": TEXT_ONLY})
    assert refusal(count="3") == (ErrorCode.VALIDATION_ERROR, {"count": WRONG_KIND})
    assert refusal(count=True) == (ErrorCode.VALIDATION_ERROR, {"count": WRONG_KIND})
    assert refusal(tags=[1, 2]) == (ErrorCode.VALIDATION_ERROR, {"tags": TEXT_ONLY})
    assert refusal(colour=3) == (ErrorCode.VALIDATION_ERROR, {"colour": TEXT_ONLY})


def test_text_no_database_stores_is_refused_unless_the_command_takes_any_text():
    assert refusal(title="a\x00b") == (ErrorCode.VALIDATION_ERROR, {"title": UNSTORABLE})
    assert refusal(note="\ud800") == (ErrorCode.VALIDATION_ERROR, {"note": UNSTORABLE})
    assert refusal(tags=["ok", "\x00"]) == (ErrorCode.VALIDATION_ERROR, {"tags": UNSTORABLE})
    assert refusal(query="\x00") is None


def test_arguments_the_command_does_not_take_are_refused_not_raised():
    assert command(None, title="t", unknown=1).code == ErrorCode.VALIDATION_ERROR


@dataclass(frozen=True)
class FormIn:
    name: str | None = None
    sizes: Iterable[str] | None = None
    colour: Colour | None = None


@checked
def command_with_a_model(session, form: FormIn, *, count: int = 0):
    return Ok(form)


def test_an_input_models_fields_are_checked_each_by_its_own_type_naming_the_field():
    assert command_with_a_model(None, FormIn(name="n", sizes=["s"], colour=Colour.RED)).ok
    assert command_with_a_model(None, FormIn()).ok
    assert command_with_a_model(None, FormIn(name=3)).field_errors == {"name": TEXT_ONLY}
    assert command_with_a_model(None, FormIn(sizes=["s", 2])).field_errors == {"sizes": TEXT_ONLY}
    assert command_with_a_model(None, FormIn(name="a\x00")).field_errors == {"name": UNSTORABLE}
    assert command_with_a_model(None, FormIn(colour=5)).field_errors == {"colour": WRONG_KIND}
    assert command_with_a_model(None, FormIn(), count="1").field_errors == {"count": WRONG_KIND}


def test_anything_but_the_model_in_its_place_is_the_wrong_kind():
    for wrong in (None, {"name": "n"}, "form", 1):
        assert command_with_a_model(None, wrong).field_errors == {"form": WRONG_KIND}
