"""The state of /admin/descriptors (descriptors/pages/curation.py): one page of the list with its
filters read from the URL, the edit form, the delete confirmation, restore. Every argument a
client sends is capped and typed here first; the work is curation's, in the gateway's thread."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import reflex as rx

from workflow_app.core import errors as e
from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.descriptors.domain import curation, curation_queries, descriptors, library
from workflow_app.descriptors.domain.curation_queries import FILTER_MAX, CurationFilters
from workflow_app.ui import inputs
from workflow_app.ui.rows import as_page_row
from workflow_app.ui.session import SessionState

ROUTE = "/admin/descriptors"
LIBRARY_ROUTE = "/descriptors"
DELETED = "deleted"  # the `show` filter's one value: the soft-deleted descriptors
QUALITY_LABELS = {q.value: label for q, label in library.QUALITY_LABELS.items()}  # the domain's, by value
FILTERS = ("skill", "sector", "category", "quality", "tag", "show")  # beside q and page, in the URL
FIELDS = (
    "code",
    "criterion_name",
    "skill_names",
    "sector",
    "categories",
    "wsos_section_id",
    "quality",
    "score3",
    "score2",
    "score1",
    "score0",
    "tags",
)
ID_MAX = 64
PAGE_MAX = 10_000  # the domain caps the pages it serves
SCORE_LIMIT = (descriptors.SCORE_MAX, e.SCORE_TOO_LONG)
LIST_LIMIT = curation.LIST_TEXT_MAX
# What each form field accepts from the client, checked before it is stored: (length, message).
# The criterion is capped before the similar-descriptor check, so the check's work is bounded.
FIELD_LIMITS: dict[str, tuple[int, str]] = {
    "code": (descriptors.CODE_MAX + 20, e.CODE_TOO_LONG),  # room for spaces the domain trims
    "criterion_name": (descriptors.CRITERION_MAX + 20, e.CRITERION_TOO_LONG),
    "skill_names": (LIST_LIMIT, e.SKILLS_TOO_LONG),  # all skills together, before they are split
    "sector": (curation.SECTOR_MAX + 20, e.SKILL_SECTOR_TOO_LONG),
    "categories": (LIST_LIMIT, e.CATEGORIES_TOO_LONG),
    "wsos_section_id": (ID_MAX, message_for(ErrorCode.SECTION_NOT_FOUND)),
    "quality": (32, e.QUALITY_INVALID),
    "score3": SCORE_LIMIT,
    "score2": SCORE_LIMIT,
    "score1": SCORE_LIMIT,
    "score0": SCORE_LIMIT,
    "tags": (descriptors.TAGS_TEXT_MAX, e.TAGS_TOO_LONG),
}
SAVED = "Descriptor saved."
DELETED_TOAST = "Descriptor deleted. It no longer shows in the library."
RESTORED = "Descriptor restored. It shows in the library again."


def checked_field(name: object, value: object) -> tuple[str, str | inputs.Refusal]:
    """Which form field (empty when unknown) and its value, if it may be stored."""
    field = inputs.choice(name, FIELDS)
    if not field:
        return "", inputs.Refusal(message_for(ErrorCode.VALIDATION_ERROR))
    limit, too_long = FIELD_LIMITS[field]
    checked = inputs.text(value, limit=limit, too_long=too_long)
    if field == "quality" and isinstance(checked, str) and checked not in QUALITY_LABELS:
        return field, inputs.Refusal(e.QUALITY_INVALID)
    return field, checked


def checked_filter(name: str, value: object) -> str | None:
    """The filter's value as the URL may carry it ('' for any); None when it is refused."""
    text = inputs.text(value, limit=FILTER_MAX, too_long="")
    if isinstance(text, inputs.Refusal):
        return None
    if name == "quality":
        return text if text in ("", *QUALITY_LABELS) else None
    if name == "show":
        return text if text in ("", DELETED) else None
    return text


@dataclass(frozen=True)
class CurationLine:
    """One library descriptor in the admin's table, and what its edit form starts from."""

    id: str = ""
    code: str = ""
    criterion_name: str = ""
    score3: str = ""
    score2: str = ""
    score1: str = ""
    score0: str = ""
    tags: str = ""  # "a, b, c", as the form's field takes them
    skill_names: str = ""
    sector: str = ""
    categories: str = ""
    section_id: str = ""
    section_name: str = ""
    quality: str = ""
    source: str = ""
    row_version: int = 0
    deleted_at: str = ""  # ISO; "" while live


@dataclass(frozen=True)
class SimilarLine:
    """A descriptor like the one being written: "A1 Name (72% similar)", its skills, a link."""

    code: str = ""
    criterion_name: str = ""
    skills: str = ""
    percent: int = 0
    href: str = ""


NEW_LINE = CurationLine(quality="REFERENCE")  # what the form starts from for a new descriptor


