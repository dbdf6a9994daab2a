"""Components of the descriptor pages (cards and dialogs of the library, the section form)."""
