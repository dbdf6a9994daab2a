"""Smart forms (ORIGINS C15): each category's extra fields, their checks, and their editing.

A category's template is versioned (models/forms.py): the SUPERADMIN's edit adds a version, and
an idea keeps the id of the version it was written with, so its details keep their labels. When
the feature is off (FEATURE_SMART_FORMS_ENABLED) no template is read and nothing sent is kept.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from workflow_app import config
from workflow_app.core.actor import Actor
from workflow_app.core.audit import record
from workflow_app.core.clock import Clock
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import Ok, Result, err
from workflow_app.core.validation import has_hidden_characters, invalid
from workflow_app.ideas.domain.idea_rules import CATEGORIES, category_label
from workflow_app.models import AuditAction, Idea, IdeaFormTemplate

KINDS = ("text", "textarea", "number", "select")
TEXT_MAX = 255
TEXTAREA_MAX = 2000
NUMBER_MAX = 32  # characters of a number as typed
LABEL_MAX = 80
KEY_MAX = 40
MAX_FIELDS = 20
MAX_OPTIONS = 50
OPTION_MAX = 100
KEY_PATTERN = re.compile(rf"^[a-z][a-z0-9_]{{0,{KEY_MAX - 1}}}$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
PREFIX = "dyn:"  # a dynamic field's key among a form's field errors

# The texts of ORIGINS C15, by the field's label.
REQUIRED = "{label} is required."
TEXT_TOO_LONG = "{label} must be 255 characters or fewer."
TEXTAREA_TOO_LONG = "{label} must be 2000 characters or fewer."
NOT_A_NUMBER = "{label} must be a number."
INVALID_SELECTION = "{label} contains an invalid selection."
HIDDEN_CHARACTERS = "{label} cannot contain control characters."
DRAFT_VALUE_TOO_LONG = "This field must be 2000 characters or fewer."
# Editing a template (the admin page).
LABEL_REQUIRED = "Label is required."
LABEL_TOO_LONG = f"Label must be {LABEL_MAX} characters or fewer."
KEY_INVALID = f"Key must start with a letter and use only a–z, 0–9 and _ (at most {KEY_MAX})."
KEY_TAKEN = "Another field already uses this key."
KIND_INVALID = "Choose text, textarea, number or select."
TOO_MANY_FIELDS = f"A form has at most {MAX_FIELDS} fields."
TOO_MANY_OPTIONS = f"A select has at most {MAX_OPTIONS} options."
OPTION_TOO_LONG = f"Each option must be {OPTION_MAX} characters or fewer."
OPTION_TWICE = "Each option may be listed once."
TEMPLATE_CHANGED = "This form was changed meanwhile. Reload to see the latest version."
SUPERADMIN_ONLY = "Only a Super Admin can edit forms."


@dataclass(frozen=True)
class FormField:
    """One field of a template (ORIGINS' FieldDefinition; `key` is its `id`)."""

    key: str
    label: str
    kind: str
    required: bool = False
    options: tuple[str, ...] = ()

    @property
    def shown(self) -> bool:
        """A select without options is neither rendered nor checked (ORIGINS C15)."""
        return self.kind != "select" or bool(self.options)

    def stored(self) -> dict[str, Any]:
        return {
            "id": self.key,
            "label": self.label,
            "type": self.kind,
            "required": self.required,
            "options": [*self.options],
        }


@dataclass(frozen=True)
class FormTemplate:
    id: str
    category: str
    version: int
    fields: tuple[FormField, ...] = field(default=())

    @property
    def shown_fields(self) -> tuple[FormField, ...]:
        return tuple(f for f in self.fields if f.shown)


def _field_of(raw: Mapping[str, Any]) -> FormField:
    return FormField(
        key=str(raw.get("id", "")),
        label=str(raw.get("label", "")),
        kind=str(raw.get("type", "text")),
        required=bool(raw.get("required", False)),
        options=tuple(str(o) for o in raw.get("options") or ()),
    )


def _template_of(row: Any) -> FormTemplate:
    return FormTemplate(
        id=row.id, category=row.category, version=row.version, fields=tuple(_field_of(f) for f in row.fields or ())
    )


# --- the preloaded templates (ORIGINS B, "Seed content") ---------------------------------------

DEFAULT_FIELDS: dict[str, tuple[FormField, ...]] = {
    "process-improvement": (
        FormField("current_process", "Describe the current process", "textarea", required=True),
        FormField("time_saved_hours_per_week", "Estimated time saved (hours/week)", "number"),
    ),
    "new-product-service": (
        FormField("target_market", "Target market or audience", "text", required=True),
        FormField("competitive_advantage", "Key differentiator vs. alternatives", "textarea"),
    ),
    "cost-reduction": (
        FormField("current_annual_cost_usd", "Current estimated annual cost (USD)", "number", required=True),
        FormField("estimated_savings_pct", "Estimated savings (%)", "number", required=True),
    ),
    "employee-experience": (
        FormField("affected_group", "Which employee group is affected?", "text", required=True),
        FormField(
            "pain_level", "Current pain level", "select", required=True, options=("Low", "Medium", "High", "Critical")
        ),
    ),
    "technical-innovation": (
        FormField("problem_being_solved", "Technical problem being solved", "textarea", required=True),
        FormField("proposed_solution_summary", "High-level technical approach", "textarea"),
    ),
}


def default_template_rows() -> list[dict[str, Any]]:
    """Version 1 of each category's template, as rows (migration 0016 inserts the same)."""
    return [
        {"category": category, "version": 1, "fields": [f.stored() for f in fields]}
        for category, fields in DEFAULT_FIELDS.items()
    ]


def ensure_default_templates(session: Session, *, clock: Clock) -> int:
    """Gives every category without a template its preloaded one; idempotent. How many it added."""
    have = set(session.execute(sa.select(_T.c.category).distinct()).scalars())
    added = 0
    for row in default_template_rows():
        if row["category"] not in have:
            session.add(IdeaFormTemplate(**row, created_at=clock.now()))
            added += 1
    session.commit()
    return added


# --- reading ----------------------------------------------------------------------------------

_T: sa.Table = IdeaFormTemplate.__table__  # type: ignore[attr-defined]
_LATEST = sa.select(_T.c.category, sa.func.max(_T.c.version).label("version")).group_by(_T.c.category).subquery()
_CURRENT = sa.select(_T).join(_LATEST, (_T.c.category == _LATEST.c.category) & (_T.c.version == _LATEST.c.version))
_CURRENT_OF = sa.select(_T).where(_T.c.category == sa.bindparam("category")).order_by(_T.c.version.desc()).limit(1)


def enabled() -> bool:
    return config.settings.smart_forms_enabled


def current_templates(session: Session) -> dict[str, FormTemplate]:
    """Every listed category's current template, in the categories' order (one query); none when off."""
    if not enabled():
        return {}
    found = {row.category: _template_of(row) for row in session.execute(_CURRENT)}
    return {slug: found[slug] for slug in CATEGORIES if slug in found}


def current_template(session: Session, category: str | None) -> FormTemplate | None:
    if not enabled() or not category or category not in CATEGORIES:
        return None
    row = session.execute(_CURRENT_OF, {"category": category}).first()
    return _template_of(row) if row is not None else None


def template_by_id(session: Session, template_id: str | None) -> FormTemplate | None:
    if not template_id:
        return None
    row = session.execute(sa.select(_T).where(_T.c.id == template_id)).first()
    return _template_of(row) if row is not None else None


def details_of(template: FormTemplate | None, values: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """(label, value) of each stored value: the template's order and labels, then any key it no
    longer has, labelled by the key itself (ORIGINS C15); none when the feature is off."""
    if not enabled() or not values:
        return []
    labels = {f.key: f.label for f in template.fields} if template else {}
    order = [k for k in labels if k in values] + [k for k in values if k not in labels]
    return [(labels.get(k, k), str(values[k])) for k in order if str(values[k]).strip()]


# --- checking the values of an idea -----------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    """What is kept of the dynamic fields sent with an idea, and what is wrong with them."""

    template_id: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)


def _problem(f: FormField, raw: object) -> tuple[str | None, str | None]:
    """(kept value, problem) of one field; (None, None) when blank and optional."""
    if isinstance(raw, bool) or not isinstance(raw, str | int | float | type(None)):
        return None, (
            INVALID_SELECTION if f.kind == "select" else NOT_A_NUMBER if f.kind == "number" else HIDDEN_CHARACTERS
        )
    value = "" if raw is None else str(raw).strip()
    if not value:
        return None, REQUIRED if f.required else None
    if f.kind == "text" and len(value) > TEXT_MAX:
        return None, TEXT_TOO_LONG
    if f.kind == "textarea" and len(value) > TEXTAREA_MAX:
        return None, TEXTAREA_TOO_LONG
    if f.kind == "number" and (len(value) > NUMBER_MAX or not _NUMBER.match(value) or not math.isfinite(float(value))):
        return None, NOT_A_NUMBER
    if f.kind == "select" and value not in f.options:
        return None, INVALID_SELECTION
    if has_hidden_characters(value, multiline=f.kind == "textarea"):
        return None, HIDDEN_CHARACTERS
    return value, None


def check_values(template: FormTemplate | None, values: object) -> Checked:
    """The submission's check (ORIGINS C15): each shown field of the template by its rules, unknown
    keys dropped, blank optional fields left out. Problems are keyed `dyn:<key>`."""
    if template is None:
        return Checked()
    sent = values if isinstance(values, Mapping) else {}
    kept: dict[str, str] = {}
    problems: dict[str, str] = {}
    for f in template.shown_fields:
        value, problem = _problem(f, sent.get(f.key))
        if problem:
            problems[PREFIX + f.key] = problem.format(label=f.label)
        elif value is not None:
            kept[f.key] = value
    return Checked(template_id=template.id, values=kept, problems=problems)


def checked_for_submit(session: Session, category: str | None, values: object) -> Checked:
    """The category's current template and the values checked against it; nothing when off."""
    return check_values(current_template(session, category), values)


def draft_values(values: object) -> Checked:
    """A draft may be incomplete: no field is required and no template is read, but what is kept
    stays small — at most MAX_FIELDS keys of the keys' form, text of at most TEXTAREA_MAX, blanks
    dropped. Nothing is kept when the feature is off."""
    if not enabled() or not isinstance(values, Mapping):
        return Checked()
    kept: dict[str, str] = {}
    problems: dict[str, str] = {}
    for key, raw in list(values.items())[: MAX_FIELDS * 2]:
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            continue
        if not isinstance(raw, str) or len(raw) > TEXTAREA_MAX or has_hidden_characters(raw, multiline=True):
            problems[PREFIX + key] = (
                DRAFT_VALUE_TOO_LONG
                if isinstance(raw, str) and len(raw) > TEXTAREA_MAX
                else (HIDDEN_CHARACTERS.format(label="This field"))
            )
        elif raw.strip():
            kept[key] = raw
    if len(kept) > MAX_FIELDS:
        kept = dict(list(kept.items())[:MAX_FIELDS])
    return Checked(values=kept, problems=problems)


# --- editing a template (SUPERADMIN) ----------------------------------------------------------


@dataclass(frozen=True)
class FieldIn:
    """One field as the admin page sends it; a blank key is made from the label."""

    key: str = ""
    label: str = ""
    kind: str = "text"
    required: bool = False
    options: tuple[str, ...] = ()


def key_from_label(label: str) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:KEY_MAX].strip("_")
    return key if key[:1].isalpha() else f"field_{key}"[:KEY_MAX].strip("_")


