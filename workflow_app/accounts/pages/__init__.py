"""The account pages: one module per page with its own state."""
