"""/admin/import — marking-scheme workbooks into the library: drop them, see what each would
bring (the dry run: rows, duplicates, failures, warnings, the skill read from the file name),
import with a progress bar, then download the per-row report (ORIGINS Part 2 C7)."""

from __future__ import annotations

import reflex as rx

from workflow_app.descriptors.pages.importing_state import FILES_MAX, ImportState, PreviewLine, WorkbookPreview
from workflow_app.models import Role
from workflow_app.ui.components.forms import link_button, press_once
from workflow_app.ui.components.layout import page
from workflow_app.ui.session import SessionState

UPLOAD_ID = "workbooks"
XLSX = {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [".xlsx"]}
SUBTITLE = (
    "Each row of a marking-scheme workbook (.xlsx) becomes a descriptor of the workbook's skill, "
    "marked Needs Review. Nothing is written until you press Import."
)
OUTCOME_COLORS = {"new": "green", "imported": "green", "duplicate": "gray", "failed": "red"}
OUTCOME_LABELS = {"new": "New", "imported": "Imported", "duplicate": "Duplicate", "failed": "Failed"}


def _drop_zone() -> rx.Component:
    zone = rx.upload(
        rx.vstack(
            rx.icon("file_spreadsheet", size=32, color=rx.color("gray", 10)),
            rx.text("Drop marking-scheme workbooks here, or"),
            rx.button("Choose workbooks", type="button", variant="soft"),
            rx.text(f"Up to {FILES_MAX} .xlsx files, 10 MB each.", size="1", color_scheme="gray"),
            align="center",
            spacing="2",
        ),
        id=UPLOAD_ID,
        accept=XLSX,
        multiple=True,
        max_files=FILES_MAX,
        on_drop=ImportState.check(rx.upload_files(upload_id=UPLOAD_ID, on_upload_progress=ImportState.upload_progress)),
        disabled=ImportState.checking | ImportState.importing,
        border=f"2px dashed {rx.color('gray', 7)}",
        border_radius="12px",
        padding="2em",
        width="100%",
        cursor="pointer",
    )
    # rx.upload draws its own hidden file input (react-dropzone's) and takes no props for it: it
    # is named here, for screen readers and the accessibility check.
    file_input = zone.children[0].children[0]
    file_input.custom_attrs = {**file_input.custom_attrs, "aria-label": "Choose workbooks"}
    return zone


def _count(label: str | rx.Component, value: rx.Var, color: str) -> rx.Component:
    return rx.badge(label, " ", value, color_scheme=color, variant="soft", size="2")


def _line(line: rx.Var[PreviewLine]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(line.row),
        rx.table.cell(line.code),
        rx.table.cell(rx.text(line.criterion_name, class_name="clamp-2", title=line.criterion_name)),
        rx.table.cell(
            rx.match(
                line.outcome,
                *[(k, rx.badge(OUTCOME_LABELS[k], color_scheme=c, variant="soft")) for k, c in OUTCOME_COLORS.items()],
                rx.badge(line.outcome),
            )
        ),
        rx.table.cell(
            rx.vstack(
                rx.cond(line.message != "", rx.text(line.message, size="1")),
                rx.cond(line.warnings != "", rx.text(line.warnings, size="1", color_scheme="amber")),
                spacing="0",
            )
        ),
    )


def _rows_table(workbook: rx.Var[WorkbookPreview]) -> rx.Component:
    return rx.box(
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[rx.table.column_header_cell(h) for h in ("Row", "Code", "Criterion", "Outcome", "Notes")]
                )
            ),
            rx.table.body(rx.foreach(workbook.lines, _line)),
            size="1",
            width="100%",
            aria_label="Rows of " + workbook.file_name,
        ),
        class_name="table-scroll",
        max_height="320px",
        overflow_y="auto",
        width="100%",
    )


def _skill_field(workbook: rx.Var[WorkbookPreview]) -> rx.Component:
    field_id = "skill-" + workbook.token
    return rx.vstack(
        rx.el.label("Skill", html_for=field_id, class_name="field-label"),
        rx.input(
            id=field_id,
            default_value=workbook.skill_name,
            key=workbook.token + workbook.skill_name,
            on_blur=lambda value: ImportState.set_skill(workbook.token, value),
            placeholder="The skill these descriptors belong to",
            read_only=(workbook.token == "") | ImportState.importing,
            width="100%",
            max_width="360px",
        ),
        rx.cond(
            workbook.skill_guessed & (workbook.skill_name != ""),
            rx.text("Read from the file name; change it if it is wrong.", size="1", color_scheme="gray"),
        ),
        spacing="1",
        width="100%",
    )


