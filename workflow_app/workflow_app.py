"""The Reflex app: theme, pages and the API routes mounted beside the backend."""

import gc
import logging

import reflex as rx
from reflex.event import EventSpec

from workflow_app import logs, loop_guard

# Importing the page modules registers their pages.
from workflow_app.accounts.pages import (  # noqa: F401
    admin_audit,
    admin_users,
    forgot_password,
    login,
    register,
    reset_password,
    settings,
    verify_email,
)
from workflow_app.api.app import build_api
from workflow_app.api.security_headers import with_security_headers
from workflow_app.api.upload_limit import with_upload_limit
from workflow_app.core.errors import ErrorCode, message_for
from workflow_app.descriptors.pages import (  # noqa: F401
    curation,
    descriptor_form,
    descriptor_review,
    importing,
    library,
    my_descriptors,
    sections,
    skills,
)
from workflow_app.ideas.pages import (  # noqa: F401
    admin,
    admin_review,
    form_templates,
    idea_detail,
    idea_editor,
    ideas_list,
    my_ideas,
    review_config,
)
from workflow_app.jobs import daily_draft_expiry
from workflow_app.ui import handler_guards, live, shedding
from workflow_app.ui.pages import analytics, home, notifications  # noqa: F401
from workflow_app.ui.pages.not_found import not_found_page
from workflow_app.ui.session import SessionState

logs.configure()
log = logging.getLogger("workflow_app")


# No `from __future__ import annotations` here: Reflex checks these annotations at runtime.
def _on_unexpected_error(exception: Exception) -> EventSpec:
    """A bug or an outage: the traceback goes to the log, the person gets the one generic text."""
    log.error("unhandled error in an event handler", exc_info=exception)
    return rx.toast.error(message_for(ErrorCode.SERVER_ERROR))


app = rx.App(
    stylesheets=["/styles.css"],
    head_components=[
        rx.script(src="/draft_autosave.js"),
        rx.script(src="/keep_typed.js"),
        rx.script(src="/press_once.js"),
        rx.script(src="/focus_on_arrival.js"),
        rx.script(src="/scroll_regions.js"),
    ],
    api_transformer=[build_api(), with_upload_limit, with_security_headers],
    toaster=rx.toast.provider(position="top-right", close_button=True),
    backend_exception_handler=_on_unexpected_error,
)
app.add_page(not_found_page, route="404", title="Not found · Workflow", on_load=SessionState.load_optional)
app.register_lifespan_task(loop_guard.watch_this_thread)  # runs on the loop's thread at start-up
app.register_lifespan_task(daily_draft_expiry)
app.register_lifespan_task(live.relay_between_workers)
shedding.install()
handler_guards.install()

# Everything imported so far lives as long as the process: keep it out of the collector's
# full passes. With a thousand tabs open those passes stopped the loop for up to 370 ms;
# collecting the youngest objects less often promotes fewer short-lived ones to be scanned.
gc.freeze()
gc.set_threshold(50_000, 20, 100)

if __import__("os").environ.get("WORKFLOW_BENCH") == "1":  # bench/ only: its no-op floor state
    from workflow_app import bench_noop  # noqa: F401
