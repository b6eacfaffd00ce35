"""Who the bot serves and who serves them: the reseller, its customers and its staff."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from bot.enums import AnswerMode, Platform, Role
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


# What the bot answers in a customer's chat when its config does not say: Slack channels
# are support channels (every question); Telegram groups run in privacy mode, where the
# bot sees only what is addressed to it anyway. Direct and private chats are always
# addressed to the bot.
DEFAULT_ANSWER_MODES = {
    Platform.SLACK: AnswerMode.ALL,
    Platform.TELEGRAM: AnswerMode.ADDRESSED,
    Platform.CONSOLE: AnswerMode.ALL,
}


class CustomerChannel(ChannelRef):
    """A customer's chat, and whether the bot answers every question said in it
    (``answers: all``) or only when addressed (``answers: addressed``: a mention, a reply
    to the bot, a command). Unset: the platform's default (:data:`DEFAULT_ANSWER_MODES`).
    ``language`` is the chat's own, used when the customer has none configured."""

    answers: AnswerMode | None = None
    language: Language | None = None

    @property
    def answer_mode(self) -> AnswerMode:
        return self.answers or DEFAULT_ANSWER_MODES[self.platform]


class TenantConfig(Strict):
    """A customer's cloud tenant, as the provider knows it (its id and initial domain)."""

    id: Guid
    domain: DomainName | None = None


class CustomerConfig(Strict):
    """A customer: its chats, the services it uses, and what the provider needs to find it.

    ``language`` and ``timezone`` are what every message to the customer is written in;
    unset, the chat's language and the reseller's defaults apply (``Config.language_of``,
    ``Config.timezone_of``).
    """

    id: Slug
    name: str
    language: Language | None = None
    tier: str = "standard"
    timezone: TimeZoneName | None = None
    services: list[Slug] = []
    channels: list[CustomerChannel] = []
    tenants: list[TenantConfig] = []
    domains: list[DomainName] = []


class StaffConfig(Strict):
    """An engineer or a manager and the identities they use on each platform."""

    id: Slug
    name: str
    role: Literal[Role.ENGINEER, Role.MANAGER]
    language: Language = "en"
    # Where they read times (queue, ticket history, due times); else the reseller's zone.
    timezone: TimeZoneName | None = None
    identities: list[ChannelRef] = []
