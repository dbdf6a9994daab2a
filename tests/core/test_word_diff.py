"""The word-level diff the SA and the SCM read between two versions of a descriptor's field."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workflow_app.core.word_diff import ADDED, REMOVED, SAME, Piece, changed, word_diff


def test_one_changed_word_shows_as_that_word_replaced():
    assert word_diff("Gap of 2 mm along the root", "Gap of 3 mm along the root") == [
        Piece("Gap of ", SAME),
        Piece("2", REMOVED),
        Piece("3", ADDED),
        Piece(" mm along the root", SAME),
    ]


def test_words_changed_with_only_spaces_between_read_as_one_phrase_replaced():
    assert word_diff("Root gap: flawless.", "Gap of 2 mm along the root.") == [
        Piece("Root gap: flawless.", REMOVED),
        Piece("Gap of 2 mm along the root.", ADDED),
    ]
    assert word_diff("Minor visual defects", "Two minor defects at most") == [
        Piece("Minor visual", REMOVED),
        Piece("Two minor", ADDED),
        Piece(" defects", SAME),
        Piece(" at most", ADDED),
    ]


def test_added_and_removed_words():
    assert word_diff("Seam is clean", "Seam is clean and even") == [
        Piece("Seam is clean", SAME),
        Piece(" and even", ADDED),
    ]
    assert word_diff("Seam is very clean", "Seam is clean") == [
        Piece("Seam is ", SAME),
        Piece("very ", REMOVED),
        Piece("clean", SAME),
    ]


def test_the_same_text_has_no_change():
    pieces = word_diff("Unchanged text", "Unchanged text")
    assert pieces == [Piece("Unchanged text", SAME)] and not changed(pieces)


def test_an_empty_side():
    assert word_diff(None, "New level") == [Piece("New level", ADDED)]
    assert word_diff("Old level", "") == [Piece("Old level", REMOVED)]
    assert word_diff(None, None) == []


def test_a_very_long_text_is_shown_as_replaced_whole():
    old, new = "a " * 3000, "b " * 3000
    assert [p.op for p in word_diff(old, new)] == [REMOVED, ADDED]


@given(st.text(max_size=80), st.text(max_size=80))
def test_the_pieces_rebuild_both_texts(old, new):
    pieces = word_diff(old, new)
    assert "".join(p.text for p in pieces if p.op != ADDED) == old
    assert "".join(p.text for p in pieces if p.op != REMOVED) == new
