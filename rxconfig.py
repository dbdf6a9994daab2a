import os

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

from workflow_app.config import settings

os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")
os.environ.setdefault("REFLEX_CHECK_LATEST_VERSION", "false")

# The port only when the environment names one: a forced frontend_port makes
# `reflex run --env prod --backend-only` refuse to start (`make run` passes --frontend-port).
_ports = {"frontend_port": int(os.environ["PORT"])} if os.environ.get("PORT") else {}

# One production worker without Redis keeps states in memory. Reflex's default (disk) writes
# every state it touches to a file, which took most of a core with 1000 tabs open, and
# `reflex run` empties that folder at start anyway; dev keeps it so a hot reload keeps the page.
_states = (
    {"state_manager_mode": rx.constants.StateManagerMode.MEMORY}
    if not settings.redis_url and os.environ.get("REFLEX_ENV_MODE") == "prod"
    else {}
)

config = rx.Config(
    app_name="workflow_app",
    redis_url=settings.redis_url or None,
    **_ports,
    **_states,
    # Websocket handshakes and credentialed API calls only from where the app is served.
    cors_allowed_origins=list(settings.app_base_urls) or ["*"],
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[
        rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="indigo", gray_color="slate", radius="medium")),
    ],
    disable_plugins=[SitemapPlugin],
)
