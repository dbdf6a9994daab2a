"""The one table of error codes and the texts users see (seeds 002/003, ORIGINS C1–C11)."""

from __future__ import annotations

from enum import Enum


class ErrorCode(str, Enum):
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN_ROLE = "FORBIDDEN_ROLE"
    VALIDATION_ERROR = "VALIDATION_ERROR"
    EMAIL_TAKEN = "EMAIL_TAKEN"
    EMAIL_DOMAIN_NOT_ALLOWED = "EMAIL_DOMAIN_NOT_ALLOWED"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    LOGIN_RATE_LIMITED = "LOGIN_RATE_LIMITED"
    WRONG_CURRENT_PASSWORD = "WRONG_CURRENT_PASSWORD"
    IDEA_NOT_FOUND = "IDEA_NOT_FOUND"
    SELF_REVIEW_FORBIDDEN = "SELF_REVIEW_FORBIDDEN"
    ALREADY_UNDER_REVIEW = "ALREADY_UNDER_REVIEW"
    INVALID_STATE = "INVALID_STATE"
    REVIEW_NOT_FOUND = "REVIEW_NOT_FOUND"
    ALREADY_REVIEWED = "ALREADY_REVIEWED"
    COMMENT_REQUIRED = "COMMENT_REQUIRED"
    RATE_LIMITED = "RATE_LIMITED"
    SUBMIT_RATE_LIMITED = "SUBMIT_RATE_LIMITED"
    DRAFT_LIMIT_EXCEEDED = "DRAFT_LIMIT_EXCEEDED"
    NOT_FOUND = "NOT_FOUND"
    EXPIRED = "EXPIRED"
    CONFLICT = "CONFLICT"
    SERVER_ERROR = "SERVER_ERROR"
    SECTION_NOT_FOUND = "SECTION_NOT_FOUND"
    SECTION_NAME_TAKEN = "SECTION_NAME_TAKEN"
    SKILL_NOT_FOUND = "SKILL_NOT_FOUND"
    SKILL_NAME_TAKEN = "SKILL_NAME_TAKEN"
    DESCRIPTOR_NOT_FOUND = "DESCRIPTOR_NOT_FOUND"
    DESCRIPTOR_NOT_EDITABLE = "DESCRIPTOR_NOT_EDITABLE"
    NO_DRAFTS_TO_SUBMIT = "NO_DRAFTS_TO_SUBMIT"
    NOT_YOUR_DESCRIPTOR = "NOT_YOUR_DESCRIPTOR"
    STALE_DECISION = "STALE_DECISION"
    USER_NOT_FOUND = "USER_NOT_FOUND"
    OWN_ROLE = "OWN_ROLE"
    OWN_ACCOUNT = "OWN_ACCOUNT"
    ACCOUNT_DEACTIVATED = "ACCOUNT_DEACTIVATED"
    USER_CHANGED = "USER_CHANGED"
    PASSWORD_RATE_LIMITED = "PASSWORD_RATE_LIMITED"
    EMAIL_NOT_VERIFIED = "EMAIL_NOT_VERIFIED"
    VERIFICATION_LINK_INVALID = "VERIFICATION_LINK_INVALID"
    ALREADY_VERIFIED = "ALREADY_VERIFIED"
    RESET_LINK_INVALID = "RESET_LINK_INVALID"
    ATTACHMENT_NOT_FOUND = "ATTACHMENT_NOT_FOUND"
    FEATURE_DISABLED = "FEATURE_DISABLED"
    INVALID_STATUS = "INVALID_STATUS"
    PIPELINE_NOT_FOUND = "PIPELINE_NOT_FOUND"
    PIPELINE_EXISTS = "PIPELINE_EXISTS"
    PIPELINE_IN_USE = "PIPELINE_IN_USE"
    CANNOT_DELETE_DEFAULT = "CANNOT_DELETE_DEFAULT"
    STAGE_IN_USE = "STAGE_IN_USE"
    ALREADY_CLAIMED = "ALREADY_CLAIMED"
    PROGRESS_NOT_FOUND = "PROGRESS_NOT_FOUND"
    ALREADY_COMPLETED = "ALREADY_COMPLETED"
    STAGE_NOT_STARTED = "STAGE_NOT_STARTED"
    INVALID_OUTCOME = "INVALID_OUTCOME"
    NOT_ESCALATED = "NOT_ESCALATED"
    STAGE_INCOMPLETE = "STAGE_INCOMPLETE"
    ALREADY_RESOLVED = "ALREADY_RESOLVED"
    SCORE_REQUIRED = "SCORE_REQUIRED"
    SCORE_EXISTS = "SCORE_EXISTS"


