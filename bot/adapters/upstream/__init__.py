"""The provider's side: signed case updates posted to ``/upstream/<provider>``."""

from bot.adapters.upstream.webhook import sign, upstream_routes

__all__ = ["sign", "upstream_routes"]