def _field_problems(i: int, f: FieldIn, seen: set[str]) -> tuple[FormField | None, dict[str, str]]:
    problems: dict[str, str] = {}
    label = f.label.strip() if isinstance(f.label, str) else ""
    key = (f.key.strip() if isinstance(f.key, str) else "") or key_from_label(label)
    options = tuple(o.strip() for o in f.options if isinstance(o, str) and o.strip()) if f.kind == "select" else ()
    if not label:
        problems[f"fields.{i}.label"] = LABEL_REQUIRED
    elif len(label) > LABEL_MAX:
        problems[f"fields.{i}.label"] = LABEL_TOO_LONG
    elif has_hidden_characters(label):
        problems[f"fields.{i}.label"] = HIDDEN_CHARACTERS.format(label="Label")
    if not KEY_PATTERN.match(key):
        problems[f"fields.{i}.key"] = KEY_INVALID
    elif key in seen:
        problems[f"fields.{i}.key"] = KEY_TAKEN
    seen.add(key)
    if f.kind not in KINDS:
        problems[f"fields.{i}.kind"] = KIND_INVALID
    if len(options) > MAX_OPTIONS:
        problems[f"fields.{i}.options"] = TOO_MANY_OPTIONS
    elif any(len(o) > OPTION_MAX or has_hidden_characters(o) for o in options):
        problems[f"fields.{i}.options"] = OPTION_TOO_LONG
    elif len(set(options)) != len(options):
        problems[f"fields.{i}.options"] = OPTION_TWICE
    if problems:
        return None, problems
    return FormField(key, label, f.kind, bool(f.required), options), {}