MESSAGES: dict[ErrorCode, str] = {
    ErrorCode.UNAUTHENTICATED: "You must be signed in to do that.",
    ErrorCode.FORBIDDEN_ROLE: "You don't have permission to perform this action.",
    ErrorCode.VALIDATION_ERROR: "Please correct the highlighted fields.",
    ErrorCode.EMAIL_TAKEN: "An account with this email already exists.",
    ErrorCode.EMAIL_DOMAIN_NOT_ALLOWED: "Only @{domain} addresses are permitted.",
    ErrorCode.INVALID_CREDENTIALS: "Invalid email or password.",
    ErrorCode.LOGIN_RATE_LIMITED: "Too many login attempts. Please try again in 15 minutes.",
    ErrorCode.WRONG_CURRENT_PASSWORD: "Current password is incorrect.",
    ErrorCode.IDEA_NOT_FOUND: "Idea not found.",
    ErrorCode.SELF_REVIEW_FORBIDDEN: "You cannot review your own idea.",
    ErrorCode.ALREADY_UNDER_REVIEW: "This idea is already under review by another admin.",
    ErrorCode.INVALID_STATE: "This idea cannot be reviewed in its current state.",
    ErrorCode.REVIEW_NOT_FOUND: "This review no longer exists.",
    ErrorCode.ALREADY_REVIEWED: "This idea has already been reviewed.",
    ErrorCode.COMMENT_REQUIRED: "A comment is required (minimum 10 characters).",
    ErrorCode.RATE_LIMITED: "Too many save requests, please slow down",
    ErrorCode.SUBMIT_RATE_LIMITED: "Too many submissions. Please try again in a minute.",
    ErrorCode.DRAFT_LIMIT_EXCEEDED: (
        "You have reached the maximum of 10 drafts. Please submit or delete a draft to continue."
    ),
    ErrorCode.NOT_FOUND: "Draft not found",
    ErrorCode.EXPIRED: "This draft has expired and can no longer be saved.",
    ErrorCode.CONFLICT: ("This draft was changed in another window. Reload to see the latest version."),
    ErrorCode.SERVER_ERROR: "Something went wrong. Please try again.",
    ErrorCode.SECTION_NOT_FOUND: "Section not found.",
    ErrorCode.SECTION_NAME_TAKEN: "A section with this name already exists",
    ErrorCode.SKILL_NOT_FOUND: "Skill not found.",
    ErrorCode.SKILL_NAME_TAKEN: "A skill with this name already exists.",
    ErrorCode.DESCRIPTOR_NOT_FOUND: "Descriptor not found",
    ErrorCode.DESCRIPTOR_NOT_EDITABLE: "Descriptor not found or cannot be edited",
    ErrorCode.NO_DRAFTS_TO_SUBMIT: "No draft descriptors to submit",
    ErrorCode.NOT_YOUR_DESCRIPTOR: "You do not have permission to review this descriptor",
    ErrorCode.STALE_DECISION: (
        "This descriptor is no longer pending review; it may already have been decided. "
        "Reload to see its current status."
    ),
    ErrorCode.USER_NOT_FOUND: "User not found.",
    ErrorCode.OWN_ROLE: "You cannot change your own role.",
    ErrorCode.OWN_ACCOUNT: "You cannot deactivate your own account.",
    ErrorCode.ACCOUNT_DEACTIVATED: "This account has been deactivated. Ask an administrator to reactivate it.",
    ErrorCode.PASSWORD_RATE_LIMITED: "Too many wrong passwords. Please try again in 15 minutes.",
    ErrorCode.USER_CHANGED: "Someone else changed this user meanwhile. Reload to see their current role.",
    ErrorCode.EMAIL_NOT_VERIFIED: "Please verify your email before signing in.",
    ErrorCode.VERIFICATION_LINK_INVALID: "This verification link is invalid or has expired.",
    ErrorCode.ALREADY_VERIFIED: "Already verified",
    ErrorCode.RESET_LINK_INVALID: "This password reset link is invalid or has expired. Please request a new one.",
    ErrorCode.ATTACHMENT_NOT_FOUND: "Attachment not found",
    ErrorCode.FEATURE_DISABLED: "Not found",
    ErrorCode.INVALID_STATUS: "This idea cannot be claimed in its current state.",
    ErrorCode.PIPELINE_NOT_FOUND: "This category has no review pipeline.",
    ErrorCode.PIPELINE_EXISTS: "This category already has a pipeline.",
    ErrorCode.PIPELINE_IN_USE: "This pipeline has reviews in progress and cannot be deleted.",
    ErrorCode.CANNOT_DELETE_DEFAULT: "The default pipeline cannot be deleted.",
    ErrorCode.STAGE_IN_USE: "A stage you removed has a review in progress. Keep it until that review moves on.",
    ErrorCode.ALREADY_CLAIMED: "This stage has already been claimed by another admin.",
    ErrorCode.PROGRESS_NOT_FOUND: "This review stage no longer exists.",
    ErrorCode.ALREADY_COMPLETED: "This stage has already been completed.",
    ErrorCode.STAGE_NOT_STARTED: "This stage has not started yet.",
    ErrorCode.INVALID_OUTCOME: "This outcome is not possible at this stage.",
    ErrorCode.NOT_ESCALATED: "This stage was not escalated.",
    ErrorCode.STAGE_INCOMPLETE: "This stage is not complete yet.",
    ErrorCode.ALREADY_RESOLVED: "This escalation has already been resolved.",
    ErrorCode.SCORE_REQUIRED: "A score (1–5) is required to finalise the decision.",
    ErrorCode.SCORE_EXISTS: "A score has already been recorded for this idea.",
}

