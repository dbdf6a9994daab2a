"""The app shell: header with navigation by role, the signed-in person, and the page body."""

from __future__ import annotations

from collections.abc import Iterable

import reflex as rx

from workflow_app.config import settings
from workflow_app.models.enums import Role
from workflow_app.ui.components.forms import link_button
from workflow_app.ui.components.listing import loading_skeleton
from workflow_app.ui.session import SessionState

ALL_ROLES = tuple(r.value for r in Role)
ADMIN_ROLES = (Role.ADMIN.value, Role.SUPERADMIN.value)

# (label, href, roles that see it)
NAV_ITEMS: list[tuple[str, str, tuple[str, ...]]] = [
    ("Ideas", "/ideas", ALL_ROLES),
    ("My Ideas", "/my-ideas", ALL_ROLES),
    ("Descriptors", "/descriptors", ALL_ROLES),
    ("My Descriptors", "/descriptors/mine", (Role.SCM.value,)),
    ("Sections", "/descriptors/sections", (Role.SCM.value,)),
    ("Pending Review", "/descriptors/review", (Role.SA.value,)),
    ("Admin", "/admin", ADMIN_ROLES),
    ("People", "/admin/users", (Role.SUPERADMIN.value,)),
    *([("Analytics", "/admin/analytics", ADMIN_ROLES)] if settings.analytics_enabled else []),
]


def _for_roles(component: rx.Component, roles: tuple[str, ...]) -> rx.Component:
    if roles == ALL_ROLES:
        return component
    return rx.cond(rx.Var.create(list(roles)).contains(SessionState.role), component)


def _nav_link(label: str, href: str, roles: tuple[str, ...]) -> rx.Component:
    return _for_roles(rx.link(label, href=href, class_name="nav-link", underline="none", weight="medium"), roles)


def _bell() -> rx.Component:
    count = SessionState.unread_notifications
    return rx.link(
        rx.box(
            rx.icon("bell", size=20),
            rx.cond(
                count > 0,
                rx.badge(count, color_scheme="red", variant="solid", radius="full", size="1", class_name="bell-count"),
            ),
            position="relative",
            padding="4px",
        ),
        href="/notifications",
        color_scheme="gray",
        aria_label=rx.cond(count > 0, count.to_string() + " unread notifications", "Notifications"),
    )


def _user_menu() -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(
                SessionState.display_name,
                weight="bold",
                size="2",
                id="current-user-name",
                class_name="user-name",
                title=SessionState.display_name,  # the whole name when the header cuts it short
            ),
            rx.badge(SessionState.role_label, variant="soft", size="1"),
            spacing="0",
            align="end",
        ),
        _bell(),
        rx.link(
            rx.icon("settings", size=20), href="/settings", color_scheme="gray", aria_label="Settings", padding="4px"
        ),
        rx.button("Sign Out", on_click=SessionState.sign_out, variant="outline", size="2"),
        spacing="3",
        align="center",
        class_name="wide-only",
    )


def _drawer_link(label: rx.Var | str, href: str, icon: str, roles: tuple[str, ...] = ALL_ROLES) -> rx.Component:
    """One line of the phone menu; following it closes the menu."""
    return _for_roles(
        rx.dialog.close(
            rx.link(
                rx.hstack(rx.icon(icon, size=18), rx.text(label), align="center", spacing="3"),
                href=href,
                class_name="drawer-link",
                underline="none",
                weight="medium",
            )
        ),
        roles,
    )


_NAV_ICONS = {
    "/ideas": "lightbulb",
    "/my-ideas": "notebook-pen",
    "/descriptors": "library",
    "/descriptors/mine": "file-pen-line",
    "/descriptors/sections": "layers",
    "/descriptors/review": "clipboard-check",
    "/admin": "shield-check",
    "/admin/users": "users",
    "/admin/analytics": "chart-column",
}


