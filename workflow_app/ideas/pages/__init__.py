"""The idea pages: one module per page with its own state."""