def _line(item: curation_queries.CuratedDescriptor) -> CurationLine:
    def joined(items: list[str]) -> str:
        return ", ".join(items)

    return as_page_row(
        CurationLine,
        item,
        tags=joined(item.tags),
        skill_names=joined(item.skill_names),
        categories=joined(item.categories),
        section_name=item.section_name or "No section",
    )


def _similar_line(s: curation.SimilarDescriptor) -> SimilarLine:
    href = f"{LIBRARY_ROUTE}?{urlencode({'q': s.criterion_name})}"
    return SimilarLine(s.code, s.criterion_name, ", ".join(s.skill_names), s.percent, href)


class CurationState(SessionState):
    rows: list[CurationLine] = []  # one page, ≤ 20
    query: str = ""
    skill: str = ""
    sector: str = ""
    category: str = ""
    quality: str = ""
    tag: str = ""
    show: str = ""  # "" (the library) or DELETED
    page_number: int = 1
    total_pages: str = "1"
    total: str = "0"
    has_next: bool = False
    error: str = ""
    section_options: list[dict[str, str]] = []
    skill_options: list[str] = []
    sector_options: list[str] = []
    editing_id: str = ""
    form: dict[str, str] = {}
    form_open: bool = False
    field_errors: dict[str, str] = {}
    similar: list[SimilarLine] = []
    pending_delete: str = ""  # the id the confirmation asks about
    pending_delete_name: str = ""
    # Fields whose last value was refused (not stored): saving now would save an older value.
    _refused: list[str] = []
    _editing_version: int = 0

    def _filters(self) -> dict[str, str]:
        return {"q": self.query, **{name: getattr(self, name) for name in FILTERS}}

    def _href(self, **changes: Any) -> str:
        params = {k: v for k, v in ({**self._filters(), "page": 1} | changes).items() if v not in ("", None)}
        return f"{ROUTE}?{urlencode(params)}"

    @rx.var
    def previous_href(self) -> str:
        return self._href(page=self.page_number - 1)

    @rx.var
    def next_href(self) -> str:
        return self._href(page=self.page_number + 1)

    @rx.var
    def has_filters(self) -> bool:
        return any(self._filters().values())

    @rx.var
    def delete_title(self) -> str:
        return f'Are you sure you want to delete "{self.pending_delete_name}"?'

    def _read_url(self) -> int:
        """The filters from the URL, each capped and typed (a bad one is dropped); the page asked."""
        params = self.router.url.query_parameters
        self.query = inputs.short_text(params.get("q", ""), limit=FILTER_MAX)
        for name in FILTERS:
            setattr(self, name, checked_filter(name, params.get(name, "")) or "")
        return inputs.whole_number(params.get("page", 1), low=1, high=PAGE_MAX, default=1)

    def _wanted(self) -> CurationFilters:
        return CurationFilters(
            query=self.query,
            skill=self.skill,
            sector=self.sector,
            category=self.category,
            quality=self.quality,
            tag=self.tag,
            deleted=self.show == DELETED,
        )

    @rx.event
    async def load(self):
        page = self._read_url()
        self.form_open, self.pending_delete = False, ""
        call = await self._call(_listing, filters=self._wanted(), page=page, with_choices=True)
        if not call.signed_out:  # signed out: require_signed_in already redirects
            self._show(call.value)

    def _show(self, listing) -> None:
        """The page of rows (and the form's choices); nothing for a non-admin (the page shows its 403 view)."""
        if listing is None:
            return
        result, choices = listing
        if choices is not None:
            self.section_options = [{"id": i, "name": n} for i, n in choices.sections]
            self.skill_options, self.sector_options = choices.skills, choices.sectors
        if not result.ok:
            self.rows, self.error = [], result.message
            return
        found = result.value
        self.rows, self.error = [_line(i) for i in found.items], ""
        self.page_number, self.has_next = found.page, found.has_next
        self.total, self.total_pages = found.total_label, found.total_pages_label

    async def _reload(self, result_work, **kwargs) -> tuple[Any, bool]:
        """Runs `result_work` and re-reads the page the admin is on, in one gateway trip."""
        call = await self._call(result_work, filters=self._wanted(), page=self.page_number, **kwargs)
        if call.signed_out:
            return None, False
        result, listing = call.value
        self._show(listing)
        return result, True

    @rx.event
    def search(self, text: str):
        checked = inputs.short_text(text, limit=FILTER_MAX)
        if checked or text == "":
            return rx.redirect(self._href(q=checked))

    @rx.event
    def choose(self, name: str, value: str):
        """A filter changed: the list of page 1 under it (the URL holds every filter)."""
        name = inputs.choice(name, FILTERS)
        checked = checked_filter(name, value) if name else None
        if checked is not None:
            return rx.redirect(self._href(**{name: checked}))

    @rx.event
    def open_form(self, descriptor_id: str = ""):
        descriptor_id = inputs.short_text(descriptor_id, limit=ID_MAX)
        row = (
            next((r for r in self.rows if r.id == descriptor_id and not r.deleted_at), None)
            if descriptor_id
            else NEW_LINE
        )
        if row is None:
            return rx.toast.error(message_for(ErrorCode.DESCRIPTOR_NOT_FOUND))
        self.form = {name: getattr(row, name, "") for name in FIELDS} | {"wsos_section_id": row.section_id}
        self.editing_id, self.field_errors, self.similar, self.form_open = descriptor_id, {}, [], True
        self._refused, self._editing_version = [], row.row_version

    @rx.event
    def close_form(self, is_open: bool = False):
        self.form_open = is_open is True

    @rx.event
    async def set_form(self, name: str, value: str):
        field, checked = checked_field(name, value)
        key = field or "form"
        self.field_errors = {k: v for k, v in self.field_errors.items() if k != key}
        self._refused = [f for f in self._refused if f != key]
        if isinstance(checked, inputs.Refusal):
            self.field_errors, self._refused = {**self.field_errors, key: checked.message}, [*self._refused, key]
            if field == "criterion_name":
                self.similar = []
            return
        self.form = {**self.form, field: checked}
        if field == "criterion_name":
            call = await self._call(_similar, criterion_name=checked, exclude_id=self.editing_id or None)
            self.similar = [_similar_line(s) for s in call.value or []]

    @rx.event
    async def save(self):
        if self._refused:  # a value the form refused was never stored; saving would lose it
            self.field_errors = {**self.field_errors, "form": message_for(ErrorCode.VALIDATION_ERROR)}
            return
        form = curation.CuratedDescriptorIn(**{name: self.form.get(name, "") for name in FIELDS})
        version = self._editing_version or None
        result, signed_in = await self._reload(
            _save_and_list, descriptor_id=self.editing_id, form=form, version=version
        )
        if not signed_in:
            self.field_errors = {"form": message_for(ErrorCode.UNAUTHENTICATED)}
            return
        if not result.ok:
            self.field_errors = dict(result.field_errors) or {"form": result.message}
            return
        self.form_open = False
        return rx.toast.success(SAVED)

    @rx.event
    def delete(self, descriptor_id: str):
        """Asks first: the confirmation names the descriptor (ORIGINS C3)."""
        descriptor_id = inputs.short_text(descriptor_id, limit=ID_MAX)
        row = next((r for r in self.rows if r.id == descriptor_id and not r.deleted_at), None)
        if row is None:
            return rx.toast.error(message_for(ErrorCode.DESCRIPTOR_NOT_FOUND))
        self.pending_delete, self.pending_delete_name = row.id, row.criterion_name

    @rx.event
    def delete_dialog_toggled(self, is_open: bool = False):
        if is_open is not True:
            self.pending_delete = ""

    @rx.event
    async def confirm_delete(self):
        descriptor_id, self.pending_delete = self.pending_delete, ""
        if not descriptor_id:
            return
        result, signed_in = await self._reload(_delete_and_list, descriptor_id=descriptor_id)
        if not signed_in:
            return self._signed_out()
        return rx.toast.success(DELETED_TOAST) if result.ok else rx.toast.error(result.message)

    @rx.event
    async def restore(self, descriptor_id: str):
        descriptor_id = inputs.short_text(descriptor_id, limit=ID_MAX)
        if not any(r.id == descriptor_id and r.deleted_at for r in self.rows):
            return rx.toast.error(message_for(ErrorCode.DESCRIPTOR_NOT_FOUND))
        result, signed_in = await self._reload(_restore_and_list, descriptor_id=descriptor_id)
        if not signed_in:
            return self._signed_out()
        return rx.toast.success(RESTORED) if result.ok else rx.toast.error(result.message)


