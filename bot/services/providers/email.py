"""``kind: email``: the report is mailed to the provider's support address, via the outbox.

The report becomes an e-mail notice queued with the escalation; the e-mail pump
(``bot/adapters/email``) sends it through the provider's mail server (``smtp_*``,
password ``$UPSTREAM_SMTP_PASSWORD``) and retries until the server takes it, so a mail
server that is down loses nothing and holds up no engineer.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from bot.messages import Notice, Reply
from bot.services.providers.base import BaseUpstream, Provider, Report, Submission
from bot.settings.environment import Environment

EMAIL = "email"  # the outbox platform of e-mail
UPSTREAM_SERVER = "upstream"  # which configured mail server sends it (the provider's)


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
        return EmailProvider(self)


class EmailProvider:
    def __init__(self, config: EmailUpstream) -> None:
        self._config = config

    def submit(self, report: Report) -> Submission:
        config = self._config
        options = {"server": UPSTREAM_SERVER, "from": config.email_from}
        options["reply_to"] = config.contact.email
        report_mail = Reply(kind="report", data=report.fields)
        notice = Notice(EMAIL, config.email_to, report_mail, options=options)
        return Submission(case_number=None, notices=(notice,))