def _workbook(workbook: rx.Var[WorkbookPreview]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon("file_spreadsheet", size=18),
                rx.heading(workbook.file_name, size="4", as_="h2", overflow_wrap="anywhere"),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            _skill_field(workbook),
            rx.cond(
                workbook.problem != "",
                rx.callout(workbook.problem, icon="triangle_alert", color_scheme="red", width="100%"),
                rx.vstack(
                    rx.text(
                        "Sheet “",
                        workbook.sheet,
                        "”, header on row ",
                        workbook.header_row,
                        ": ",
                        workbook.columns,
                        size="1",
                        color_scheme="gray",
                    ),
                    rx.hstack(
                        _count("Rows", workbook.rows, "blue"),
                        _count(rx.cond(workbook.token == "", "Imported", "New"), workbook.new, "green"),
                        _count("Duplicates", workbook.duplicates, "gray"),
                        _count("Failed", workbook.failed, "red"),
                        _count("With warnings", workbook.warnings, "amber"),
                        spacing="2",
                        wrap="wrap",
                    ),
                    rx.cond(
                        workbook.truncated,
                        rx.text("The sheet has more rows than one import takes; the rest were not read.", size="1"),
                    ),
                    _rows_table(workbook),
                    spacing="2",
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _actions() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.checkbox(
                    "All or nothing: import nothing if any row fails",
                    checked=ImportState.all_or_nothing,
                    on_change=ImportState.set_all_or_nothing,
                    disabled=ImportState.importing,
                ),
                rx.spacer(),
                rx.button(
                    rx.icon("upload"),
                    "Import ",
                    ImportState.to_import,
                    " descriptor(s)",
                    size="3",
                    on_click=ImportState.start_import,
                    loading=ImportState.importing,
                    disabled=ImportState.to_import == 0,
                    custom_attrs=press_once(),
                ),
                align="center",
                width="100%",
                wrap="wrap",
                spacing="3",
            ),
            rx.cond(
                ImportState.importing,
                rx.vstack(
                    rx.text("Importing… ", ImportState.progress, "%", size="2", role="status"),
                    rx.progress(value=ImportState.progress, max=100, width="100%", aria_label="Import progress"),
                    width="100%",
                    spacing="1",
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _report() -> rx.Component:
    r = ImportState.report
    return rx.callout.root(
        rx.callout.icon(rx.icon("circle_check")),
        rx.callout.text(
            rx.text.strong("Import finished: "),
            r["imported"],
            " imported, ",
            r["duplicates"],
            " duplicate(s) skipped, ",
            r["failed"],
            " failed, of ",
            r["processed"],
            " rows.",
        ),
        rx.hstack(
            rx.button(rx.icon("download", size=16), "Download report (CSV)", on_click=ImportState.download_report),
            link_button("Open the library", variant="outline", href="/descriptors?quality=NEEDS_REVIEW"),
            spacing="2",
            wrap="wrap",
        ),
        id="import-report",
        role="status",
        color_scheme="green",
        width="100%",
    )


@rx.page(
    route="/admin/import",
    title="Import descriptors · Workflow",
    on_load=[SessionState.require_signed_in, ImportState.load],
)
def import_page() -> rx.Component:
    return page(
        rx.vstack(
            rx.vstack(
                rx.heading("Import descriptors", size="8"),
                rx.text(SUBTITLE, color_scheme="gray"),
                spacing="1",
            ),
            _drop_zone(),
            rx.cond(
                ImportState.checking | (ImportState.upload_percent > 0),
                rx.vstack(
                    rx.text(
                        rx.cond(
                            ImportState.checking,
                            "Reading the workbooks…",
                            "Uploading… " + ImportState.upload_percent.to_string() + "%",
                        ),
                        size="2",
                        role="status",
                    ),
                    rx.progress(
                        value=rx.cond(ImportState.checking, 100, ImportState.upload_percent),
                        max=100,
                        width="100%",
                        aria_label="Upload progress",
                    ),
                    width="100%",
                    spacing="1",
                ),
            ),
            rx.cond(
                ImportState.form_error != "",
                rx.callout(
                    ImportState.form_error, icon="triangle_alert", color_scheme="red", role="alert", width="100%"
                ),
            ),
            rx.foreach(
                ImportState.refused,
                lambda why: rx.callout(why, icon="file_x", color_scheme="red", width="100%"),
            ),
            rx.cond(ImportState.has_report, _report()),
            rx.cond(
                ImportState.workbooks.length() > 0,
                rx.vstack(
                    rx.cond(~ImportState.has_report, _actions()),
                    rx.foreach(ImportState.workbooks, _workbook),
                    spacing="3",
                    width="100%",
                ),
            ),
            spacing="4",
            width="100%",
        ),
        roles=(Role.ADMIN.value, Role.SUPERADMIN.value),
    )
