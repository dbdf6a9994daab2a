"""A word-level diff of two texts, for showing what changed between two versions of a field.

Words and the spaces between them are compared as tokens (difflib's longest matching blocks),
so a changed word shows as that word removed and its replacement added, with the text around
it unchanged; a run of changed words stays one removed and one added piece.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

SAME, ADDED, REMOVED = "same", "added", "removed"
_TOKENS = re.compile(r"\s+|[^\s]+")
TOKENS_MAX = 4_000  # a field's text is at most a few thousand characters; beyond, whole-text


@dataclass(frozen=True)
class Piece:
    text: str
    op: str  # same | added | removed


def _tokens(text: str) -> list[str]:
    return _TOKENS.findall(text)


def _merged(pieces: list[Piece]) -> list[Piece]:
    out: list[Piece] = []
    for piece in pieces:
        if not piece.text:
            continue
        if out and out[-1].op == piece.op:
            out[-1] = Piece(out[-1].text + piece.text, piece.op)
        else:
            out.append(piece)
    return out


def word_diff(old: str | None, new: str | None) -> list[Piece]:
    """The pieces that turn ``old`` into ``new``: unchanged, removed and added, in reading order
    (a removed piece before the piece added in its place)."""
    before, after = _tokens(old or ""), _tokens(new or "")
    if before == after:
        return _merged([Piece("".join(after), SAME)])
    if len(before) + len(after) > TOKENS_MAX:
        return _merged([Piece("".join(before), REMOVED), Piece("".join(after), ADDED)])
    steps: list[tuple[bool, str, str]] = []  # (changed, old text, new text)
    matcher = SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        steps.append((op != "equal", "".join(before[a1:a2]), "".join(after[b1:b2])))
    # A space alone between two changes belongs to them: "Root gap" → "Gap of" reads as one
    # phrase replaced, not as "Root"→"Gap", a kept space, "gap"→"of".
    for i in range(1, len(steps) - 1):
        is_change, text, _ = steps[i]
        if not is_change and not text.strip() and steps[i - 1][0] and steps[i + 1][0]:
            steps[i] = (True, text, text)
    pieces: list[Piece] = []
    i = 0
    while i < len(steps):
        is_change, old_text, new_text = steps[i]
        if not is_change:
            pieces.append(Piece(old_text, SAME))
            i += 1
            continue
        while i + 1 < len(steps) and steps[i + 1][0]:  # consecutive changes: one removed, one added
            i += 1
            old_text, new_text = old_text + steps[i][1], new_text + steps[i][2]
        pieces += [Piece(old_text, REMOVED), Piece(new_text, ADDED)]
        i += 1
    return _merged(pieces)


def changed(pieces: list[Piece]) -> bool:
    return any(p.op != SAME for p in pieces)
