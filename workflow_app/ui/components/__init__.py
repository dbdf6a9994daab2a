"""Components every page uses: layout, forms, lists, the autosave status line."""