def template_problems(fields: Sequence[FieldIn]) -> tuple[tuple[FormField, ...], dict[str, str]]:
    """The template's fields as stored, or every problem keyed `fields.<i>.<part>`."""
    if len(fields) > MAX_FIELDS:
        return (), {"fields": TOO_MANY_FIELDS}
    seen: set[str] = set()
    made: list[FormField] = []
    problems: dict[str, str] = {}
    for i, f in enumerate(fields):
        one, wrong = _field_problems(i, f, seen)
        problems.update(wrong)
        if one is not None:
            made.append(one)
    return tuple(made), problems


def template_for_editing(session: Session, actor: Actor, *, category: str) -> Result[FormTemplate | None]:
    """The category's current template for the admin page (None: it has none yet)."""
    if not actor.is_superadmin:
        return err(ErrorCode.FORBIDDEN_ROLE, SUPERADMIN_ONLY)
    if category not in CATEGORIES:
        return err(ErrorCode.VALIDATION_ERROR, "Unknown category.")
    row = session.execute(_CURRENT_OF, {"category": category}).first()
    return Ok(_template_of(row) if row is not None else None)


def save_template(
    session: Session,
    actor: Actor,
    *,
    category: str,
    fields: Sequence[FieldIn],
    expected_version: int | None,
    clock: Clock,
) -> Result[FormTemplate]:
    """The SUPERADMIN's edit as the category's next version; CONFLICT when another edit came first."""
    if not actor.is_superadmin:
        return err(ErrorCode.FORBIDDEN_ROLE, SUPERADMIN_ONLY)
    if category not in CATEGORIES:
        return err(ErrorCode.VALIDATION_ERROR, "Unknown category.")
    made, problems = template_problems(fields)
    if problems:
        return invalid(problems)
    row = session.execute(_CURRENT_OF, {"category": category}).first()
    current = row.version if row is not None else 0
    if (expected_version or 0) != current:
        return err(ErrorCode.CONFLICT, TEMPLATE_CHANGED)
    template = IdeaFormTemplate(
        category=category,
        version=current + 1,
        fields=[f.stored() for f in made],
        created_by_id=actor.user_id,
        created_at=clock.now(),
    )
    session.add(template)
    record(
        session,
        actor,
        action=AuditAction.FORM_TEMPLATE_UPDATED,
        target_type="form_template",
        target_id=template.id,
        target_title=category_label(category),
        details={"category": category, "version": template.version, "fields": len(made)},
        clock=clock,
    )
    try:
        session.commit()
    except IntegrityError:  # another SUPERADMIN's save took this version number first
        session.rollback()
        return err(ErrorCode.CONFLICT, TEMPLATE_CHANGED)
    return Ok(_template_of(template))


def idea_details(session: Session, idea: Idea) -> list[tuple[str, str]]:
    """What an idea's "Additional Details" show (the detail and review pages); one query for the
    labels, and only for an idea that has answers while the feature is on."""
    if not enabled() or not idea.dynamic_fields:
        return []
    return details_of(template_by_id(session, idea.form_template_id), idea.dynamic_fields)
