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
