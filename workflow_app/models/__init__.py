"""SQLModel tables of both workflows. No logic here and no Reflex import."""

from workflow_app.models.audit import AuditLog
from workflow_app.models.descriptors import Descriptor, DescriptorFavorite, DescriptorRevision, Skill, WsosSection
from workflow_app.models.enums import (
    AuditAction,
    DescriptorBatchStatus,
    DescriptorSource,
    IdeaStatus,
    IdeaVisibility,
    QualityIndicator,
    ReviewDecision,
    Role,
    StageOutcome,
)
from workflow_app.models.forms import IdeaFormTemplate
from workflow_app.models.ideas import Idea, IdeaAttachment, IdeaCount, IdeaReview
from workflow_app.models.notifications import Notification
from workflow_app.models.pipelines import IdeaScore, IdeaStageProgress, ReviewPipeline, ReviewStage
from workflow_app.models.users import AuthSession, EmailToken, LoginTicket, RateEvent, User

__all__ = [
    "AuditAction",
    "AuditLog",
    "AuthSession",
    "Descriptor",
    "DescriptorBatchStatus",
    "DescriptorFavorite",
    "DescriptorRevision",
    "DescriptorSource",
    "EmailToken",
    "Idea",
    "IdeaAttachment",
    "IdeaCount",
    "IdeaFormTemplate",
    "IdeaReview",
    "IdeaScore",
    "IdeaStageProgress",
    "IdeaStatus",
    "IdeaVisibility",
    "LoginTicket",
    "Notification",
    "QualityIndicator",
    "RateEvent",
    "ReviewDecision",
    "ReviewPipeline",
    "ReviewStage",
    "Role",
    "Skill",
    "StageOutcome",
    "User",
    "WsosSection",
]
