"""Single-use links mailed to a person: verify the address (24 h), reset the password (1 h).

The link carries 64 random hex digits; only their SHA-256 is stored, so a database dump opens
no account. A link is burned by a compare-and-set on `used_at`, so two clicks cannot both win.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from sqlmodel import Session, col, select, update

from workflow_app.core import ratelimit
from workflow_app.core.clock import Clock
from workflow_app.models import EmailToken, User

_TOKEN = re.compile(r"[0-9a-f]{64}")


class Purpose(str, Enum):
    VERIFY = "verify"
    RESET = "reset"


# Mails of one purpose to one address: at most this many in the window, whether or not it has
# an account (the answer must not tell which).
MAILS_PER_WINDOW, MAIL_WINDOW = 3, timedelta(minutes=15)
LIFETIME = {Purpose.VERIFY: timedelta(hours=24), Purpose.RESET: timedelta(hours=1)}
PATHS = {Purpose.VERIFY: "/verify-email", Purpose.RESET: "/reset-password"}


@dataclass(frozen=True)
class Link:
    """A link to mail, returned with `Ok` and sent after the commit (never logged)."""

    purpose: Purpose
    email: str
    display_name: str
    token: str

    @property
    def path(self) -> str:
        return f"{PATHS[self.purpose]}?token={self.token}"


class Standing(str, Enum):
    """What a link presented to the app is worth."""

    VALID = "valid"
    USED = "used"
    EXPIRED = "expired"
    UNKNOWN = "unknown"  # never issued, mistyped or tampered with


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(session: Session, user: User, *, purpose: Purpose, clock: Clock) -> Link:
    """A new link for `user` (the caller commits)."""
    token = secrets.token_hex(32)
    now = clock.now()
    session.add(
        EmailToken(
            token_hash=_digest(token),
            user_id=user.id,
            purpose=purpose.value,
            created_at=now,
            expires_at=now + LIFETIME[purpose],
        )
    )
    return Link(purpose=purpose, email=user.email, display_name=user.display_name, token=token)


def may_mail(session: Session, *, purpose: Purpose, email: str, clock: Clock) -> bool:
    """Counts this request against the address's limit; False when it asked too often (the caller commits)."""
    key = f"{purpose.value}-mail:{email}"
    if ratelimit.count_recent(session, key=key, window=MAIL_WINDOW, clock=clock) >= MAILS_PER_WINDOW:
        return False
    ratelimit.hit(session, key=key, clock=clock)
    return True


def look_up(session: Session, token: object, *, purpose: Purpose, clock: Clock) -> tuple[Standing, EmailToken | None]:
    """The link's standing and row (None when unknown); changes nothing."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return Standing.UNKNOWN, None
    row = session.exec(
        select(EmailToken).where(col(EmailToken.token_hash) == _digest(token), col(EmailToken.purpose) == purpose.value)
    ).first()
    if row is None:
        return Standing.UNKNOWN, None
    if row.used_at is not None:
        return Standing.USED, row
    if row.expires_at <= clock.now():
        return Standing.EXPIRED, row
    return Standing.VALID, row


def burn(session: Session, row: EmailToken, *, clock: Clock) -> bool:
    """Marks the link used; False when another request burned it first (the caller commits)."""
    claimed = session.exec(
        update(EmailToken)
        .where(col(EmailToken.token_hash) == row.token_hash, col(EmailToken.used_at).is_(None))
        .values(used_at=clock.now())
    )
    return claimed.rowcount == 1


def burn_all(session: Session, *, user_id: str, purpose: Purpose, clock: Clock) -> None:
    """Every open link of that purpose stops working (after a reset, older reset mails are void)."""
    session.exec(
        update(EmailToken)
        .where(
            col(EmailToken.user_id) == user_id,
            col(EmailToken.purpose) == purpose.value,
            col(EmailToken.used_at).is_(None),
        )
        .values(used_at=clock.now())
    )
