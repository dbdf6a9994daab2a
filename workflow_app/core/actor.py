"""Who is acting: read from the database on every access, never trusted from a cache."""

from __future__ import annotations

from dataclasses import dataclass

from workflow_app.models import Role, User

REVIEWER_ROLES = frozenset({Role.ADMIN, Role.SUPERADMIN})


@dataclass(frozen=True)
class Actor:
    user_id: str
    role: Role
    display_name: str
    email: str

    @classmethod
    def of(cls, user: User) -> Actor:
        return cls(user_id=user.id, role=Role(user.role), display_name=user.display_name, email=user.email)

    @property
    def is_admin(self) -> bool:
        return self.role in REVIEWER_ROLES

    @property
    def is_superadmin(self) -> bool:
        return self.role == Role.SUPERADMIN
