"""Ways to hand a report to the upstream provider: e-mail, a JSON webhook, or by hand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from bot.errors import UserFacingError
from bot.messages import Notice, Reply
from bot.settings import Environment, UpstreamConfig

# E-mail leaves through the outbox (sent by the e-mail pump, bot/adapters/email) by the
# mail server a notice names: "upstream" is the provider's own (upstream.smtp_*).
EMAIL = "email"
UPSTREAM_SERVER = "upstream"


class ProviderUnavailable(UserFacingError):
    """The provider could not take the report now; nothing was changed, try again."""

    reply_kind = "error_provider_unavailable"


def _unavailable(config: UpstreamConfig, exc: Exception) -> ProviderUnavailable:
    return ProviderUnavailable(
        provider=config.display_name or config.name, reason=type(exc).__name__
    )


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
    """The report as text (shown to the engineer) and as fields (what is sent)."""

    text: str
    fields: dict[str, Any]


class Provider(Protocol):
    def submit(self, report: Report) -> Submission: ...


class ManualProvider:
    """Nothing is sent: the engineer pastes the report into the provider's portal."""

    def submit(self, report: Report) -> Submission:
        return Submission(case_number=None, sent=False)


class EmailProvider:
    """The report is an e-mail queued in the outbox with the escalation, then sent by the
    e-mail pump and retried until the provider's mail server takes it (a server that is
    down loses nothing and holds up no engineer)."""

    def __init__(self, config: UpstreamConfig) -> None:
        self._config = config

    def submit(self, report: Report) -> Submission:
        notice = Notice(
            EMAIL,
            self._config.email_to or "",
            Reply(kind="report", data=report.fields),
            options={
                "server": UPSTREAM_SERVER,
                "from": self._config.email_from or "",
                "reply_to": self._config.contact.email,
            },
        )
        return Submission(case_number=None, notices=(notice,))


class WebhookProvider:
    def __init__(self, config: UpstreamConfig, env: Environment) -> None:
        self._config = config
        self._token = env.upstream_webhook_token

    def submit(self, report: Report) -> Submission:
        headers = {"Content-Type": "application/json"}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token.get_secret_value()}"
        try:
            response = httpx.post(
                self._config.webhook_url or "",
                json=report.fields,
                headers=headers,
                timeout=self._config.timeout_seconds,
            )
            response.raise_for_status()
            answer = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise _unavailable(self._config, exc) from exc
        case = answer.get(self._config.case_field) if isinstance(answer, dict) else None
        link = answer.get(self._config.link_field) if isinstance(answer, dict) else None
        return Submission(case_number=str(case) if case else None, link=link)


def build_provider(config: UpstreamConfig, env: Environment) -> Provider:
    if config.kind == "email":
        return EmailProvider(config)
    if config.kind == "webhook":
        return WebhookProvider(config, env)
    return ManualProvider()
