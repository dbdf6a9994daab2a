"""One name for each action across pages, buttons, empty states and toasts (docs/WORDING.md).

Where the origin system names a text (reference ORIGINS), that text is used as it is, even
"descriptor(s)"; these constants hold the names the pages share.
"""

from __future__ import annotations

SUBMIT_IDEA = "Submit Idea"  # starting a new idea, everywhere (ORIGINS C6's button)
SUBMIT_FIRST_IDEA = "Submit Your First Idea"  # My Ideas' empty state (ORIGINS C8)
CREATE_DESCRIPTOR = "Create Descriptor"
REVIEW_DESCRIPTORS = "Review Descriptors"  # the SA's way to the queue (NOTIF-01's button)
NEW_DRAFT_STARTED = "A new draft was started with your text."
OVERDUE = "Overdue"  # a review past its due time (REVIEW_DUE_WORKING_DAYS), on every queue
STALE_CLAIM = "Stale claim"  # a review held past STALE_CLAIM_HOURS
RELEASE = "Release"  # a SUPERADMIN gives a stale claim back to the queue
