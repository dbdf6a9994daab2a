"""The state of /admin/import (descriptors/pages/importing.py): the workbooks an admin dropped,
their dry run, the import with its progress, and the per-row report.

Uploaded workbooks wait in a private staging folder (descriptors/domain/import_staging.py)
until they are imported or replaced; the state holds only their tokens.
Reading, checking and importing run in worker threads through the gateway; the domain
(descriptors/domain/descriptor_import.py) decides who may import and what goes in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import anyio.to_thread
import reflex as rx
from starlette.datastructures import UploadFile as StarletteUploadFile

from workflow_app.core import errors as e
from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.descriptors.domain import descriptor_import as di
from workflow_app.descriptors.domain import import_staging
from workflow_app.descriptors.domain import import_workbook as iw
from workflow_app.ui import inputs
from workflow_app.ui.session import SessionState

FILES_MAX = 100
FILE_MAX_BYTES = 10 * 1024 * 1024
NAME_MAX = 255
TOKEN_MAX = 64
SAMPLE_ROWS = 200  # the preview table's rows per workbook
TOO_MANY = f"Choose at most {FILES_MAX} workbooks at a time."
TOO_BIG = "is larger than 10 MB"
NOT_XLSX = "is not an .xlsx workbook"
NOTHING_STAGED = "Choose the workbooks to import first."
IMPORTED = "Imported {n} descriptor(s)."


@dataclass(frozen=True)
class PreviewLine:
    row: int = 0
    code: str = ""
    criterion_name: str = ""
    outcome: str = ""  # new | duplicate | failed (after the import: imported | duplicate | failed)
    message: str = ""
    warnings: str = ""


@dataclass(frozen=True)
class WorkbookPreview:
    token: str = ""
    file_name: str = ""
    skill_name: str = ""
    skill_guessed: bool = True  # read from the file name (not typed by the admin)
    sheet: str = ""
    header_row: int = 0
    columns: str = ""  # "Code ← Ref, Criterion ← Sub-Aspect, …"
    problem: str = ""
    rows: int = 0
    new: int = 0
    duplicates: int = 0
    failed: int = 0
    warnings: int = 0
    truncated: bool = False
    lines: tuple[PreviewLine, ...] = ()


def _lines(outcomes: list[di.RowOutcome]) -> tuple[PreviewLine, ...]:
    return tuple(
        PreviewLine(o.row_number, o.code, o.criterion_name[:200], o.outcome, o.message, "; ".join(o.warnings))
        for o in outcomes[:SAMPLE_ROWS]
    )


def _preview_of(parsed: iw.ParsedWorkbook, token: str, outcomes: list[di.RowOutcome], guessed: bool) -> WorkbookPreview:
    return WorkbookPreview(
        token=token,
        file_name=parsed.file_name,
        skill_name=parsed.skill_name,
        skill_guessed=guessed,
        sheet=parsed.sheet,
        header_row=parsed.header_row or 0,
        columns=", ".join(f"{iw.FIELD_NAMES[k]} ← {v}" for k, v in parsed.columns.items()),
        problem=parsed.problem or "",
        rows=len(parsed.rows),
        new=sum(1 for o in outcomes if o.outcome == "new"),
        duplicates=sum(1 for o in outcomes if o.outcome == di.DUPLICATE),
        failed=sum(1 for o in outcomes if o.outcome == di.FAILED),
        warnings=parsed.warnings,
        truncated=parsed.truncated,
        lines=_lines(outcomes),
    )


def _read(token: str, file_name: str, skill: str) -> iw.ParsedWorkbook:
    with import_staging.open_staged(token) as stream:
        return iw.read_workbook(stream, file_name, skill_name=skill or None)


def _check(session, actor, *, staged: list[tuple[str, str, str]]):
    """Each staged workbook read and dry-run: (token, file name, skill typed or "")."""
    if not di.may_import(actor):
        return None
    previews = []
    for token, file_name, skill in staged:
        parsed = _read(token, file_name, skill)
        outcomes = [] if parsed.problem else di.preview(session, actor, parsed).value
        previews.append(_preview_of(parsed, token, outcomes, guessed=not skill))
    return previews


def _import_one(session, actor, *, token: str, file_name: str, skill: str):
    parsed = _read(token, file_name, skill)
    return parsed, di.import_workbooks(session, actor, [parsed], clock=system_clock)


def _import_all(session, actor, *, staged: list[tuple[str, str, str]]):
    workbooks = [_read(*item) for item in staged]
    return workbooks, di.import_workbooks(session, actor, workbooks, clock=system_clock, all_or_nothing=True)


def _may_import(_session, actor) -> bool:
    return di.may_import(actor)


class ImportState(SessionState):
    workbooks: list[WorkbookPreview] = []
    refused: list[str] = []  # files not taken, each with why
    checking: bool = False
    importing: bool = False
    all_or_nothing: bool = False
    progress: int = 0  # percent of the rows imported so far
    upload_percent: int = 0
    report: dict[str, int] = {}
    form_error: str = ""
    _report_rows: list[di.RowOutcome] = []

    @rx.var
    def to_import(self) -> int:
        return sum(w.new for w in self.workbooks if not w.problem)

    @rx.var
    def has_report(self) -> bool:
        return bool(self.report)

    def _staged(self) -> list[tuple[str, str, str]]:
        """(token, file name, skill typed or "") of each workbook still waiting that can be imported."""
        return [
            (w.token, w.file_name, "" if w.skill_guessed else w.skill_name)
            for w in self.workbooks
            if w.token and not w.problem
        ]

    async def _forget_staged(self) -> None:
        tokens = [w.token for w in self.workbooks if w.token]  # problem ones too: staged all the same
        self.workbooks = []
        if tokens:
            await anyio.to_thread.run_sync(import_staging.let_go, tokens)

    @rx.event
    async def load(self):
        self.refused, self.form_error, self.progress, self.upload_percent = [], "", 0, 0
        self.checking = self.importing = False

    @rx.event
    def upload_progress(self, progress: dict):
        value = progress.get("progress") if isinstance(progress, dict) else None
        fraction = float(value) if isinstance(value, int | float) and math.isfinite(value) else 0.0
        self.upload_percent = int(min(max(fraction, 0.0), 1.0) * 100)

    @rx.event
    async def check(self, files: list[rx.UploadFile]):
        """The dropped workbooks: staged, read and dry-run; the ones before them are let go."""
        call = await self._call(_may_import)
        if call.signed_out or not call.value:
            self.form_error = message_for(ErrorCode.UNAUTHENTICATED if call.signed_out else ErrorCode.FORBIDDEN_ROLE)
            return
        self.form_error, self.report, self._report_rows, self.progress = "", {}, [], 0
        if not isinstance(files, list):
            return
        if len(files) > FILES_MAX:
            self.form_error = TOO_MANY
            return
        self.checking = True
        yield
        await self._forget_staged()
        staged, refused = [], []
        for upload in files:
            if not isinstance(upload, StarletteUploadFile):
                continue  # not a file of the upload endpoint (an event sent over the websocket)
            name = inputs.short_text(getattr(upload, "name", "") or "", limit=NAME_MAX) or "workbook.xlsx"
            if not name.lower().endswith(".xlsx"):
                refused.append(f"{name} {NOT_XLSX}")
                continue
            data = await upload.read(FILE_MAX_BYTES + 1)
            if len(data) > FILE_MAX_BYTES:
                refused.append(f"{name} {TOO_BIG}")
                continue
            token = await anyio.to_thread.run_sync(import_staging.stage, data)
            staged.append((token, name, ""))
        self.checking, self.refused, self.upload_percent = False, refused, 0
        if not staged:
            return
        checked = await self._call(_check, staged=staged)
        if checked.signed_out or checked.value is None:
            await anyio.to_thread.run_sync(import_staging.let_go, [t for t, _, _ in staged])
            self.form_error = message_for(ErrorCode.UNAUTHENTICATED)
            return
        self.workbooks = checked.value

    @rx.event
    async def set_skill(self, token: str, skill: str):
        """The skill of one workbook, typed: its rows are checked again under that skill."""
        token = inputs.short_text(token, limit=TOKEN_MAX)
        typed = inputs.text(skill, limit=iw.SKILL_MAX, too_long=e.SKILL_NAME_TOO_LONG)
        index = next((i for i, w in enumerate(self.workbooks) if w.token == token), None)
        if index is None or isinstance(typed, inputs.Refusal) or self.importing:
            return
        current = self.workbooks[index]
        call = await self._call(_check, staged=[(token, current.file_name, typed.strip())])
        if call.signed_out or not call.value:
            return
        self.workbooks = [*self.workbooks[:index], call.value[0], *self.workbooks[index + 1 :]]

    @rx.event
    def set_all_or_nothing(self, value: bool):
        self.all_or_nothing = value is True

    @rx.event
    async def start_import(self):
        if self.importing:
            return  # a second press while the first runs
        staged = self._staged()
        if not staged:
            self.form_error = NOTHING_STAGED
            return
        self.importing, self.progress, self.form_error = True, 0, ""
        yield
        report, refusal = di.ImportReport(), ""
        if self.all_or_nothing:  # one transaction: no progress to show until it commits
            call = await self._call(_import_all, staged=staged)
            refusal = _refusal(call)
            report = report if refusal else call.value[1].value
        else:
            total, done = sum(w.rows for w in self.workbooks if not w.problem), 0
            for token, file_name, skill in staged:
                call = await self._call(_import_one, token=token, file_name=file_name, skill=skill)
                if refusal := _refusal(call):
                    break
                parsed, result = call.value
                report.files += 1
                report.add(result.value.rows)
                done += len(parsed.rows)
                self.progress = int(done * 100 / max(total, 1))
                yield
        self.importing = False
        if refusal and not report.rows:
            self.form_error = refusal
            return
        await anyio.to_thread.run_sync(import_staging.let_go, [t for t, _, _ in staged])
        self._finish(report)
        self.form_error = refusal
        yield rx.toast.success(IMPORTED.format(n=report.imported))

    def _finish(self, report: di.ImportReport) -> None:
        """The report shown in place of the preview: each workbook's rows with what became of them."""
        self._report_rows, self.progress = report.rows, 100
        counts = report.as_dict()
        self.report = {k: counts[k] for k in ("processed", "imported", "duplicates", "failed", "warnings")}
        by_file: dict[str, list[di.RowOutcome]] = {}
        for row in report.rows:
            by_file.setdefault(row.file_name, []).append(row)
        self.workbooks = [_imported(w, by_file.get(w.file_name, [])) for w in self.workbooks]

    @rx.event
    async def download_report(self):
        if not self._report_rows:
            return rx.toast.error(NOTHING_STAGED)
        text = await anyio.to_thread.run_sync(di.report_csv, self._report_rows)
        return rx.download(data=text, filename="import-report.csv")


def _imported(workbook: WorkbookPreview, outcomes: list[di.RowOutcome]) -> WorkbookPreview:
    """The workbook's card after the import: its counts and rows as they went in (no token: done)."""
    if workbook.problem:
        return replace(workbook, token="")
    counted = {k: sum(1 for o in outcomes if o.outcome == k) for k in (di.IMPORTED, di.DUPLICATE, di.FAILED)}
    return replace(
        workbook,
        token="",
        new=counted[di.IMPORTED],
        duplicates=counted[di.DUPLICATE],
        failed=counted[di.FAILED],
        lines=_lines(outcomes),
    )


def _refusal(call) -> str:
    """Why an import call did nothing ("" when it ran)."""
    if call.signed_out:
        return message_for(ErrorCode.UNAUTHENTICATED)
    result = call.value[1]
    return "" if result.ok else result.message
