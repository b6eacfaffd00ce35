"""Ways to hand a report to the upstream provider: e-mail, a JSON webhook, or by hand."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any, Protocol

import httpx

from bot.errors import UserFacingError
from bot.services.smtp import SMTP_ERRORS, send_email
from bot.settings import Environment, UpstreamConfig


class ProviderUnavailable(UserFacingError):
    """The provider could not take the report now; nothing was changed, try again."""

    reply_kind = "error_provider_unavailable"


def _unavailable(config: UpstreamConfig, exc: Exception) -> ProviderUnavailable:
    return ProviderUnavailable(
        provider=config.display_name or config.name, reason=type(exc).__name__
    )


@dataclass(frozen=True)
class Submission:
    """What the provider answered: a case number and link when it gives them at once."""

    case_number: str | None
    link: str | None = None
    sent: bool = True


@dataclass(frozen=True)
class Report:
    subject: str
    text: str
    fields: dict[str, Any]


class Provider(Protocol):
    def submit(self, report: Report) -> Submission: ...


class ManualProvider:
    """Nothing is sent: the engineer pastes the report into the provider's portal."""

    def submit(self, report: Report) -> Submission:
        return Submission(case_number=None, sent=False)


class EmailProvider:
    def __init__(self, config: UpstreamConfig, env: Environment) -> None:
        self._config = config
        self._password = env.upstream_smtp_password

    def submit(self, report: Report) -> Submission:
        message = EmailMessage()
        message["From"] = self._config.email_from or ""
        message["To"] = self._config.email_to or ""
        message["Reply-To"] = self._config.contact.email
        message["Subject"] = report.subject
        message.set_content(report.text)
        try:
            send_email(
                message,
                host=self._config.smtp_host,
                port=self._config.smtp_port,
                timeout=self._config.timeout_seconds,
                starttls=self._config.smtp_starttls,
                username=self._config.smtp_username,
                password=self._password,
            )
        except SMTP_ERRORS as exc:
            raise _unavailable(self._config, exc) from exc
        return Submission(case_number=None)


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
        return EmailProvider(config, env)
    if config.kind == "webhook":
        return WebhookProvider(config, env)
    return ManualProvider()
