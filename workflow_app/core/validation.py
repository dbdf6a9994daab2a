"""Field rules shared by several commands, and the one way a command reports them (`invalid`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from email_validator import EmailNotValidError, validate_email

from workflow_app.core import errors as e
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Err

# Control characters, and the invisible ones that make a name or a title read as something
# else: bidi overrides (U+202E turns "txt.exe" around), zero-width spaces and joiners, BOMs.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# In long text only control characters (NUL, which PostgreSQL cannot store, among them) and lone
# surrogates: pasted prose carries soft hyphens and emoji joiners, and newlines belong there.
_CONTROL_IN_PROSE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def has_hidden_characters(text: str, *, multiline: bool = False) -> bool:
    """True when `text` holds a control or invisible character; `multiline` (descriptions):
    only control characters other than newlines and tabs count."""
    if multiline:
        return _CONTROL_IN_PROSE.search(text) is not None
    return any(unicodedata.category(ch) in _HIDDEN for ch in text)


def email_problem(email: str) -> str | None:
    if not email:
        return e.EMAIL_REQUIRED
    if len(email) > 255:
        return e.EMAIL_INVALID
    try:  # the RFC's rules, not a pattern: `a,b@evil.example` is no address
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return e.EMAIL_INVALID
    return None


def password_problem(password: str) -> str | None:
    """The registration policy: 8–72 characters with an upper, a lower and a digit."""
    if len(password) < 8:
        return e.PASSWORD_TOO_SHORT
    if len(password.encode("utf-8")) > 72:
        return e.PASSWORD_TOO_LONG
    if not re.search(r"[A-Z]", password):
        return e.PASSWORD_NEEDS_UPPER
    if not re.search(r"[a-z]", password):
        return e.PASSWORD_NEEDS_LOWER
    if not re.search(r"[0-9]", password):
        return e.PASSWORD_NEEDS_DIGIT
    return None


def display_name_problem(display_name: str) -> str | None:
    if not display_name:
        return e.DISPLAY_NAME_EMPTY
    if len(display_name) > 50:
        return e.DISPLAY_NAME_TOO_LONG
    if has_hidden_characters(display_name):
        return e.DISPLAY_NAME_HIDDEN_CHARACTERS
    return None


def invalid(problems: Mapping[str, str], order: Sequence[str] = ()) -> Err:
    """VALIDATION_ERROR carrying every field's problem; its message is the first problem in
    `order` (the form's order, so the top-most field speaks first), else the first found."""
    first = next(problems[name] for name in (*order, *problems) if name in problems)
    return Err(ErrorCode.VALIDATION_ERROR, first, dict(problems))
