"""The Starlette app carrying our API routes; Reflex mounts its own backend under it."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route

from workflow_app.api import (
    analytics_export,
    attachment_routes,
    audit_export,
    auth_routes,
    cron_routes,
    idea_export,
    library_export,
)


def build_api() -> Starlette:
    return Starlette(
        routes=[
            Route("/api/auth/handoff", auth_routes.handoff, methods=["GET"]),
            Route("/api/auth/logout", auth_routes.logout, methods=["POST"]),
            Route("/api/auth/me", auth_routes.whoami, methods=["GET"]),
            Route("/api/cron/expire-drafts", cron_routes.expire_drafts, methods=["GET"]),
            Route("/api/admin/audit.csv", audit_export.export_audit_csv, methods=["GET"]),
            Route(idea_export.ROUTE, idea_export.export_ideas_csv, methods=["GET"]),
            Route(library_export.ROUTE, library_export.export_descriptors_csv, methods=["GET"]),
            Route(attachment_routes.ROUTE, attachment_routes.download_attachment, methods=["GET"]),
            Route(analytics_export.ROUTE, analytics_export.export_chart_csv, methods=["GET"]),
        ]
    )
