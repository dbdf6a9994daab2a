"""The "Attachments" section (ORIGINS C14): a row per file with its name as the download link
(cut with an ellipsis, the whole name in its title), size and date; absent when there are none.
On the draft editor it also takes new files, each with its own progress bar while it uploads,
and has the × that removes a staged file; on a submitted idea's page admins may delete one."""

from __future__ import annotations

import reflex as rx
from reflex_base.event import parse_args_spec
from reflex_base.vars.base import Var
from reflex_components_core.core.upload import _on_drop_spec

from workflow_app.ideas.domain import attachment_rules as rules
from workflow_app.ideas.pages.attachments_state import UPLOAD_ID, AttachmentLine, AttachmentsState, UploadLine
from workflow_app.ui.components.forms import press_once

ALLOWED = ", ".join(sorted({ext for exts, _ in rules.KINDS.values() for ext in exts}))


def _file_row(file: rx.Var[AttachmentLine], *, removable: bool, deletable: bool) -> rx.Component:
    actions: list[rx.Component] = []
    if removable:
        actions.append(
            rx.icon_button(
                rx.icon("x", size=14),
                variant="ghost",
                color_scheme="gray",
                size="1",
                aria_label=f"Remove {file.file_name}",
                title="Remove",
                type="button",
                on_click=AttachmentsState.remove(file.id),
            )
        )
    if deletable:
        actions.append(
            rx.cond(
                AttachmentsState.may_delete,
                rx.button(
                    "Delete",
                    variant="soft",
                    color_scheme="red",
                    size="1",
                    aria_label=f"Delete {file.file_name}",
                    on_click=AttachmentsState.ask_delete(file.id),
                ),
            )
        )
    return rx.hstack(
        rx.icon("paperclip", size=14, color=rx.color("gray", 10), flex_shrink="0"),
        rx.link(
            file.file_name,
            href=file.href,
            title=file.file_name,
            is_external=False,
            overflow="hidden",
            text_overflow="ellipsis",
            white_space="nowrap",
            min_width="0",
            flex="1",
            size="2",
        ),
        rx.text(file.size, size="1", color_scheme="gray", white_space="nowrap"),
        rx.text(file.added_on, size="1", color_scheme="gray", white_space="nowrap"),
        *actions,
        spacing="3",
        align="center",
        width="100%",
    )


def _list(*, removable: bool = False, deletable: bool = False) -> rx.Component:
    return rx.vstack(
        rx.foreach(AttachmentsState.files, lambda f: _file_row(f, removable=removable, deletable=deletable)),
        spacing="2",
        width="100%",
    )


def _delete_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete this attachment?"),
            rx.alert_dialog.description(
                rx.text.strong(AttachmentsState.pending_delete_name),
                " is removed from the idea for everyone. This cannot be undone.",
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="outline")),
                rx.button("Delete", color_scheme="red", on_click=AttachmentsState.delete, custom_attrs=press_once()),
                justify="end",
                spacing="3",
                margin_top="1em",
            ),
        ),
        open=AttachmentsState.pending_delete != "",
        on_open_change=AttachmentsState.dialog_toggled,
    )


def attachments_section(*, deletable: bool = False) -> rx.Component:
    """A submitted idea's files on its page (and the admin review page); absent when none."""
    return rx.cond(
        AttachmentsState.enabled & AttachmentsState.has_files,
        rx.card(
            rx.vstack(rx.heading("Attachments", size="4", as_="h2"), _list(deletable=deletable), spacing="3"),
            _delete_dialog() if deletable else rx.fragment(),
            width="100%",
            size="3",
        ),
    )


def _progress(line: rx.Var[UploadLine]) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(line.name, size="1", overflow="hidden", text_overflow="ellipsis", white_space="nowrap", flex="1"),
            rx.text(line.percent.to_string() + "%", size="1", color_scheme="gray"),
            width="100%",
        ),
        rx.progress(value=line.percent, max=100, aria_label=f"Uploading {line.name}", width="100%"),
        spacing="1",
        width="100%",
    )


def _drop_events() -> list:
    """On drop: the chosen files' names and sizes for their progress bars, then the upload.
    Both read the dropped files (the argument of the drop zone's callback)."""
    dropped = parse_args_spec(_on_drop_spec)[0][0]
    chosen = Var(_js_expr=f"{dropped!s}.map((f) => [f.name, f.size])", _var_type=list)
    return [
        AttachmentsState.begin_upload(chosen),
        AttachmentsState.upload(
            rx.upload_files(upload_id=UPLOAD_ID, on_upload_progress=AttachmentsState.upload_progress)
        ),
    ]


def _drop_zone(read_only: rx.Var) -> rx.Component:
    zone = rx.upload(
        rx.vstack(
            rx.hstack(
                rx.icon("upload", size=18, color=rx.color("gray", 10)),
                rx.text("Drop files here, or", size="2"),
                rx.button("Choose files", type="button", variant="soft", size="1"),
                align="center",
                spacing="2",
                wrap="wrap",
                justify="center",
            ),
            rx.text(AttachmentsState.room_left, size="1", color_scheme="gray"),
            align="center",
            spacing="1",
        ),
        id=UPLOAD_ID,
        multiple=True,
        max_files=rules.MAX_FILES,
        on_drop=_drop_events(),
        disabled=read_only | AttachmentsState.is_uploading,
        border=f"2px dashed {rx.color('gray', 7)}",
        border_radius="10px",
        padding="1em",
        width="100%",
        cursor="pointer",
    )
    # rx.upload draws its own hidden file input and takes no props for it: named here.
    file_input = zone.children[0].children[0]
    file_input.custom_attrs = {**file_input.custom_attrs, "aria-label": "Attach files"}
    return zone


def _problem(text: rx.Var[str]) -> rx.Component:
    return rx.text(text, size="1", color_scheme="red", role="alert")


def attachments_editor(read_only: rx.Var) -> rx.Component:
    """The draft editor's (and new form's) section: staged files with ×, the drop zone, progress."""
    return rx.cond(
        AttachmentsState.enabled,
        rx.card(
            rx.vstack(
                rx.heading("Attachments", size="3", as_="h2", weight="medium"),
                rx.cond(AttachmentsState.has_files, rx.cond(read_only, _list(), _list(removable=True))),
                rx.cond(~read_only, _drop_zone(read_only)),
                rx.cond(
                    AttachmentsState.is_uploading,
                    rx.vstack(rx.foreach(AttachmentsState.uploading, _progress), width="100%"),
                ),
                rx.foreach(
                    AttachmentsState.refused, lambda why: rx.text(why, size="1", color_scheme="red", role="alert")
                ),
                rx.cond(
                    AttachmentsState.error != "",
                    rx.text(AttachmentsState.error, size="1", color_scheme="red", role="alert"),
                ),
                rx.text(f"Allowed: {ALLOWED}", size="1", color_scheme="gray"),
                spacing="2",
                width="100%",
            ),
            size="3",
            width="100%",
        ),
    )
