"""Imports point one way: pages → state → domain → models (STYLE.md)."""

from __future__ import annotations

import ast

import pytest

from workflow_app.config import PROJECT_ROOT

PURE_LAYERS = ["domain", "models", "auth"]


def _imported_modules(path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", PURE_LAYERS)
def test_the_layer_never_imports_reflex_or_the_ui(layer):
    offenders = {}
    for path in sorted((PROJECT_ROOT / "workflow_app" / layer).rglob("*.py")):
        bad = {
            name for name in _imported_modules(path)
            if name.split(".")[0] == "reflex"
            or name.startswith(("workflow_app.pages", "workflow_app.state", "workflow_app.components"))
        }
        if bad:
            offenders[path.name] = sorted(bad)
    assert offenders == {}


UI_LAYERS = ["pages", "state", "components"]


def _names_used(path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    used |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            used.update(alias.name for alias in node.names)
    return used


@pytest.mark.parametrize("layer", UI_LAYERS)
def test_the_ui_reaches_the_database_and_bcrypt_only_through_the_gateway(layer):
    """Reflex runs handlers on the event loop; a session or a hash opened there stalls everyone."""
    offenders = {}
    for path in sorted((PROJECT_ROOT / "workflow_app" / layer).rglob("*.py")):
        if path.name == "gateway.py":
            continue
        bad = _names_used(path) & {"open_session", "get_engine", "hash_password", "verify_password"}
        bad |= {name for name in _imported_modules(path) if name in ("workflow_app.db", "workflow_app.auth.passwords")}
        if bad:
            offenders[path.name] = sorted(bad)
    assert offenders == {}