# Texts that depend on where a code is raised (seed 003, ORIGINS C9/C10).
INVALID_STATE_FINALIZE = "This idea is not currently under review."
DRAFT_CANNOT_BE_REVIEWED = "Draft ideas cannot be reviewed."
EXPIRED_ON_SUBMIT = "This draft has expired and can no longer be submitted."
SIGNED_OUT_SAVING_DRAFT = "You must be signed in to save a draft."


def submit_retry_in(seconds: int) -> str:
    """The submit limit's refusal with its retry time (ORIGINS C5: "Too many submissions", retryAfter)."""
    return f"Too many submissions. Please try again in {seconds} second{'' if seconds == 1 else 's'}."


# Validation texts (ORIGINS C1, C11; seed 003).
PASSWORD_TOO_SHORT = "Password must be at least 8 characters."
PASSWORD_TOO_LONG = "Password must be 72 characters or fewer."
PASSWORD_NEEDS_UPPER = "Password must contain at least one uppercase letter."
PASSWORD_NEEDS_LOWER = "Password must contain at least one lowercase letter."
PASSWORD_NEEDS_DIGIT = "Password must contain at least one number."
PASSWORDS_DO_NOT_MATCH = "Passwords do not match."
EMAIL_REQUIRED = "Email is required"
EMAIL_INVALID = "Enter a valid email address"
PASSWORD_REQUIRED = "Password is required"
DISPLAY_NAME_EMPTY = "Display name cannot be empty."
DISPLAY_NAME_TOO_LONG = "Display name must be 50 characters or fewer."
CURRENT_PASSWORD_REQUIRED = "Current password is required."
DISPLAY_NAME_HIDDEN_CHARACTERS = "Display name cannot contain control or invisible characters."

# Email verification and password reset (ORIGINS C1, C2). The neutral answers are the same
# whether or not an account exists, so they tell nobody which addresses have one.
VERIFICATION_SENT = "Registration successful. Please check your email to verify your account."
VERIFICATION_RESENT = "If this account still needs verifying, we sent a new link. Please check your email."
EMAIL_VERIFIED = "Email verified! You can now sign in."
RESET_REQUESTED = "If an account exists for that address, we sent a link to reset the password."
PASSWORD_RESET_DONE = "Your password has been reset. You can now sign in."

