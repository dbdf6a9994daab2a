"""Field rules shared by several commands."""

from __future__ import annotations

import re

from workflow_app.domain import errors as e

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def email_problem(email: str) -> str | None:
    if not email:
        return e.EMAIL_REQUIRED
    if len(email) > 255 or not _EMAIL.match(email):
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
    return None
