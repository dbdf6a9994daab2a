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
    ErrorCode.SUBMIT_RATE_LIMITED: "Too many submissions. Please wait a minute before submitting again.",
    ErrorCode.DRAFT_LIMIT_EXCEEDED: (
        "You have reached the maximum of 10 drafts. Please submit or delete a draft to continue."
    ),
    ErrorCode.NOT_FOUND: "Draft not found",
    ErrorCode.EXPIRED: "This draft has expired and can no longer be saved.",
    ErrorCode.CONFLICT: (
        "This draft was changed in another window. Reload to see the latest version."
    ),
    ErrorCode.SERVER_ERROR: "Something went wrong. Please try again.",
}

# Texts that depend on where a code is raised (seed 003, ORIGINS C9/C10).
INVALID_STATE_FINALIZE = "This idea is not currently under review."
DRAFT_CANNOT_BE_REVIEWED = "Draft ideas cannot be reviewed."
EXPIRED_ON_SUBMIT = "This draft has expired and can no longer be submitted."

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


# Idea fields (ORIGINS C5) and draft limits (seed 002 §4, ORIGINS C9).
TITLE_REQUIRED = "Title is required"
TITLE_TOO_LONG = "Title must be 100 characters or fewer"
DESCRIPTION_REQUIRED = "Description is required"
DESCRIPTION_TOO_LONG = "Description must be under 2,000 characters"
CATEGORY_REQUIRED = "Category is required"
CATEGORY_INVALID = "Please choose one of the listed categories"
VISIBILITY_INVALID = "Visibility must be Public or Private"
DRAFT_TITLE_TOO_LONG = "Title must be 150 characters or fewer"
DRAFT_DESCRIPTION_TOO_LONG = "Description must be 5,000 characters or fewer"
DRAFT_EXPIRED_READ_ONLY = "This draft has expired and can no longer be edited."


def message_for(code: ErrorCode) -> str:
    return MESSAGES[code]