# Idea fields (ORIGINS C5) and draft limits (seed 002 §4, ORIGINS C9).
TITLE_REQUIRED = "Title is required"
TITLE_TOO_LONG = "Title must be 100 characters or fewer"
TITLE_HIDDEN_CHARACTERS = "Title cannot contain control or invisible characters"
DESCRIPTION_CONTROL_CHARACTERS = "Description cannot contain control characters"
DESCRIPTION_REQUIRED = "Description is required"
DESCRIPTION_TOO_LONG = "Description must be under 2,000 characters"
CATEGORY_REQUIRED = "Category is required"
CATEGORY_INVALID = "Please choose one of the listed categories"
VISIBILITY_INVALID = "Visibility must be Public or Private"
DRAFT_TITLE_TOO_LONG = "Title must be 150 characters or fewer"
DRAFT_DESCRIPTION_TOO_LONG = "Description must be 5,000 characters or fewer"
DRAFT_EXPIRED_READ_ONLY = "This draft has expired and can no longer be edited."

# WSOS sections, skills and descriptors (ORIGINS Part 2 C2–C5).
SECTION_CREATE_FORBIDDEN = "Only SCMs can create WSOS sections"
SECTION_NAME_TOO_SHORT = "Section name must be at least 3 characters"
SECTION_NAME_TOO_LONG = "Section name must be 200 characters or fewer"
SECTION_DESCRIPTION_TOO_LONG = "Description must be 2,000 characters or fewer"
ADMIN_ONLY = "Action restricted to Administrators"
SKILL_NAME_REQUIRED = "Skill name is required"
SKILL_NAME_TOO_LONG = "Skill name must be 200 characters or fewer"
SKILL_CODE_TOO_LONG = "Skill code must be 16 characters or fewer"
SKILL_SECTOR_TOO_LONG = "Sector must be 100 characters or fewer"
SKILL_SA_INVALID = "Choose a user with the Skill Advisor role"
SKILL_SCM_INVALID = "Choose a user with the Skill Competition Manager role"
SCM_ONLY = "Only Skill Competition Managers can manage their descriptors"
CODE_REQUIRED = "Code is required"
CODE_TOO_LONG = "Code must be 32 characters or fewer"
CRITERION_TOO_SHORT = "Criterion name must be at least 5 characters"
CRITERION_TOO_LONG = "Criterion name must be 500 characters or fewer"
SECTION_REQUIRED = "WSOS section is required"
PERFORMANCE_LEVEL_REQUIRED = "At least one performance level description is required"
TAGS_TOO_LONG = "Tags must be 1,000 characters or fewer"
SCORE_TOO_LONG = "Each performance level must be 5,000 characters or fewer"
DESCRIPTOR_ID_REQUIRED = "Descriptor ID required"
DESCRIPTOR_NOT_DELETABLE = "Descriptor not found or cannot be deleted"
DESCRIPTOR_CANNOT_BE_EDITED = "This descriptor cannot be edited"
DESCRIPTOR_CHANGED = "This descriptor was changed in another window. Reload to see the latest version."
APPROVE_SA_ONLY = "Only Skill Advisors can approve descriptors"
RETURN_SA_ONLY = "Only Skill Advisors can return descriptors"
RETURN_NOT_PERMITTED = "You do not have permission to return this descriptor"
RETURN_REASON_TOO_SHORT = "Please provide a reason (at least 5 characters)"
RETURN_REASON_TOO_LONG = "Feedback must be 2,000 characters or fewer"
DECISION_UNKNOWN = "Choose Approve or Return."
TOO_MANY_SELECTED = "Select at most 200 descriptors at a time."
QUALITY_INVALID = "Choose Excellent, Good, Reference or Needs Review"
ROLE_INVALID = "Invalid role. Must be SUBMITTER, SCM, SA, ADMIN or SUPERADMIN."
DESCRIPTOR_NOT_RESTORABLE = "Descriptor not found or cannot be restored"


def message_for(code: ErrorCode) -> str:
    return MESSAGES[code]


# Admin curation (ORIGINS Part 2 C3).
CURATION_WORDING_REQUIRED = "Criterion name must be 5+ characters AND at least one performance level is required"
CODE_TAKEN_FOR_SKILL = "A descriptor with this code already exists for this skill"
SKILL_REQUIRED = "At least one skill is required"
SKILLS_TOO_LONG = "Skills must be 1,000 characters or fewer"
CATEGORIES_TOO_LONG = "Categories must be 1,000 characters or fewer"
CURATION_CREATE_FAILED = "Unable to create descriptor"
CURATION_UPDATE_FAILED = "Unable to update descriptor"
CURATION_DELETE_FAILED = "Unable to delete descriptor"
CURATION_RESTORE_FAILED = "Unable to restore descriptor"
