import os

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

from workflow_app.config import settings

os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")
os.environ.setdefault("REFLEX_CHECK_LATEST_VERSION", "false")

config = rx.Config(
    app_name="workflow_app",
    redis_url=settings.redis_url or None,
    frontend_port=int(os.environ.get("PORT", "3000")),
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="indigo", gray_color="slate", radius="medium")
        ),
    ],
    disable_plugins=[SitemapPlugin],
)
