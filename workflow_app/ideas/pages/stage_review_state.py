"""The states of reviews in stages (ORIGINS C16, C18): the review page's stage panel, the
stepper and score on the idea's page, and the escalation queue on the dashboard.

Every command runs with the re-read of what the page shows in one worker-thread call
(the gateway); the domain (ideas/domain/stages.py) decides who may do what.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from workflow_app.core.clock import system_clock
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.ideas.domain import scoring, stage_queries, stages
from workflow_app.ideas.domain.ideas import find_visible
from workflow_app.ui import inputs, live
from workflow_app.ui.rows import as_page_row, iso_utc
from workflow_app.ui.session import SessionState

ID_MAX = 64
SCORES = ("1", "2", "3", "4", "5")
COMMENT_INPUT_MAX = stages.COMMENT_MAX + 200  # room for whitespace the domain trims
OUTCOME_TOASTS = {
    "PASS": "Stage passed. The next stage waits for a reviewer.",
    "ESCALATE": "Stage escalated to a Super Admin.",
    "ACCEPTED": "Idea accepted.",
    "REJECTED": "Idea rejected.",
}


@dataclass(frozen=True)
class StepLine:
    id: str = ""
    name: str = ""
    position: int = 0
    is_decision: bool = False
    state: str = ""  # completed | active | escalated | pending
    outcome: str = ""
    reviewer_name: str = ""
    comment: str = ""
    completed_at: str = ""  # ISO 8601, "" until completed


@dataclass(frozen=True)
class EscalationLine:
    progress_id: str = ""
    idea_id: str = ""
    title: str = ""
    author_name: str = ""
    category_label: str = ""
    stage_name: str = ""
    escalated_by: str = ""
    comment: str = ""
    escalated_at: str = ""


def step_lines(steps) -> list[StepLine]:
    return [as_page_row(StepLine, s, completed_at=iso_utc(s.completed_at) if s.completed_at else "") for s in steps]


class StageReviewState(SessionState):
    """The review page's panel for an idea reviewed in stages."""

    staged: bool = False
    pipeline_name: str = ""
    steps: list[StepLine] = []
    claim_label: str = ""
    active_id: str = ""
    active_name: str = ""
    outcomes: list[str] = []
    is_decision: bool = False
    asks_score: bool = False
    criteria_options: list[str] = list(scoring.CRITERIA)
    escalated_id: str = ""
    can_resolve: bool = False
    waiting_note: str = ""
    comment: str = ""
    score: int = 0
    criteria: list[str] = []
    error: str = ""
    field_errors: dict[str, str] = {}

    @rx.var
    def comment_count(self) -> str:
        return f"{len(self.comment.strip())} / {stages.COMMENT_MAX}"

    def _show(self, view) -> None:
        self.staged = view is not None
        if view is None:
            self.steps, self.claim_label, self.active_id, self.escalated_id = [], "", "", ""
            return
        self.pipeline_name, self.steps = view.pipeline_name, step_lines(view.steps)
        self.claim_label, self.active_id, self.active_name = view.claim_label, view.active_id, view.active_name
        self.outcomes, self.is_decision, self.asks_score = list(view.outcomes), view.is_decision, view.asks_score
        self.escalated_id, self.can_resolve, self.waiting_note = view.escalated_id, view.can_resolve, view.waiting_note

    def _idea(self) -> str:
        return inputs.short_text(self.idea_id, limit=ID_MAX)

    @rx.event
    async def load(self):
        self.comment, self.score, self.criteria, self.error, self.field_errors = "", 0, [], "", {}
        call = await self._call(_panel, idea_id=self._idea())
        self._show(None if call.signed_out else call.value)

    @rx.event
    def set_comment(self, value: str):
        checked = inputs.text(value, limit=COMMENT_INPUT_MAX, too_long=stages.COMMENT_TOO_LONG)
        if isinstance(checked, inputs.Refusal):
            self.field_errors = {**self.field_errors, "comment": checked.message}
            return
        self.comment = checked
        self.field_errors = {k: v for k, v in self.field_errors.items() if k != "comment"}

    @rx.event
    def set_score(self, value: str):
        chosen = inputs.choice(value, SCORES)
        if chosen:
            self.score = int(chosen)
        self.field_errors = {k: v for k, v in self.field_errors.items() if k != "score"}

    @rx.event
    def toggle_criterion(self, name: str):
        name = inputs.choice(name, scoring.CRITERIA)
        if not name:
            return
        chosen = [c for c in self.criteria if c != name]
        if name not in self.criteria and len(chosen) < scoring.MAX_CRITERIA:
            chosen.append(name)
        self.criteria = [c for c in scoring.CRITERIA if c in chosen]

    async def _run(self, work, **arguments):
        """The command and the re-read panel; the command's result, or None when signed out."""
        self.error, self.field_errors = "", {}
        call = await self._call(_act_and_view, work, idea_id=self._idea(), **arguments)
        if call.signed_out:
            self.error = message_for(ErrorCode.UNAUTHENTICATED)
            return None
        result, view = call.value
        self._show(view)
        if not result.ok:
            if result.field_errors:  # under their fields
                self.field_errors = dict(result.field_errors)
            else:
                self.error = result.message
            return None
        live.publish(live.IDEA_QUEUE)
        self.comment, self.score, self.criteria = "", 0, []
        return result

    @rx.event
    async def claim(self):
        if not self.claim_label:
            return None
        from workflow_app.ideas.pages.admin_review import ReviewState

        if await self._run(_claim) is not None:
            return [rx.toast.success("Stage claimed. It is yours to complete."), ReviewState.load]
        return None

    @rx.event
    async def complete(self, outcome: str):
        outcome = inputs.choice(outcome, ("PASS", "ESCALATE", "ACCEPTED", "REJECTED"))
        if not outcome or outcome not in self.outcomes or not self.active_id:
            return None
        from workflow_app.ideas.pages.admin_review import ReviewState

        done = await self._run(
            _complete,
            progress_id=self.active_id,
            outcome=outcome,
            comment=self.comment,
            score=self.score or None,
            criteria=list(self.criteria),
        )
        if done is None:
            return None
        return [rx.toast.success(OUTCOME_TOASTS[outcome]), ReviewState.load]

    @rx.event
    async def resolve(self, resolution: str):
        resolution = inputs.choice(resolution, stages.RESOLUTIONS)
        if not resolution or not self.can_resolve:
            return None
        from workflow_app.ideas.pages.admin_review import ReviewState

        done = await self._run(_resolve, progress_id=self.escalated_id, resolution=resolution, comment=self.comment)
        if done is None:
            return None
        text = "Escalation passed: the next stage waits for a reviewer." if resolution == "PASS" else "Idea rejected."
        return [rx.toast.success(text), ReviewState.load]


