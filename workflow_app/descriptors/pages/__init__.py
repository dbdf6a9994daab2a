"""The descriptor pages: one module per page with its own state."""
