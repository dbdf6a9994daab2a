"""`python -m workflow_app.cli user …`: an organisation sets people up from a script."""

from __future__ import annotations

import json
import uuid

from sqlmodel import select

from workflow_app import cli
from workflow_app.db import open_session
from workflow_app.models import AuditAction, AuditLog, User


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out.strip(), err.strip()


def test_create_set_a_role_deactivate_and_reactivate(app_database, capsys, monkeypatch):
    email = f"ops-{uuid.uuid4().hex[:8]}@example.com"
    monkeypatch.setenv("WORKFLOW_USER_PASSWORD", "Setup-Passw0rd")

    status, out, _ = run(capsys, "user", "create", email, "--name", "Casey Ops", "--role", "sa")
    assert status == 0
    assert json.loads(out) == {"email": email, "display_name": "Casey Ops", "role": "SA", "active": True}

    assert json.loads(run(capsys, "user", "role", email, "SCM")[1])["role"] == "SCM"
    assert json.loads(run(capsys, "user", "deactivate", email)[1])["active"] is False
    assert json.loads(run(capsys, "user", "reactivate", email)[1])["active"] is True

    with open_session() as session:
        user = session.exec(select(User).where(User.email == email)).one()
        actions = session.exec(select(AuditLog.action).where(AuditLog.target_id == user.id).order_by(AuditLog.id)).all()
    assert actions == [
        AuditAction.USER_REGISTERED,
        AuditAction.USER_ROLE_CHANGED,
        AuditAction.USER_ROLE_CHANGED,
        AuditAction.USER_DEACTIVATED,
        AuditAction.USER_REACTIVATED,
    ]


def test_refusals_exit_non_zero_with_the_text(app_database, capsys, monkeypatch):
    monkeypatch.setenv("WORKFLOW_USER_PASSWORD", "short")
    assert run(capsys, "user", "role", "nobody@example.com", "SA")[::2] == (1, "User not found.")
    assert run(capsys, "user", "role", "admin@example.com", "OWNER")[0] == 1
    status, _, err = run(capsys, "user", "create", f"weak-{uuid.uuid4().hex[:6]}@example.com")
    assert status == 1 and "Password must be at least 8 characters." in err
