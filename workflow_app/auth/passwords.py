"""bcrypt hashing at cost 12 (ORIGINS E)."""

from __future__ import annotations

import bcrypt

# The test suite lowers this module attribute to keep thousands of hashes fast.
BCRYPT_COST = 12

# A real hash to compare against when the email is unknown, so timing does not reveal it.
_DUMMY_HASH = bcrypt.hashpw(b"not-a-password", bcrypt.gensalt(4)).decode()


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(BCRYPT_COST)).decode()


def verify_password(password: str, password_hash: str | None) -> bool:
    candidate = password.encode("utf-8")
    if len(candidate) > 72:
        return False
    try:
        return bcrypt.checkpw(candidate, (password_hash or _DUMMY_HASH).encode())
    except ValueError:
        return False
