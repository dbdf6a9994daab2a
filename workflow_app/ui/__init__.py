"""Shared Reflex state: who is signed in, the gateway to the domain (off the event loop),
autosave, input checks, live queues; the components and pages every part uses."""
