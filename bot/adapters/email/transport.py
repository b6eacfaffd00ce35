"""E-mail's way out: one message per call through an SMTP server, failures as ``SendFailed``.

Two servers may be configured: ``smtp:`` for digests and the upstream provider's own
(``upstream.smtp_*``) for its reports; a call names its server. A server that says
"later" (4xx, a dropped connection, a timeout) holds back every message for a while;
a refused recipient or message (5xx) will not go through by retrying.
"""

from __future__ import annotations

import asyncio
import base64
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from pydantic import SecretStr

from bot.adapters.email.smtp import SMTP_ERRORS, send_email
from bot.adapters.transport import BaseTransport, Call, Limit, SendFailed

DIGESTS = "smtp"  # the ``smtp:`` section
UPSTREAM = "upstream"  # the upstream provider's server
CHART_FILENAME = "tickets-14-days.png"


@dataclass(frozen=True)
class SmtpServer:
    """Where and how to hand over mail; ``sender`` is the default From."""

    host: str
    port: int
    sender: str
    timeout: float = 10.0
    starttls: bool = False
    username: str | None = None
    password: SecretStr | None = None


# The HTML digest shows the chart with <img src="cid:chart">.
CHART_CID = "chart"
CHART_CID_REF = f"cid:{CHART_CID}"


def build_message(sender: str, payload: Mapping[str, Any]) -> EmailMessage:
    """A message with plain text, HTML when there is some, and the chart as a PNG: inline
    where the HTML refers to it, else attached."""
    message = EmailMessage()
    message["From"] = str(payload.get("from") or sender)
    message["To"] = str(payload["to"])
    message["Subject"] = str(payload["subject"])
    if payload.get("reply_to"):
        message["Reply-To"] = str(payload["reply_to"])
    message.set_content(str(payload["text"]))
    png = base64.b64decode(payload["png_b64"]) if payload.get("png_b64") else None
    html = str(payload.get("html") or "")
    if html:
        message.add_alternative(html, subtype="html")
    if png is not None and CHART_CID_REF in html:
        # Inline: the HTML shows the chart where it refers to it (multipart/related).
        html_part = message.get_body(preferencelist=("html",))
        assert html_part is not None  # added just above
        html_part.add_related(
            png,
            maintype="image",
            subtype="png",
            cid=f"<{CHART_CID}>",
            filename=CHART_FILENAME,
            disposition="inline",
        )
    elif png is not None:
        message.add_attachment(png, maintype="image", subtype="png", filename=CHART_FILENAME)
    return message


class EmailTransport(BaseTransport):
    """Hands each message to its SMTP server (in a thread: smtplib blocks)."""

    platform = "email"

    def __init__(self, servers: Mapping[str, SmtpServer]) -> None:
        self._servers = dict(servers)

    async def send(self, call: Call) -> None:
        name = str(call.payload.get("server") or DIGESTS)
        server = self._servers.get(name)
        if server is None:
            raise SendFailed(f"no mail server {name!r} configured", permanent=True)
        message = build_message(server.sender, call.payload)
        try:
            await asyncio.to_thread(
                send_email,
                message,
                host=server.host,
                port=server.port,
                timeout=server.timeout,
                starttls=server.starttls,
                username=server.username,
                password=server.password,
            )
        except smtplib.SMTPRecipientsRefused:
            raise SendFailed("recipient refused", permanent=True) from None
        except smtplib.SMTPResponseException as exc:
            if 500 <= exc.smtp_code < 600 and exc.smtp_code != 535:
                raise SendFailed(f"SMTP {exc.smtp_code}", permanent=True) from None
            raise SendFailed.rate_limited(f"SMTP {exc.smtp_code}", 30.0, Limit.PLATFORM) from None
        except SMTP_ERRORS as exc:
            raise SendFailed(type(exc).__name__) from None
