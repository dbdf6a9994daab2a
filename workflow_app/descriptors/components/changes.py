"""What changed in a descriptor since a decision, word by word (descriptors/domain/revisions.py):
removed words struck through, added ones marked, both also named for screen readers."""

from __future__ import annotations

from dataclasses import dataclass, field

import reflex as rx

from workflow_app.descriptors.domain.revisions import ChangesSince


@dataclass(frozen=True)
class PieceLine:
    text: str = ""
    op: str = ""  # same | added | removed


@dataclass(frozen=True)
class ChangeLine:
    label: str = ""
    pieces: list[PieceLine] = field(default_factory=list)


def change_lines(found: ChangesSince | None) -> list[ChangeLine]:
    if found is None:
        return []
    return [ChangeLine(c.label, [PieceLine(p.text, p.op) for p in c.pieces]) for c in found.changes]


def _piece(piece: rx.Var[PieceLine]) -> rx.Component:
    return rx.match(
        piece.op,
        ("added", rx.el.ins(piece.text, class_name="diff-added", title="added")),
        ("removed", rx.el.del_(piece.text, class_name="diff-removed", title="removed")),
        rx.el.span(piece.text),
    )


def changes_box(title: str, changes: rx.Var, *, note: rx.Component | None = None, **props) -> rx.Component:
    """The changed fields, each with its text as a diff; nothing when none changed."""
    return rx.cond(
        changes.length() > 0,
        rx.box(
            rx.vstack(
                rx.text(title, weight="bold", size="2"),
                note if note is not None else rx.fragment(),
                rx.foreach(
                    changes,
                    lambda change: rx.box(
                        rx.text(change.label, size="1", weight="bold", color_scheme="gray"),
                        rx.text(rx.foreach(change.pieces, _piece), size="2", white_space="pre-wrap"),
                        width="100%",
                    ),
                ),
                spacing="2",
                width="100%",
            ),
            class_name="changes-box",
            width="100%",
            **props,
        ),
    )
