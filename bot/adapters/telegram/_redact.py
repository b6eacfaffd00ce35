"""Keeps the bot token out of logs: httpx and PTB print URLs that contain it."""

from __future__ import annotations

import logging

from bot.observability.logs import RedactSecrets

_REDACTED: set[str] = set()
# Loggers that print URLs with the token in them: httpx at INFO, PTB's bot at DEBUG.
URL_LOGGERS = ("httpx", "httpcore")
PTB_LOGGERS = (
    "telegram.Bot",
    "telegram.ext.ExtBot",
    "telegram.ext.Updater",
    "telegram.ext.Application",
    "telegram.request.BaseRequest",
    "telegram.request.HTTPXRequest",
)


def hide_secrets_in_logs(*secrets: str | None) -> None:
    """Keep the token out of logs whatever the log level: quiet httpx, scrub PTB.

    Filters sit on the loggers themselves, so they work under any handler
    (``configure_logging``'s, pytest's caplog, an embedding application's).
    """
    fresh = [s for s in secrets if s and s not in _REDACTED]
    _REDACTED.update(fresh)
    for name in URL_LOGGERS:
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() < logging.WARNING:
            logger.setLevel(logging.WARNING)
    if fresh:
        for name in (*URL_LOGGERS, *PTB_LOGGERS):
            logging.getLogger(name).addFilter(RedactSecrets(fresh))
