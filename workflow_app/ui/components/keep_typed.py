"""Typed text that survives a sign-in on the way (assets/keep_typed.js).

A field given `attrs(key)` is copied to the tab's sessionStorage as it is typed; when a command
finds the session ended and the page goes to sign-in and back, the field gets the text again.
The page calls `forget(key)` once the text was sent. Keys name the person (`key_for`), so
nobody else signing in on the tab gets it.
"""

from __future__ import annotations

import json

import reflex as rx


def key_for(field: str, user_id: str, *scope: str) -> str:
    return ":".join((field, user_id, *scope))


def attrs(key: rx.Var | str) -> dict:
    return {"data-keep-typed": key}


def forget(key: str):
    return rx.call_script(f"window.workflowKeepTyped && window.workflowKeepTyped.forget({json.dumps(key)})")


FORGET_ALL = "window.workflowKeepTyped && window.workflowKeepTyped.forgetAll();"
