"""The registry of upstream provider kinds: one module per kind, one line in ``UpstreamConfig``.

Adding a kind: write ``providers/<kind>.py`` with a settings model derived from
``BaseUpstream`` (a ``kind`` literal, its fields, ``provider()``) and the object that
submits a report; import it here and add it to the union.
"""

from __future__ import annotations

from typing import Annotated, Any, get_args

from pydantic import BeforeValidator, Field

from bot.services.providers.base import (
    BaseUpstream,
    Provider,
    ProviderUnavailable,
    Report,
    Submission,
)
from bot.services.providers.email import EmailUpstream
from bot.services.providers.manual import ManualUpstream
from bot.services.providers.webhook import WebhookUpstream
from bot.settings.environment import Environment


def _manual_by_default(value: Any) -> Any:
    """``kind`` may be left out: a provider is then reached by hand."""
    if isinstance(value, dict) and "kind" not in value:
        return {**value, "kind": "manual"}
    return value


UpstreamConfig = Annotated[
    ManualUpstream | EmailUpstream | WebhookUpstream,
    Field(discriminator="kind"),
    BeforeValidator(_manual_by_default),
]
PROVIDER_KINDS: tuple[type[BaseUpstream], ...] = get_args(get_args(UpstreamConfig)[0])


def build_provider(config: BaseUpstream, env: Environment) -> Provider:
    """The provider object for the configured kind, with its secrets."""
    return config.provider(env)


__all__ = [
    "PROVIDER_KINDS",
    "BaseUpstream",
    "EmailUpstream",
    "ManualUpstream",
    "Provider",
    "ProviderUnavailable",
    "Report",
    "Submission",
    "UpstreamConfig",
    "WebhookUpstream",
    "build_provider",
]