# --- the work, in the gateway's thread ------------------------------------------------------


def _listing(session, actor, *, filters: CurationFilters, page: int, with_choices: bool = False):
    """One page of the list (and the form's choices); None for anyone but an admin."""
    if not actor.is_admin:
        return None
    result = curation_queries.curated_descriptors(session, actor, filters, page=page)
    return result, curation_queries.curation_choices(session, actor) if with_choices else None


def _similar(session, actor, *, criterion_name: str, exclude_id: str | None):
    return curation.similar_descriptors(session, actor, criterion_name=criterion_name, exclude_id=exclude_id)


def _save_and_list(session, actor, *, descriptor_id, form, version, filters, page):
    if descriptor_id:
        result = curation.update_curated_descriptor(
            session, actor, form, descriptor_id=descriptor_id, expected_version=version, clock=system_clock
        )
    else:
        result = curation.create_curated_descriptor(session, actor, form, clock=system_clock)
    return result, _listing(session, actor, filters=filters, page=page)


def _delete_and_list(session, actor, *, descriptor_id, filters, page):
    result = curation.delete_curated_descriptor(session, actor, descriptor_id=descriptor_id, clock=system_clock)
    return result, _listing(session, actor, filters=filters, page=page)


def _restore_and_list(session, actor, *, descriptor_id, filters, page):
    result = curation.restore_curated_descriptor(session, actor, descriptor_id=descriptor_id, clock=system_clock)
    return result, _listing(session, actor, filters=filters, page=page)
