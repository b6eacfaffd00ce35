"""Sends the outbox's e-mail (digests) through the configured SMTP server, with retries."""

from __future__ import annotations

import base64
import logging
from email.message import EmailMessage

from bot.services.outbox import Outbox
from bot.services.smtp import SMTP_ERRORS, send_email
from bot.settings import Environment, SmtpConfig

log = logging.getLogger(__name__)


def build_message(sender: str, payload: dict) -> EmailMessage:  # type: ignore[type-arg]
    """A multipart message: plain text, HTML, and the chart as an inline PNG."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = payload["to"]
    message["Subject"] = payload["subject"]
    message.set_content(payload["text"])
    message.add_alternative(payload["html"], subtype="html")
    if payload.get("png_b64"):
        message.add_attachment(
            base64.b64decode(payload["png_b64"]),
            maintype="image",
            subtype="png",
            filename="tickets-14-days.png",
        )
    return message


class EmailSender:
    def __init__(self, outbox: Outbox, smtp: SmtpConfig, env: Environment) -> None:
        self._outbox = outbox
        self._smtp = smtp
        self._password = env.smtp_password

    def send_due(self) -> int:
        """Send what is due; failures are rescheduled with backoff. Returns messages sent."""
        sent = 0
        for pending in self._outbox.claim_due("email"):
            try:
                send_email(
                    build_message(self._smtp.sender, pending.payload),
                    host=self._smtp.host,
                    port=self._smtp.port,
                    timeout=self._smtp.timeout_seconds,
                    starttls=self._smtp.starttls,
                    username=self._smtp.username,
                    password=self._password,
                )
            except SMTP_ERRORS as exc:
                self._outbox.mark_failed(pending.id, f"{type(exc).__name__}: {exc}")
                log.warning("e-mail not sent yet (will retry): %s", type(exc).__name__)
                continue
            self._outbox.mark_sent(pending.id)
            sent += 1
        return sent