class IdeaProgressState(SessionState):
    """The idea page's stepper and score."""

    steps: list[StepLine] = []
    score: int = 0
    score_criteria: list[str] = []

    @rx.var
    def has_steps(self) -> bool:
        return bool(self.steps)

    @rx.var
    def horizontal(self) -> bool:
        return len(self.steps) <= 4

    @rx.event
    async def load(self):
        call = await self._call(_progress, idea_id=inputs.short_text(self.idea_id, limit=ID_MAX))
        if call.signed_out:
            self.steps, self.score, self.score_criteria = [], 0, []
            return
        steps, score = call.value
        self.steps = step_lines(steps)
        self.score, self.score_criteria = (score.score, list(score.criteria)) if score else (0, [])


class EscalationsState(SessionState):
    """The escalation queue above the dashboard's Pending Review."""

    escalations: list[EscalationLine] = []

    @rx.event
    async def load(self):
        call = await self._call(stage_queries.escalation_queue)
        found = [] if call.signed_out else call.value
        self.escalations = [as_page_row(EscalationLine, e, escalated_at=iso_utc(e.escalated_at)) for e in found]


# --- the work each handler sends to a worker thread (gateway) -------------------------------


def _panel(session, actor, *, idea_id: str):
    idea = find_visible(session, actor, idea_id) if idea_id else None
    return stage_queries.panel(session, actor, idea) if idea is not None else None


def _act_and_view(session, actor, work, *, idea_id: str, **arguments):
    result = work(session, actor, idea_id=idea_id, **arguments)
    return result, _panel(session, actor, idea_id=idea_id)


def _claim(session, actor, *, idea_id: str):
    return stages.claim_stage(session, actor, idea_id=idea_id, clock=system_clock)


def _complete(session, actor, *, idea_id: str, **arguments):
    return stages.complete_stage(session, actor, clock=system_clock, **arguments)


def _resolve(session, actor, *, idea_id: str, **arguments):
    return stages.resolve_escalation(session, actor, clock=system_clock, **arguments)


def _progress(session, actor, *, idea_id: str):
    return stage_queries.stepper(session, actor, idea_id), scoring.score_of(session, actor, idea_id)
