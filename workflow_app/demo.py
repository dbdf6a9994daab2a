"""Demo data for `make run`: one user per role, a few ideas, a skill, two WSOS sections and a
blind 3-stage review pipeline with one idea it decided and scored.

Idempotent: running it again finds what is there and adds nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, select

from workflow_app.accounts.domain.passwords import hash_password
from workflow_app.core.actor import Actor
from workflow_app.core.clock import Clock
from workflow_app.ideas.domain import idea_counts, pipelines, smart_forms
from workflow_app.models import (
    Descriptor,
    DescriptorSource,
    Idea,
    IdeaScore,
    IdeaStageProgress,
    IdeaStatus,
    IdeaVisibility,
    QualityIndicator,
    Role,
    Skill,
    StageOutcome,
    User,
    WsosSection,
)

DEMO_PASSWORD = "DemoPass1"


@dataclass(frozen=True)
class DemoLogin:
    role: Role
    email: str
    display_name: str
    password: str = DEMO_PASSWORD


DEMO_LOGINS = [
    DemoLogin(Role.SUBMITTER, "submitter@example.com", "Sam Submitter"),
    DemoLogin(Role.ADMIN, "admin@example.com", "Ada Admin"),
    DemoLogin(Role.SUPERADMIN, "superadmin@example.com", "Sol Superadmin"),
    DemoLogin(Role.SCM, "scm@example.com", "Casey Competition-Manager"),
    DemoLogin(Role.SA, "sa@example.com", "Alex Advisor"),
]

_DEMO_IDEAS = [
    (
        "Shared tool library for workshops",
        "Let teams borrow rarely used tools from one shelf instead of buying them twice.",
        "process-improvement",
        IdeaVisibility.PUBLIC,
    ),
    (
        "Quiet hours on Wednesday mornings",
        "No meetings before noon on Wednesdays so people can focus on deep work.",
        "employee-experience",
        IdeaVisibility.PUBLIC,
    ),
    (
        "Self-service expense photos",
        "Snap a receipt with the phone and have the expense line filled in automatically.",
        "technical-innovation",
        IdeaVisibility.PRIVATE,
    ),
]

_DEMO_SECTIONS = [
    ("Work organisation and management", "Planning, safety and working to a brief."),
    ("Communication and interpersonal skills", "Working with clients, colleagues and suppliers."),
]


# (code, criterion, score 3, score 2, score 1, score 0, tags, quality, section index)
_DEMO_DESCRIPTORS = [
    (
        "A1",
        "Work area is kept safe and tidy throughout",
        "Work area is spotless; tools returned after every use; no hazards at any check.",
        "Work area tidy at every check; one minor lapse corrected at once.",
        "Work area mostly tidy; several lapses needing a reminder.",
        "Work area unsafe or untidy at most checks.",
        ["safety", "housekeeping"],
        QualityIndicator.EXCELLENT,
        0,
    ),
    (
        "A2",
        "Plans the work to finish within the time allowed",
        "Clear written plan; every stage finished on or before its planned time.",
        "Plan followed with small deviations; finished on time.",
        "Plan incomplete; finished on time only by rushing the last stage.",
        "No plan; did not finish in time.",
        ["planning", "time"],
        QualityIndicator.GOOD,
        0,
    ),
    (
        "A3",
        "Personal protective equipment is worn correctly",
        "Correct PPE worn at all times and checked before each task.",
        "Correct PPE worn at all times.",
        "PPE worn but once incorrectly.",
        "PPE missing during a hazardous task.",
        ["safety", "ppe"],
        QualityIndicator.GOOD,
        0,
    ),
    (
        "B1",
        "Explains the finished work to the client clearly",
        "Explains choices, care and maintenance in plain words; answers every question.",
        "Explains the work clearly; answers most questions.",
        "Explanation hard to follow or incomplete.",
        "Cannot explain the work.",
        ["communication", "client"],
        QualityIndicator.REFERENCE,
        1,
    ),
    (
        "B2",
        "Records measurements accurately on the job sheet",
        "All measurements recorded, legible and within 0.5 mm.",
        "All measurements recorded and legible.",
        "Some measurements missing or illegible.",
        "Job sheet not kept.",
        ["measurement", "documentation"],
        QualityIndicator.GOOD,
        1,
    ),
]


def _user(session: Session, login: DemoLogin, clock: Clock) -> User:
    user = session.exec(select(User).where(User.email == login.email)).first()
    if user is None:
        user = User(
            email=login.email,
            display_name=login.display_name,
            password_hash=hash_password(login.password),
            role=login.role,
            email_verified_at=clock.now(),
            created_at=clock.now(),
            updated_at=clock.now(),
        )
        session.add(user)
        session.flush()
    return user


def seed_demo_data(session: Session, *, clock: Clock) -> list[DemoLogin]:
    users = {login.role: _user(session, login, clock) for login in DEMO_LOGINS}
    submitter = users[Role.SUBMITTER]
    now = clock.now()
    for age_days, (title, description, category, visibility) in enumerate(_DEMO_IDEAS, start=1):
        if session.exec(select(Idea.id).where(Idea.title == title)).first() is None:
            created = now - timedelta(days=age_days)
            session.add(
                Idea(
                    title=title,
                    description=description,
                    category=category,
                    visibility=visibility,
                    status=IdeaStatus.SUBMITTED,
                    author_id=submitter.id,
                    created_at=created,
                    updated_at=created,
                )
            )
    if session.exec(select(Skill.id).where(Skill.name == "Joinery")).first() is None:
        session.add(
            Skill(
                name="Joinery",
                code="24",
                sector="Construction",
                sa_id=users[Role.SA].id,
                scm_id=users[Role.SCM].id,
                created_at=now,
            )
        )
    for name, description in _DEMO_SECTIONS:
        if session.exec(select(WsosSection.id).where(WsosSection.name == name)).first() is None:
            session.add(
                WsosSection(
                    name=name, description=description, created_by_id=users[Role.SCM].id, created_at=now, updated_at=now
                )
            )
    session.flush()
    _seed_descriptors(session, now=now)
    idea_counts.recount(session)  # the demo ideas were written directly, not through the workflow
    session.commit()
    smart_forms.ensure_default_templates(session, clock=clock)  # a database made without the migrations
    _seed_review_in_stages(session, users, clock=clock)
    return DEMO_LOGINS


DEMO_PIPELINE_CATEGORY = "technical-innovation"
_DEMO_SCORED = (
    "Offline mode for the field app",
    "Let inspectors keep working without signal and sync when they are back in range.",
)


def _seed_review_in_stages(session: Session, users: dict[Role, User], *, clock: Clock) -> None:
    """A blind 3-stage pipeline on one category, and one idea it decided with a score of 4, so
    that `make run` shows the stages, blind review, the score and the scoring charts."""
    if pipelines.pipeline_of(session, DEMO_PIPELINE_CATEGORY) is None:
        stages_in = (
            pipelines.StageIn("Screening"),
            pipelines.StageIn("Technical Assessment"),
            pipelines.StageIn("Final Decision", is_decision=True),
        )
        made = pipelines.create_pipeline(
            session,
            Actor.of(users[Role.SUPERADMIN]),
            category=DEMO_PIPELINE_CATEGORY,
            pipeline=pipelines.PipelineIn("Technical Review", stages_in, blind_review=True),
            clock=clock,
        )
        if not made.ok:
            return
    title, description = _DEMO_SCORED
    if session.exec(select(Idea.id).where(Idea.title == title)).first() is not None:
        return
    pipeline = pipelines.pipeline_of(session, DEMO_PIPELINE_CATEGORY)
    assert pipeline is not None
    now, reviewer = clock.now(), users[Role.ADMIN]
    decided_at = now - timedelta(days=2)
    idea = Idea(
        title=title,
        description=description,
        category=DEMO_PIPELINE_CATEGORY,
        visibility=IdeaVisibility.PUBLIC,
        status=IdeaStatus.ACCEPTED,
        author_id=users[Role.SUBMITTER].id,
        created_at=now - timedelta(days=9),
        updated_at=decided_at,
    )
    session.add(idea)
    session.flush()
    for stage in pipelines.stages_of(session, pipeline.id):
        done = decided_at - timedelta(days=3 - stage.position)
        session.add(
            IdeaStageProgress(
                idea_id=idea.id,
                stage_id=stage.id,
                stage_name=stage.name,
                position=stage.position,
                is_decision=stage.is_decision,
                reviewer_id=reviewer.id,
                outcome=StageOutcome.ACCEPTED if stage.is_decision else StageOutcome.PASS,
                comment="Solid case; the sync design is sound." if stage.is_decision else "Worth a closer look.",
                started_at=done - timedelta(hours=4),
                completed_at=done,
                created_at=done - timedelta(hours=4),
            )
        )
    session.add(
        IdeaScore(
            idea_id=idea.id,
            reviewer_id=reviewer.id,
            score=4,
            criteria=["Technical Feasibility", "Employee Impact"],
            recorded_at=decided_at,
        )
    )
    idea_counts.recount(session)
    session.commit()


def _seed_descriptors(session: Session, *, now) -> None:
    section_ids = [
        session.exec(select(WsosSection.id).where(WsosSection.name == name)).one() for name, _ in _DEMO_SECTIONS
    ]
    for code, criterion, s3, s2, s1, s0, tags, quality, section in _DEMO_DESCRIPTORS:
        if session.exec(select(Descriptor.id).where(Descriptor.criterion_name == criterion)).first() is None:
            session.add(
                Descriptor(
                    code=code,
                    criterion_name=criterion,
                    score3=s3,
                    score2=s2,
                    score1=s1,
                    score0=s0,
                    tags=tags,
                    source=DescriptorSource.MANUAL.value,
                    skill_names=["Joinery"],
                    quality_indicator=quality,
                    categories=[tags[0].title()],
                    wsos_section_id=section_ids[section],
                    created_at=now,
                    updated_at=now,
                )
            )
