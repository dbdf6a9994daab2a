"""Idea commands and queries over a session (no Reflex)."""
