"""/notifications — what happened to the person's ideas and descriptors, newest first."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from workflow_app.core.clock import system_clock
from workflow_app.notifications import inbox
from workflow_app.ui import inputs
from workflow_app.ui.components.forms import press_once
from workflow_app.ui.components.layout import page
from workflow_app.ui.components.listing import empty_state, relative_time
from workflow_app.ui.rows import as_page_row
from workflow_app.ui.session import SessionState

ID_MAX = 64


@dataclass(frozen=True)
class NotificationLine:
    id: str = ""
    title: str = ""
    body: str = ""
    link: str = ""  # where "Open" goes; empty: nowhere
    created_at: str = ""  # ISO 8601
    is_read: bool = False


def _lines(items: list[inbox.NotificationItem]) -> list[NotificationLine]:
    return [as_page_row(NotificationLine, item) for item in items]


class NotificationsState(SessionState):
    items: list[NotificationLine] = []

    @rx.event
    async def load(self):
        call = await self._call(_list)
        if not call.signed_out:
            self.items = call.value

    @rx.event
    async def mark_all_read(self):
        call = await self._call(_mark_all_read_and_list)
        if call.signed_out:
            return self._login_redirect()
        self.items = call.value
        self.unread_notifications = 0

    @rx.event
    async def open_item(self, notification_id: str):
        notification_id = inputs.short_text(notification_id, limit=ID_MAX)
        # The link comes from the row this page loaded, never from the client.
        link = next((item.link for item in self.items if item.id == notification_id), "")
        call = await self._call(_mark_read, notification_id=notification_id)
        if call.signed_out:
            return self._login_redirect()
        if not call.value.ok:
            return rx.toast.error(call.value.message)
        return rx.redirect(link or "/notifications")


def _list(session, actor) -> list[NotificationLine]:
    return _lines(inbox.list_notifications(session, actor))


def _mark_all_read_and_list(session, actor) -> list[NotificationLine]:
    inbox.mark_all_read(session, actor, clock=system_clock)
    return _list(session, actor)


def _mark_read(session, actor, *, notification_id: str):
    return inbox.mark_read(session, actor, notification_id=notification_id, clock=system_clock)


def _item(item: rx.Var[NotificationLine]) -> rx.Component:
    unread = ~item.is_read
    return rx.card(
        rx.hstack(
            rx.cond(
                unread,
                rx.box(
                    width="8px",
                    height="8px",
                    border_radius="50%",
                    background=rx.color("accent", 9),
                    aria_label="Unread",
                ),
                rx.box(width="8px"),
            ),
            rx.vstack(
                rx.text(item.title, weight=rx.cond(unread, "bold", "regular")),
                rx.text(item.body, size="2", color_scheme="gray", white_space="pre-wrap"),
                rx.text(relative_time(item.created_at), size="1", color_scheme="gray"),
                spacing="1",
                align="start",
            ),
            rx.spacer(),
            rx.cond(
                item.link != "",
                rx.button(
                    "Open",
                    variant="soft",
                    size="1",
                    on_click=NotificationsState.open_item(item.id),
                    aria_label="Open " + item.title,
                ),
            ),
            align="center",
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


@rx.page(
    route="/notifications",
    title="Notifications · Workflow",
    on_load=[SessionState.require_signed_in, NotificationsState.load],
)
def notifications_page() -> rx.Component:
    return page(
        rx.vstack(
            rx.hstack(
                rx.heading("Notifications", size="8"),
                rx.spacer(),
                rx.button(
                    "Mark all as read",
                    variant="outline",
                    on_click=NotificationsState.mark_all_read,
                    disabled=NotificationsState.unread_notifications == 0,
                    custom_attrs=press_once(),
                ),
                width="100%",
                align="end",
                wrap="wrap",
                spacing="3",
            ),
            rx.cond(
                NotificationsState.items.length() > 0,
                rx.vstack(rx.foreach(NotificationsState.items, _item), spacing="2", width="100%"),
                empty_state(
                    "No notifications yet. Decisions on your ideas and descriptors will appear here.", icon="bell"
                ),
            ),
            spacing="4",
            width="100%",
            max_width="820px",
        )
    )
