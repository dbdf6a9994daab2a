"""Copying text to the clipboard from a button, with a toast that tells the truth."""

from __future__ import annotations

import json

import reflex as rx
from reflex.constants import Dirs
from reflex.event import EventSpec
from reflex.utils.imports import ImportVar
from reflex.vars import FunctionVar, Var, VarData

COPIED = "Copied to clipboard"
COPY_FAILED = "Could not copy to clipboard"

# Runs in the browser: rx.set_clipboard alone cannot tell a refused clipboard (no permission,
# insecure origin) from success, so the promise decides which toast the person sees.
_COPY_WITH_TOAST = Var(
    _js_expr=(
        "((text) => Promise.resolve().then(() => navigator.clipboard.writeText(text)).then("
        f"() => refs['__toast']?.success({json.dumps(COPIED)}), "
        f"() => refs['__toast']?.error({json.dumps(COPY_FAILED)})))"
    ),
    _var_data=VarData(imports={f"$/{Dirs.STATE_PATH}": [ImportVar(tag="refs")]}),
).to(FunctionVar)


def copy_text(text: Var | str) -> EventSpec:
    """Copies in the browser and toasts "Copied to clipboard" or "Could not copy to clipboard"."""
    return rx.run_script(_COPY_WITH_TOAST.call(text))
