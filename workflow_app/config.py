"""Every setting of the app, read once from the environment.

Defaults make `make run` work on a fresh machine with no configuration at all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def _default_db_url() -> str:
    return f"sqlite:///{PROJECT_ROOT / '.data' / 'workflow_app.db'}"


@dataclass(frozen=True)
class Settings:
    database_url: str
    session_ttl_minutes: int
    cookie_secure: bool
    allowed_email_domain: str
    superadmin_email: str
    cron_secret: str
    redis_url: str
    # Where people open the app (APP_BASE_URL, comma-separated): the only origins allowed to
    # call the backend with credentials, open its websocket or be redirected to after sign-in.
    # Empty (tests, `make dev`): any origin; `make run` sets its own.
    app_base_urls: tuple[str, ...] = ()
    # New accounts must open the link mailed to them before they can sign in (ORIGINS C2).
    email_verification_enabled: bool = False

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def load_settings() -> Settings:
    return Settings(
        database_url=(os.environ.get("WORKFLOW_DB_URL") or os.environ.get("REFLEX_DB_URL") or _default_db_url()),
        session_ttl_minutes=_int("SESSION_TTL_MINUTES", 480),
        cookie_secure=_bool("SESSION_COOKIE_SECURE", False),
        allowed_email_domain=os.environ.get("ALLOWED_EMAIL_DOMAIN", "").strip().lower().lstrip("@"),
        superadmin_email=os.environ.get("SUPERADMIN_EMAIL", "").strip().lower(),
        cron_secret=os.environ.get("CRON_SECRET", ""),
        redis_url=os.environ.get("REFLEX_REDIS_URL", ""),
        app_base_urls=_origins(os.environ.get("APP_BASE_URL", "")),
        email_verification_enabled=_bool("FEATURE_EMAIL_VERIFICATION_ENABLED", False),
    )


def _origins(raw: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip().rstrip("/") for part in raw.split(",") if part.strip()))


settings = load_settings()
