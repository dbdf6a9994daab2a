"""bcrypt hashing at cost 12 (ORIGINS E)."""

from __future__ import annotations

import bcrypt

from workflow_app import loop_guard

# The test suite lowers this module attribute to keep thousands of hashes fast.
BCRYPT_COST = 12

_dummy_hashes: dict[int, bytes] = {}


def _dummy_hash() -> bytes:
    """A hash at the current cost, checked when the email is unknown so timing reveals nothing."""
    if BCRYPT_COST not in _dummy_hashes:
        _dummy_hashes[BCRYPT_COST] = bcrypt.hashpw(b"unknown-account", bcrypt.gensalt(BCRYPT_COST))
    return _dummy_hashes[BCRYPT_COST]


def hash_password(password: str) -> str:
    loop_guard.check("bcrypt hash")
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(BCRYPT_COST)).decode()


def verify_password(password: str, password_hash: str | None) -> bool:
    loop_guard.check("bcrypt check")
    candidate = password.encode("utf-8")
    if len(candidate) > 72:
        return False
    if not password_hash:
        bcrypt.checkpw(candidate, _dummy_hash())  # spend the same time, then refuse
        return False
    try:
        return bcrypt.checkpw(candidate, password_hash.encode())
    except ValueError:
        return False
