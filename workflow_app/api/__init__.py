"""Starlette routes mounted beside Reflex's backend (App(api_transformer=...))."""
