"""What every upstream provider kind shares: the report, the answer, the error, the settings base.

A provider kind is one settings model (its ``kind`` literal and fields) whose
``provider()`` builds the object that hands a report over. The registry in
``__init__.py`` lists the kinds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import Field

from bot.errors import UserFacingError
from bot.messages import Notice
from bot.settings.base import HttpUrl, Slug, Strict
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


class BaseUpstream(Strict):
    """The upstream provider: who it is, the reseller's contact, its portal."""

    kind: str
    name: Slug
    display_name: str = ""
    contact: ContactConfig
    portal_url: HttpUrl | None = None
    timeout_seconds: float = Field(10.0, gt=0)

    @property
    def label(self) -> str:
        """The name people read ("21Vianet"), falling back to the id."""
        return self.display_name or self.name

    def provider(self, env: Environment) -> Provider:
        """The object that submits reports, with its secrets from ``env``."""
        raise NotImplementedError

    def unavailable(self, exc: Exception) -> ProviderUnavailable:
        return ProviderUnavailable(provider=self.label, reason=type(exc).__name__)
