"""Admin commands over the domain: `python -m workflow_app.cli migrate|seed|bootstrap|expire-drafts`."""

from __future__ import annotations

import argparse
import json
import logging
import sys

from alembic import command
from alembic.config import Config

from workflow_app.config import PROJECT_ROOT, settings
from workflow_app.db import get_engine, open_session
from workflow_app.domain import accounts, demo, draft_expiry
from workflow_app.domain.clock import system_clock

log = logging.getLogger("workflow_app.cli")


def alembic_config(url: str | None = None) -> Config:
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.attributes["url"] = url or settings.database_url
    return cfg


def migrate(_args: argparse.Namespace) -> int:
    command.upgrade(alembic_config(), "head")
    return 0


def bootstrap(_args: argparse.Namespace) -> int:
    """Promotes SUPERADMIN_EMAIL's account, if both exist (idempotent)."""
    if settings.superadmin_email:
        with open_session() as session:
            accounts.promote_superadmin(session, email=settings.superadmin_email, clock=system_clock)
    return 0


def seed(_args: argparse.Namespace) -> int:
    with open_session() as session:
        logins = demo.seed_demo_data(session, clock=system_clock)
    print("\nDemo logins (password for all: %s)" % demo.DEMO_PASSWORD)
    for login in logins:
        print(f"  {login.role.value:<11} {login.email}")
    print()
    return bootstrap(_args)


def expire_drafts(_args: argparse.Namespace) -> int:
    """The draft expiry job, as the cron route and the daily schedule run it; prints the counts."""
    report = draft_expiry.expire_drafts(get_engine(), clock=system_clock)
    print(json.dumps(report.as_dict()))
    return 0


COMMANDS = {"migrate": migrate, "seed": seed, "bootstrap": bootstrap, "expire-drafts": expire_drafts}


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(prog="workflow_app.cli")
    parser.add_argument("command", choices=sorted(COMMANDS))
    args = parser.parse_args(argv)
    return COMMANDS[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
