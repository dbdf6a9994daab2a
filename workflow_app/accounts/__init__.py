"""People and access: registration, sign-in, sessions, verification, password reset, roles and
deactivation; the account pages and the audit log page."""
