"""The tree shows the parts, and imports point one way inside each: pages → ui → domain → models
(STYLE.md "Layers"). Ideas and descriptors never import each other; the domain never imports
notifications, the UI or Reflex."""

from __future__ import annotations

import ast
import importlib
import inspect

import pytest
from reflex.state import BaseState

from workflow_app.config import PROJECT_ROOT

APP = PROJECT_ROOT / "workflow_app"
PARTS = ("accounts", "ideas", "descriptors")
DOMAIN = ["core", "models", *(f"{part}/domain" for part in PARTS)]
UI = [
    "ui",
    *(f"{part}/pages" for part in PARTS),
    "descriptors/components",
    "ideas/components.py",
    "accounts/components.py",
]
UI_MODULES = (
    "workflow_app.ui",
    *(f"workflow_app.{part}.{layer}" for part in PARTS for layer in ("pages", "components")),
)


# Every part's components (a package or one module) and the shared ones in ui/.
COMPONENTS = sorted(str(p.relative_to(APP)) for p in [*APP.glob("*/components"), *APP.glob("*/components.py")])


def _files(place: str):
    path = APP / place
    return [path] if path.suffix == ".py" else sorted(path.rglob("*.py"))


def _imported_modules(path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _offenders(places, is_bad) -> dict[str, list[str]]:
    found = {}
    for place in places:
        for path in _files(place):
            bad = sorted(name for name in _imported_modules(path) if is_bad(path, name))
            if bad:
                found[str(path.relative_to(APP))] = bad
    return found


@pytest.mark.parametrize("layer", DOMAIN)
def test_the_domain_never_imports_reflex_or_the_ui(layer):
    assert _offenders([layer], lambda _, name: name.split(".")[0] == "reflex" or name.startswith(UI_MODULES)) == {}


@pytest.mark.parametrize("layer", DOMAIN)
def test_the_domain_never_imports_notifications(layer):
    """Commands return their events; notifications/deliver.py acts on them after the commit."""
    assert _offenders([layer], lambda _, name: name.startswith("workflow_app.notifications")) == {}


def test_core_imports_no_part():
    parts = tuple(f"workflow_app.{part}" for part in (*PARTS, "notifications", "ui"))
    assert _offenders(["core"], lambda _, name: name.startswith(parts)) == {}


@pytest.mark.parametrize(("part", "other"), [("ideas", "descriptors"), ("descriptors", "ideas")])
def test_ideas_and_descriptors_never_import_each_other(part, other):
    assert _offenders([part], lambda _, name: name.startswith(f"workflow_app.{other}")) == {}


def _names_used(path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    used |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            used.update(alias.name for alias in node.names)
    return used


@pytest.mark.parametrize("layer", UI)
def test_the_ui_reaches_the_database_and_bcrypt_only_through_the_gateway(layer):
    """Reflex runs handlers on the event loop; a session or a hash opened there stalls everyone."""
    offenders = {}
    for path in _files(layer):
        if path.name == "gateway.py":
            continue
        bad = _names_used(path) & {"open_session", "get_engine", "hash_password", "verify_password"}
        bad |= {
            name
            for name in _imported_modules(path)
            if name in ("workflow_app.db", "workflow_app.accounts.domain.passwords")
        }
        if bad:
            offenders[path.name] = sorted(bad)
    assert offenders == {}


def _module_name(path) -> str:
    return ".".join(path.relative_to(APP.parent).with_suffix("").parts).removesuffix(".__init__")


@pytest.mark.parametrize("place", COMPONENTS)
def test_components_define_no_reflex_state(place):
    """Components take the Vars and events they show; a page's module holds its state."""
    offenders = {}
    for path in _files(place):
        module = importlib.import_module(_module_name(path))
        states = [
            name
            for name, value in vars(module).items()
            if inspect.isclass(value) and issubclass(value, BaseState) and value.__module__ == module.__name__
        ]
        if states:
            offenders[str(path.relative_to(APP))] = states
    assert offenders == {}


@pytest.mark.parametrize("place", COMPONENTS)
def test_components_import_nothing_from_the_pages(place):
    """Not a page's state either: the page hands its state's Vars and events to the component."""
    pages = tuple(f"workflow_app.{part}.pages" for part in (*PARTS, "ui"))
    assert _offenders([place], lambda _, name: name.startswith(pages)) == {}


def test_every_module_sits_in_a_part_or_a_shared_layer():
    """No module left at the old flat places (domain/, pages/, state/, components/, auth/)."""
    flat = [name for name in ("domain", "pages", "state", "components", "auth") if (APP / name).exists()]
    assert flat == []


STATUS_FIELDS = {"status", "batch_status"}
WORKFLOW_ROWS = {"Idea", "Descriptor"}


def _writes_a_workflow_row(values_call: ast.Call) -> bool:
    """Whether `….values(…)` is chained on update()/insert() of an idea or a descriptor."""
    node: ast.AST = values_call.func
    while isinstance(node, ast.Attribute | ast.Call):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in (
            "update",
            "insert",
        ):
            return any(getattr(arg, "id", None) in WORKFLOW_ROWS for arg in node.args)
        node = node.func if isinstance(node, ast.Call) else node.value
    return False


def _status_writes(path) -> list[str]:
    """Where a module sets an idea's or a descriptor's status: `x.status = …`, `Idea(status=…)`,
    `.values(status=…)`, `{"status": …}` (a dict of values to write)."""
    found = []
    tree = ast.parse(path.read_text(), filename=str(path))
    audit_details = {
        id(k.value) for n in ast.walk(tree) if isinstance(n, ast.Call) for k in n.keywords if k.arg == "details"
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found += [f"{t.attr} = (line {node.lineno})" for t in targets if getattr(t, "attr", None) in STATUS_FIELDS]
        elif isinstance(node, ast.Call):
            called = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if called in WORKFLOW_ROWS or (called == "values" and _writes_a_workflow_row(node)):
                found += [f"{called}({k.arg}=…) (line {node.lineno})" for k in node.keywords if k.arg in STATUS_FIELDS]
        elif isinstance(node, ast.Dict) and id(node) not in audit_details:
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            found += [f"{{{key!r}: …}} (line {node.lineno})" for key in keys if key in STATUS_FIELDS]
    return found


@pytest.mark.parametrize("layer", DOMAIN)
def test_only_the_transition_executor_sets_a_status(layer):
    """Every status change, a new row's first included, is a transition taken by core/workflow.py."""
    offenders = {
        str(path.relative_to(APP)): writes
        for path in _files(layer)
        if path != APP / "core" / "workflow.py" and (writes := _status_writes(path))
    }
    assert offenders == {}
