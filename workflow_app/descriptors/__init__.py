"""The descriptor workflow: marking-scheme descriptors written by SCMs, reviewed by SAs,
curated by admins, found in the library."""
