"""Settings: one YAML file validated with pydantic, secrets from the environment.

An unknown or wrong key stops start-up with a :class:`~bot.errors.ConfigError`
that names the file and the key. Secrets never live in the file; they are read
from the environment and held as ``SecretStr`` so a repr or a log line cannot leak
them. One module per section; kinds that multiply (health checks, upstream
providers, front ends) are discriminated unions whose registries live with the
code of each kind (``bot/services/health/probes``, ``bot/services/providers``,
``bot/settings/front_ends.py``).

Names are re-exported lazily (``from bot.settings import Config`` works as usual):
each kind's module imports ``bot.settings.base`` while the settings import the
kinds' registries, so this package must not import its modules up front.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.services.health.probes import CheckConfig
    from bot.services.providers import UpstreamConfig
    from bot.settings.base import (
        WEEKDAYS,
        Duration,
        HttpUrl,
        KeyProblem,
        Language,
        Slug,
        Strict,
        TimeZoneName,
        Weekday,
        known_timezone,
        parse_duration,
    )
    from bot.settings.config import DEFAULT_DATABASE_URL, Config
    from bot.settings.digests import DigestConfig, DigestRecipient, SmtpConfig
    from bot.settings.environment import Environment, environment_secrets, read_environment
    from bot.settings.front_ends import (
        FrontEndConfig,
        SlackFrontEndConfig,
        TelegramFrontEndConfig,
        choose_front_ends,
    )
    from bot.settings.knowledge_base import KnowledgeBaseConfig
    from bot.settings.loader import DEFAULT_CONFIG, Settings, load_settings, parse_config
    from bot.settings.people import (
        ChannelRef,
        ContactConfig,
        CustomerConfig,
        ResellerConfig,
        StaffConfig,
        TenantConfig,
    )
    from bot.settings.services import HealthConfig, ServiceConfig
    from bot.settings.sla import CalendarConfig, SeverityTargets, SlaConfig, SlaPolicyConfig

_HOMES = {
    "CheckConfig": "bot.services.health.probes",
    "UpstreamConfig": "bot.services.providers",
    "WEEKDAYS": "bot.settings.base",
    "Duration": "bot.settings.base",
    "HttpUrl": "bot.settings.base",
    "KeyProblem": "bot.settings.base",
    "Language": "bot.settings.base",
    "Slug": "bot.settings.base",
    "Strict": "bot.settings.base",
    "TimeZoneName": "bot.settings.base",
    "Weekday": "bot.settings.base",
    "known_timezone": "bot.settings.base",
    "parse_duration": "bot.settings.base",
    "DEFAULT_DATABASE_URL": "bot.settings.config",
    "Config": "bot.settings.config",
    "DigestConfig": "bot.settings.digests",
    "DigestRecipient": "bot.settings.digests",
    "SmtpConfig": "bot.settings.digests",
    "Environment": "bot.settings.environment",
    "environment_secrets": "bot.settings.environment",
    "read_environment": "bot.settings.environment",
    "FrontEndConfig": "bot.settings.front_ends",
    "SlackFrontEndConfig": "bot.settings.front_ends",
    "TelegramFrontEndConfig": "bot.settings.front_ends",
    "choose_front_ends": "bot.settings.front_ends",
    "KnowledgeBaseConfig": "bot.settings.knowledge_base",
    "DEFAULT_CONFIG": "bot.settings.loader",
    "Settings": "bot.settings.loader",
    "load_settings": "bot.settings.loader",
    "parse_config": "bot.settings.loader",
    "ChannelRef": "bot.settings.people",
    "ContactConfig": "bot.settings.people",
    "CustomerConfig": "bot.settings.people",
    "ResellerConfig": "bot.settings.people",
    "StaffConfig": "bot.settings.people",
    "TenantConfig": "bot.settings.people",
    "HealthConfig": "bot.settings.services",
    "ServiceConfig": "bot.settings.services",
    "CalendarConfig": "bot.settings.sla",
    "SeverityTargets": "bot.settings.sla",
    "SlaConfig": "bot.settings.sla",
    "SlaPolicyConfig": "bot.settings.sla",
}
__all__ = [
    "DEFAULT_CONFIG",
    "DEFAULT_DATABASE_URL",
    "WEEKDAYS",
    "CalendarConfig",
    "ChannelRef",
    "CheckConfig",
    "Config",
    "ContactConfig",
    "CustomerConfig",
    "DigestConfig",
    "DigestRecipient",
    "Duration",
    "Environment",
    "FrontEndConfig",
    "HealthConfig",
    "HttpUrl",
    "KeyProblem",
    "KnowledgeBaseConfig",
    "Language",
    "ResellerConfig",
    "ServiceConfig",
    "Settings",
    "SeverityTargets",
    "SlaConfig",
    "SlaPolicyConfig",
    "SlackFrontEndConfig",
    "Slug",
    "SmtpConfig",
    "StaffConfig",
    "Strict",
    "TelegramFrontEndConfig",
    "TenantConfig",
    "TimeZoneName",
    "UpstreamConfig",
    "Weekday",
    "choose_front_ends",
    "environment_secrets",
    "known_timezone",
    "load_settings",
    "parse_config",
    "parse_duration",
    "read_environment",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(home), name)
