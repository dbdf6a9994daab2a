"""Every setting of the app, read once from the environment and checked at start.

Defaults make `make run` work on a fresh machine with no configuration at all. A setting that
is given but cannot work stops the app at start with a sentence saying why (SettingsError),
rather than the app starting and failing quietly later.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The cron route's bearer secret (seed 002 §5, ORIGINS C9/C19): this long or not set at all.
CRON_SECRET_MIN_LENGTH = 32


class SettingsError(ValueError):
    """A setting the app cannot start with; the message says which and what to do."""


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
    # A pending idea or descriptor is overdue this many working days (Mon–Fri) after it was
    # submitted; a review claimed longer than this many hours is a stale claim (reminders).
    review_due_working_days: int = 5
    stale_claim_hours: int = 48
    # How admins hear of a new idea: "digest" (in the daily review digest), "each" (an e-mail
    # per idea) or "off".
    new_idea_mail: str = "digest"
    # Ideas' attachments (ORIGINS C14 V2) and per-category fields (C15); off: the pages hide them
    # and the server ignores what is sent. Files live in `attachments_dir`, never in a public folder.
    attachments_enabled: bool = True
    smart_forms_enabled: bool = True
    attachments_dir: str = ""
    # Review pipelines (ORIGINS C16), blind review (C17), scoring (C18) and the SUPERADMIN's
    # analytics (C13). Off: categories are reviewed as seed 003 says, names are never masked,
    # no score is asked, /admin/analytics is not found.
    multi_stage_review_enabled: bool = True
    blind_review_enabled: bool = True
    scoring_enabled: bool = True
    analytics_enabled: bool = True

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
        cron_secret=_cron_secret(os.environ.get("CRON_SECRET", "")),
        redis_url=os.environ.get("REFLEX_REDIS_URL", ""),
        app_base_urls=_origins(os.environ.get("APP_BASE_URL", "")),
        email_verification_enabled=_bool("FEATURE_EMAIL_VERIFICATION_ENABLED", False),
        review_due_working_days=_positive("REVIEW_DUE_WORKING_DAYS", 5, high=60),
        stale_claim_hours=_positive("STALE_CLAIM_HOURS", 48, high=24 * 60),
        new_idea_mail=_choice("NEW_IDEA_MAIL", "digest", ("digest", "each", "off")),
        attachments_enabled=_bool("FEATURE_MULTI_ATTACHMENT_ENABLED", True),
        smart_forms_enabled=_bool("FEATURE_SMART_FORMS_ENABLED", True),
        attachments_dir=os.environ.get("ATTACHMENTS_DIR", "").strip() or str(PROJECT_ROOT / ".data" / "attachments"),
        multi_stage_review_enabled=_bool("FEATURE_MULTI_STAGE_REVIEW_ENABLED", True),
        blind_review_enabled=_bool("FEATURE_BLIND_REVIEW_ENABLED", True),
        scoring_enabled=_bool("FEATURE_SCORING_ENABLED", True),
        analytics_enabled=_bool("FEATURE_ANALYTICS_ENABLED", True),
    )


def _positive(name: str, default: int, *, high: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= high:
        raise SettingsError(f"{name} must be a whole number from 1 to {high} (it is {raw!r}).")
    return int(raw)


def _choice(name: str, default: str, allowed: tuple[str, ...]) -> str:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw not in allowed:
        raise SettingsError(f"{name} must be one of {', '.join(allowed)} (it is {raw!r}).")
    return raw


def _cron_secret(raw: str) -> str:
    """Empty (the default): the cron route is off and answers 401, while the running app still
    expires drafts on its own schedule. Set: at least 32 characters, or the app does not start."""
    if raw and len(raw) < CRON_SECRET_MIN_LENGTH:
        raise SettingsError(
            f"CRON_SECRET must be at least {CRON_SECRET_MIN_LENGTH} characters (it has {len(raw)}). "
            "Set a longer one (for example the output of `openssl rand -base64 32`), "
            "or leave it unset to turn GET /api/cron/expire-drafts off."
        )
    return raw


def _origins(raw: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip().rstrip("/") for part in raw.split(",") if part.strip()))


try:
    settings = load_settings()
except SettingsError as problem:  # at start: one clear line instead of a traceback
    raise SystemExit(f"workflow_app cannot start: {problem}") from None
