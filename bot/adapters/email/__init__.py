"""E-mail as a way out like any chat platform: digests and provider reports, retried."""

from bot.adapters.email.outlet import build_email_pump
from bot.adapters.email.render import EmailRenderer
from bot.adapters.email.transport import EmailTransport, SmtpServer

__all__ = ["EmailRenderer", "EmailTransport", "SmtpServer", "build_email_pump"]
