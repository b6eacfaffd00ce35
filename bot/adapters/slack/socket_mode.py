"""Socket Mode: the same bolt listeners, fed over a websocket instead of HTTP.

For workspaces where the bot cannot get a public URL. Signing secrets are not
used on this path (the app-level token authenticates the socket).
"""

from __future__ import annotations

from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from bot.errors import ConfigError
from bot.settings import Settings


def build_socket_mode_handler(app: AsyncApp, settings: Settings) -> AsyncSocketModeHandler:
    """The handler for ``app``, authenticated with ``SLACK_APP_TOKEN``.

    Raises:
        ConfigError: ``SLACK_APP_TOKEN`` is not set.
    """
    token = settings.env.slack_app_token
    if token is None:
        raise ConfigError("environment", "SLACK_APP_TOKEN", "Socket Mode needs an app token")
    return AsyncSocketModeHandler(app, token.get_secret_value(), web_client=app.client)


async def connect_socket_mode(app: AsyncApp, settings: Settings) -> AsyncSocketModeHandler:
    """Connect and return the handler (its background tasks keep the socket alive)."""
    handler = build_socket_mode_handler(app, settings)
    await handler.connect_async()
    return handler


async def close_socket_mode(handler: object) -> None:
    if isinstance(handler, AsyncSocketModeHandler):
        await handler.close_async()
