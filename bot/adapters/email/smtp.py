"""Handing one message to an SMTP server (used by the e-mail transport, in a thread)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from pydantic import SecretStr

SMTP_ERRORS = (OSError, smtplib.SMTPException)


def send_email(
    message: EmailMessage,
    *,
    host: str,
    port: int,
    timeout: float,
    starttls: bool = False,
    username: str | None = None,
    password: SecretStr | None = None,
) -> None:
    """Connect, optionally upgrade to TLS and log in, send. Raises one of ``SMTP_ERRORS``."""
    with smtplib.SMTP(host, port, timeout=timeout) as smtp:
        if starttls:
            smtp.starttls()
        if username and password:
            smtp.login(username, password.get_secret_value())
        smtp.send_message(message)
