"""What every upstream provider kind shares: the report, the answer, the error, the settings base.

A provider kind is one settings model (its ``kind`` literal and fields) whose
``provider()`` builds the object that hands a report over. The registry in
``__init__.py`` lists the kinds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol, get_args

from pydantic import Field, field_validator

from bot.errors import UserFacingError
from bot.messages import Notice
from bot.settings.base import HttpUrl, Language, Slug, Strict
from bot.settings.environment import Environment
from bot.settings.people import ContactConfig


class ProviderUnavailable(UserFacingError):
    """The provider could not take the report now; nothing was changed, try again."""

    reply_kind = "error_provider_unavailable"


@dataclass(frozen=True)
class Submission:
    """What the provider answered: a case number and link when it gives them at once, and
    messages to queue with the escalation (in its transaction: both happen or neither)."""

    case_number: str | None
    link: str | None = None
    sent: bool = True
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True)
class Report:
    """The report as text (shown to the engineer, pasted into a portal) and as fields (a
    JSON webhook; an e-mail renders them with templates/email/report.*)."""

    text: str
    fields: dict[str, Any]


class Provider(Protocol):
    def submit(self, report: Report) -> Submission:
        """Hand the report over.

        Raises:
            ProviderUnavailable: the provider did not take it.
        """
        ...


# The provider's name a reader of each language knows: Microsoft's clouds in China are
# operated by 21Vianet, which Chinese readers know as 世纪互联.
DEFAULT_NAMES: dict[str, str] = {"en": "21Vianet", "ru": "21Vianet", "zh": "世纪互联"}
_NAME_RULE = "a name, or one per language ({en: …, ru: …, zh: …}), each 1-100 characters, no '|'"


def _good(lang: object, name: object) -> bool:
    return (
        lang in get_args(Language)
        and isinstance(name, str)
        and 0 < len(name.strip()) <= 100
        and not any(c in name for c in "|\n")
    )


class BaseUpstream(Strict):
    """The upstream provider: who it is, the reseller's contact, its portal.

    ``display_name`` is what customers read: one name, or one per language (``{en: …,
    ru: …, zh: …}``; a language left out takes the English one). Left out, or given as
    "21Vianet", it is :data:`DEFAULT_NAMES` (世纪互联 to Chinese readers)."""

    kind: str
    name: Slug
    display_name: str | dict[str, str] = ""
    contact: ContactConfig
    portal_url: HttpUrl | None = None
    timeout_seconds: float = Field(10.0, gt=0)

    @field_validator("display_name", mode="before")
    @classmethod
    def _one_or_per_language(cls, value: Any) -> Any:
        names = dict(value) if isinstance(value, Mapping) else {"en": value}
        if value == "" or all(_good(lang, name) for lang, name in names.items()):
            return value
        raise ValueError(f"must be {_NAME_RULE}")

    @property
    def label(self) -> str:
        """The name people read ("21Vianet"), in English."""
        return self.name_in("en")

    def name_in(self, lang: str) -> str:
        """The name a reader of ``lang`` knows the provider by."""
        names = self.display_name
        if isinstance(names, str):
            default = not names or names.casefold() == DEFAULT_NAMES["en"].casefold()
            return DEFAULT_NAMES.get(lang, DEFAULT_NAMES["en"]) if default else names
        given = dict(names)  # keys are the Language literals
        return given.get(lang) or given.get("en") or DEFAULT_NAMES.get(lang) or self.name

    def names_by_language(self) -> dict[str, str]:
        """Every language's name, what notices carry (templates: ``named(data.provider, lang)``)."""
        return {lang: self.name_in(lang) for lang in DEFAULT_NAMES}

    def provider(self, env: Environment) -> Provider:
        """The object that submits reports, with its secrets from ``env``."""
        raise NotImplementedError

    def unavailable(self, exc: Exception) -> ProviderUnavailable:
        return ProviderUnavailable(provider=self.names_by_language(), reason=type(exc).__name__)
