"""Who the bot serves and who serves them: the reseller, its customers and its staff."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from bot.enums import Platform, Role
from bot.settings.base import Language, Slug, Strict, TimeZoneName


def _guid(value: str) -> str:
    try:
        return str(uuid.UUID(value.strip()))
    except ValueError:
        raise ValueError(
            f"expected a tenant id like 0f3c...-...-... (a GUID), got {value!r}"
        ) from None


Guid = Annotated[str, AfterValidator(_guid)]
DomainName = Annotated[
    str,
    Field(
        max_length=253,
        pattern=r"^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$",
    ),
]


class ResellerConfig(Strict):
    """The reseller running the bot; its time zone is the default for everything local."""

    name: str
    timezone: TimeZoneName = "UTC"
    support_email: str | None = None
    default_language: Language = "en"


class ContactConfig(Strict):
    """The reseller's contact the provider calls back (never the customer's)."""

    name: str
    email: str
    phone: str = ""


class ChannelRef(Strict):
    """A chat on a platform: a Slack channel or user, a Telegram chat."""

    platform: Platform
    id: str = Field(min_length=1)


class TenantConfig(Strict):
    """A customer's cloud tenant, as the provider knows it (its id and initial domain)."""

    id: Guid
    domain: DomainName | None = None


class CustomerConfig(Strict):
    """A customer: its chats, the services it uses, and what the provider needs to find it."""

    id: Slug
    name: str
    language: Language = "en"
    tier: str = "standard"
    timezone: TimeZoneName | None = None
    services: list[Slug] = []
    channels: list[ChannelRef] = []
    tenants: list[TenantConfig] = []
    domains: list[DomainName] = []


class StaffConfig(Strict):
    """An engineer or a manager and the identities they use on each platform."""

    id: Slug
    name: str
    role: Literal[Role.ENGINEER, Role.MANAGER]
    language: Language = "en"
    identities: list[ChannelRef] = []
