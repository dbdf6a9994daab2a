"""Settings checked at start (config.py): CRON_SECRET is at least 32 characters or not set at all
(seed 002 §5, ORIGINS C9/C19); `make run` and the tests set nothing or a long one."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from workflow_app import config
from workflow_app.config import CRON_SECRET_MIN_LENGTH, SettingsError, load_settings


@pytest.mark.parametrize("length", [1, 5, CRON_SECRET_MIN_LENGTH - 1])
def test_a_cron_secret_shorter_than_32_characters_is_refused_with_the_seeds_text(monkeypatch, length):
    monkeypatch.setenv("CRON_SECRET", "s" * length)

    with pytest.raises(SettingsError) as refused:
        load_settings()

    assert str(refused.value).startswith(f"CRON_SECRET must be at least 32 characters (it has {length}).")
    assert "leave it unset" in str(refused.value)


@pytest.mark.parametrize("length", [CRON_SECRET_MIN_LENGTH, 64])
def test_a_cron_secret_of_32_characters_or_more_is_taken_as_given(monkeypatch, length):
    monkeypatch.setenv("CRON_SECRET", "s" * length)

    assert load_settings().cron_secret == "s" * length


@pytest.mark.parametrize("given", [None, ""], ids=["unset", "empty"])
def test_no_cron_secret_starts_with_the_cron_route_off(monkeypatch, given):
    """`make run` sets none: the app starts, the route answers 401 (tests/api/test_cron_route.py)."""
    if given is None:
        monkeypatch.delenv("CRON_SECRET", raising=False)
    else:
        monkeypatch.setenv("CRON_SECRET", given)

    assert load_settings().cron_secret == ""


def _start(cron_secret: str) -> subprocess.CompletedProcess[str]:
    """What `reflex run` does first: import the settings, in a process of its own."""
    env = {**os.environ, "CRON_SECRET": cron_secret}
    return subprocess.run(
        [sys.executable, "-c", "import workflow_app.config"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=config.PROJECT_ROOT,
    )


def test_the_app_does_not_start_with_a_short_cron_secret_and_says_why_in_one_line():
    started = _start("too-short")

    assert started.returncode == 1
    assert started.stderr.strip() == (
        "workflow_app cannot start: CRON_SECRET must be at least 32 characters (it has 9). "
        "Set a longer one (for example the output of `openssl rand -base64 32`), "
        "or leave it unset to turn GET /api/cron/expire-drafts off."
    )
    assert "Traceback" not in started.stderr


@pytest.mark.parametrize("cron_secret", ["", "c" * CRON_SECRET_MIN_LENGTH], ids=["empty", "long enough"])
def test_the_app_starts_with_no_cron_secret_or_a_long_one(cron_secret):
    started = _start(cron_secret)

    assert (started.returncode, started.stderr) == (0, "")


def test_the_review_reminder_settings_default_to_five_working_days_and_two_days(monkeypatch):
    for name in ("REVIEW_DUE_WORKING_DAYS", "STALE_CLAIM_HOURS", "NEW_IDEA_MAIL"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert (settings.review_due_working_days, settings.stale_claim_hours, settings.new_idea_mail) == (5, 48, "digest")


def test_the_review_reminder_settings_are_read_and_checked(monkeypatch):
    monkeypatch.setenv("REVIEW_DUE_WORKING_DAYS", "3")
    monkeypatch.setenv("STALE_CLAIM_HOURS", "12")
    monkeypatch.setenv("NEW_IDEA_MAIL", "Each")
    assert (load_settings().review_due_working_days, load_settings().stale_claim_hours) == (3, 12)
    assert load_settings().new_idea_mail == "each"
    for name, value, text in (
        ("REVIEW_DUE_WORKING_DAYS", "0", "REVIEW_DUE_WORKING_DAYS must be a whole number from 1 to 60 (it is '0')."),
        ("STALE_CLAIM_HOURS", "two", "STALE_CLAIM_HOURS must be a whole number from 1 to 1440 (it is 'two')."),
        ("NEW_IDEA_MAIL", "weekly", "NEW_IDEA_MAIL must be one of digest, each, off (it is 'weekly')."),
    ):
        monkeypatch.setenv(name, value)
        with pytest.raises(SettingsError) as refused:
            load_settings()
        assert str(refused.value) == text
        monkeypatch.delenv(name)
