"""The e-mail pump of a deployment: digests and provider reports, sent and retried.

It runs beside the chat front ends in ``supportbot serve`` when a mail server is
configured (``smtp:`` for digests, an e-mail ``upstream:`` for provider reports).
"""

from __future__ import annotations

from bot.adapters.email.render import EmailRenderer
from bot.adapters.email.transport import DIGESTS, UPSTREAM, EmailTransport, SmtpServer
from bot.adapters.outbox_pump import OutboxPump
from bot.observability.logs import secret_values
from bot.services.outbox import Outbox
from bot.settings import Settings

PLATFORM = "email"
# smtplib's timeout applies to each step (connect, TLS, login, data); the whole message
# gets this long, still far inside the outbox lease.
CALL_TIMEOUT_SECONDS = 25.0


def email_servers(settings: Settings) -> dict[str, SmtpServer]:
    """The mail servers the config names, by the name a notice uses to pick one."""
    config, env = settings.config, settings.env
    servers: dict[str, SmtpServer] = {}
    if config.smtp is not None:
        smtp = config.smtp
        servers[DIGESTS] = SmtpServer(
            smtp.host,
            smtp.port,
            smtp.sender,
            timeout=smtp.timeout_seconds,
            starttls=smtp.starttls,
            username=smtp.username,
            password=env.smtp_password,
        )
    upstream = config.upstream
    if upstream is not None and upstream.kind == "email":
        servers[UPSTREAM] = SmtpServer(
            upstream.smtp_host,
            upstream.smtp_port,
            upstream.email_from or "",
            timeout=upstream.timeout_seconds,
            starttls=upstream.smtp_starttls,
            username=upstream.smtp_username,
            password=env.upstream_smtp_password,
        )
    return servers


def build_email_pump(settings: Settings, outbox: Outbox) -> OutboxPump | None:
    """The pump for the ``email`` rows of the outbox; None when no mail server is set."""
    servers = email_servers(settings)
    if not servers:
        return None
    return OutboxPump(
        outbox,
        PLATFORM,
        EmailRenderer(),
        EmailTransport(servers),
        secrets=secret_values(settings.env),
        concurrency=2,
        batch=20,
        poll_seconds=1.0,
        call_timeout=CALL_TIMEOUT_SECONDS,
    )
