"""``kind: email``: the report goes by SMTP to the provider's support address."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Literal

from pydantic import Field, SecretStr

from bot.services.providers.base import BaseUpstream, Provider, Report, Submission
from bot.services.smtp import SMTP_ERRORS, send_email
from bot.settings.environment import Environment


class EmailUpstream(BaseUpstream):
    """Reports are mailed to ``email_to``; replies go to the reseller's contact
    (password: ``$UPSTREAM_SMTP_PASSWORD``)."""

    kind: Literal["email"]
    email_to: str = Field(min_length=3)
    email_from: str = Field(min_length=3)
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(25, ge=1, le=65535)
    smtp_starttls: bool = False
    smtp_username: str | None = None

    def provider(self, env: Environment) -> Provider:
        return EmailProvider(self, env.upstream_smtp_password)


class EmailProvider:
    def __init__(self, config: EmailUpstream, password: SecretStr | None) -> None:
        self._config = config
        self._password = password

    def submit(self, report: Report) -> Submission:
        config = self._config
        message = EmailMessage()
        message["From"] = config.email_from
        message["To"] = config.email_to
        message["Reply-To"] = config.contact.email
        message["Subject"] = report.subject
        message.set_content(report.text)
        try:
            send_email(
                message,
                host=config.smtp_host,
                port=config.smtp_port,
                timeout=config.timeout_seconds,
                starttls=config.smtp_starttls,
                username=config.smtp_username,
                password=self._password,
            )
        except SMTP_ERRORS as exc:
            raise config.unavailable(exc) from exc
        return Submission(case_number=None)
