"""Password hashing, server-side sessions and the current actor. No Reflex import."""