def _phone_menu() -> rx.Component:
    """Below 640 px the navigation, the bell, settings and sign-out live in a side drawer."""
    count = SessionState.unread_notifications
    return rx.hstack(
        _bell(),
        rx.dialog.root(
            rx.dialog.trigger(rx.icon_button(rx.icon("menu", size=20), variant="ghost", size="3", aria_label="Menu")),
            rx.dialog.content(
                rx.vstack(
                    rx.hstack(
                        rx.dialog.title("Menu", size="4", margin="0"),
                        rx.spacer(),
                        rx.dialog.close(
                            rx.icon_button(
                                rx.icon("x", size=18), variant="ghost", color_scheme="gray", aria_label="Close"
                            )
                        ),
                        align="center",
                        width="100%",
                    ),
                    rx.dialog.description(
                        SessionState.display_name, " · ", SessionState.role_label, size="2", color_scheme="gray"
                    ),
                    rx.el.nav(
                        rx.vstack(
                            *[_drawer_link(label, href, _NAV_ICONS[href], roles) for label, href, roles in NAV_ITEMS],
                            spacing="1",
                            width="100%",
                        ),
                        aria_label="Main",
                        width="100%",
                    ),
                    rx.separator(),
                    _drawer_link(
                        rx.cond(count > 0, "Notifications (" + count.to_string() + ")", "Notifications"),
                        "/notifications",
                        "bell",
                    ),
                    _drawer_link("Settings", "/settings", "settings"),
                    rx.dialog.close(
                        rx.button("Sign Out", on_click=SessionState.sign_out, variant="outline", width="100%")
                    ),
                    spacing="3",
                    width="100%",
                ),
                class_name="nav-drawer",
            ),
        ),
        spacing="2",
        align="center",
        class_name="narrow-only",
    )


def header() -> rx.Component:
    return rx.el.header(
        rx.hstack(
            rx.link(
                rx.hstack(rx.icon("workflow", size=22), rx.heading("Workflow", size="5"), align="center"),
                href="/",
                underline="none",
                color_scheme="gray",
                high_contrast=True,
            ),
            rx.cond(
                SessionState.signed_in,
                rx.el.nav(
                    rx.hstack(*[_nav_link(*item) for item in NAV_ITEMS], spacing="4", wrap="wrap"),
                    aria_label="Main",
                    class_name="wide-only",
                ),
            ),
            rx.spacer(),
            rx.cond(SessionState.signed_in, rx.fragment(_user_menu(), _phone_menu())),
            align="center",
            spacing="5",
            width="100%",
            max_width="1100px",
            margin="0 auto",
            class_name="header-bar",
        ),
        class_name="app-header",
    )


def status_view(code: str, title: str, text: str) -> rx.Component:
    """The styled error pages: 403 here, 404 in ui/pages/not_found.py."""
    return rx.center(
        rx.vstack(
            rx.heading(code, size="9", color_scheme="gray"),
            rx.heading(title, size="6"),
            rx.text(text),
            link_button("Go to Home", href="/"),
            align="center",
            spacing="3",
        ),
        padding_y="6em",
    )


def forbidden_view() -> rx.Component:
    return status_view("403", "Access denied", "You don't have permission to access this page.")


def _loading() -> rx.Component:
    return loading_skeleton()


def page(*children: rx.Component, roles: Iterable[str] | None = None) -> rx.Component:
    """A signed-in page; `roles` limits who sees the content (others get the 403 view)."""
    body = rx.fragment(*children)
    if roles is not None:
        body = rx.cond(rx.Var.create(list(roles)).contains(SessionState.role), body, forbidden_view())
    return rx.box(
        header(),
        rx.el.main(
            rx.cond(SessionState.signed_in, body, _loading()),
            max_width="1100px",
            margin="0 auto",
            padding="1.5em",
        ),
        min_height="100vh",
    )


def public_page(*children: rx.Component) -> rx.Component:
    return rx.box(header(), rx.el.main(*children, padding="1.5em"), min_height="100vh")
