"""Admin commands over the domain: `python -m workflow_app.cli migrate|seed|bootstrap|expire-drafts|user …`.

`import-descriptors FILES… [--skill NAME] [--dry-run] [--all-or-nothing] [--report CSV]`: marking-scheme
workbooks into the library, as the operator (the audit log says "system").

`user create EMAIL --name NAME --role ROLE` (the password from WORKFLOW_USER_PASSWORD, or asked),
`user role EMAIL ROLE`, `user deactivate EMAIL`, `user reactivate EMAIL`: setting up an
organisation from a script, before anyone can sign in to /admin/users.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys

from alembic import command
from alembic.config import Config

from workflow_app import demo, jobs
from workflow_app.accounts.domain import accounts, people
from workflow_app.config import PROJECT_ROOT, settings
from workflow_app.core.clock import system_clock
from workflow_app.db import get_engine, open_session, refresh_statistics
from workflow_app.descriptors.domain import descriptor_import, import_workbook
from workflow_app.ideas.domain import draft_expiry

log = logging.getLogger("workflow_app.cli")


def alembic_config(url: str | None = None) -> Config:
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.attributes["url"] = url or settings.database_url
    return cfg


def migrate(_args: argparse.Namespace) -> int:
    command.upgrade(alembic_config(), "head")
    refresh_statistics(get_engine())
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
    print(f"\nDemo logins (password for all: {demo.DEMO_PASSWORD})")
    for login in logins:
        print(f"  {login.role.value:<11} {login.email}")
    print()
    return bootstrap(_args)


def expire_drafts(_args: argparse.Namespace) -> int:
    """The draft expiry job, as the cron route and the daily schedule run it; prints the counts."""
    report = draft_expiry.expire_drafts(get_engine(), clock=system_clock)
    print(json.dumps(report.as_dict()))
    return 0


def user(args: argparse.Namespace) -> int:
    """Prints the account as it is afterwards, or the refusal (exit status 1)."""
    with open_session() as session:
        if args.action == "create":
            password = os.environ.get("WORKFLOW_USER_PASSWORD") or getpass.getpass("Password: ")
            result = people.operator_create(
                session,
                email=args.email,
                display_name=args.name or "",
                password=password,
                role=args.role,
                clock=system_clock,
            )
        elif args.action == "role":
            result = people.operator_set_role(session, email=args.email, role=args.role, clock=system_clock)
        else:
            result = people.operator_set_active(
                session, email=args.email, active=args.action == "reactivate", clock=system_clock
            )
    if not result.ok:
        print(" ".join(dict.fromkeys([result.message, *result.field_errors.values()])), file=sys.stderr)
        return 1
    person = result.value
    print(
        json.dumps(
            {
                "email": person.email,
                "display_name": person.display_name,
                "role": person.role.value,
                "active": person.active,
            }
        )
    )
    return 0


def send_review_digest(_args: argparse.Namespace) -> int:
    """Today's review digest, unless it went already (the daily job sends it too); prints the counts."""
    report = jobs.send_digest_once_today(get_engine(), clock=system_clock)
    print(json.dumps(report.as_dict() if report else {"sent": "already today"}))
    return 0


def import_descriptors(args: argparse.Namespace) -> int:
    """Imports marking-scheme workbooks (ORIGINS C7); prints each file's reading and the counts.
    --dry-run reads and checks them against the library, writing nothing."""
    workbooks = []
    for path in args.files:
        with open(path, "rb") as stream:
            parsed = import_workbook.read_workbook(stream, os.path.basename(path), skill_name=args.skill)
        workbooks.append(parsed)
        shown = (
            parsed.problem or f"{len(parsed.rows)} rows from sheet {parsed.sheet!r}, header on row {parsed.header_row}"
        )
        print(f"{parsed.file_name}: skill {parsed.skill_name or '—'}: {shown}", file=sys.stderr)
    with open_session() as session:
        if args.dry_run:
            outcomes = [
                o for w in workbooks if not w.problem for o in descriptor_import.preview(session, None, w).value
            ]
            counts = {k: sum(1 for o in outcomes if o.outcome == k) for k in ("new", "duplicate", "failed")}
            print(json.dumps({"dry_run": True, "files": len(workbooks), **counts}))
        else:
            report = descriptor_import.import_workbooks(
                session, None, workbooks, clock=system_clock, all_or_nothing=args.all_or_nothing
            ).value
            outcomes = report.rows
            print(json.dumps({**report.as_dict(), "batch_ms": [round(ms, 1) for ms in report.batch_ms]}))
    if args.report:
        with open(args.report, "w", encoding="utf-8", newline="") as out:
            out.write(descriptor_import.report_csv(outcomes))
    return 1 if any(w.problem for w in workbooks) or any(o.outcome == "failed" for o in outcomes) else 0


COMMANDS = {
    "migrate": migrate,
    "seed": seed,
    "bootstrap": bootstrap,
    "expire-drafts": expire_drafts,
    "user": user,
    "import-descriptors": import_descriptors,
    "send-review-digest": send_review_digest,
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workflow_app.cli")
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("migrate", "seed", "bootstrap", "expire-drafts", "send-review-digest"):
        commands.add_parser(name)
    actions = commands.add_parser("user", help="create a user, set a role, (de)activate").add_subparsers(
        dest="action", required=True
    )
    create = actions.add_parser("create")
    create.add_argument("email")
    create.add_argument("--name", default="")
    create.add_argument("--role", default="SUBMITTER")
    role = actions.add_parser("role")
    role.add_argument("email")
    role.add_argument("role")
    for name in ("deactivate", "reactivate"):
        actions.add_parser(name).add_argument("email")
    importing = commands.add_parser("import-descriptors", help="import marking-scheme workbooks (.xlsx)")
    importing.add_argument("files", nargs="+")
    importing.add_argument("--skill", help="the skill of every file (default: read from each file's name)")
    importing.add_argument("--dry-run", action="store_true", help="check the files, write nothing")
    importing.add_argument("--all-or-nothing", action="store_true", help="import nothing if any row fails")
    importing.add_argument("--report", help="write the per-row report to this CSV file")
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = _parser().parse_args(argv)
    return COMMANDS[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
