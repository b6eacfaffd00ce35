"""JSON logs with a request id that follows a message from front end to outbox.

Secrets are scrubbed from every record: the values the settings hold, and
anything shaped like a Slack or Telegram token, whatever logged it (our code,
slack_sdk, httpx printing a Telegram URL with the token in its path).
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import BaseModel, SecretStr

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
TOKEN_SHAPES = re.compile(
    r"xox[abposr]-[A-Za-z0-9-]{8,}|xapp-[A-Za-z0-9-]{8,}|(?<!\d)\d{6,12}:[A-Za-z0-9_-]{30,}"
)
REDACTED = "[redacted]"


@contextmanager
def request_context(request_id: str | None = None) -> Iterator[str]:
    """Bind a request id for everything logged inside (threads copy it via to_thread)."""
    value = request_id or uuid.uuid4().hex[:16]
    token = REQUEST_ID.set(value)
    try:
        yield value
    finally:
        REQUEST_ID.reset(token)


class RedactSecrets(logging.Filter):
    """Replaces secret values and token-shaped strings in the message and arguments."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets = sorted({s for s in secrets if s and len(s) >= 6}, key=len, reverse=True)

    def scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return TOKEN_SHAPES.sub(REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.scrub(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.scrub(record.exc_text)
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": REQUEST_ID.get(),
        }
        if record.exc_text or record.exc_info:
            entry["exc"] = record.exc_text or (
                self.formatException(record.exc_info) if record.exc_info else ""
            )
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: int, *, json_logs: bool, secrets: Iterable[str] = ()) -> None:
    """Root logging: one stderr handler, JSON or text, always redacting."""
    handler = logging.StreamHandler()
    handler.addFilter(RedactSecrets(secrets))
    if json_logs:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s")
        )
        handler.addFilter(_AddRequestId())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL at INFO; Telegram's URLs carry the bot token.
    logging.getLogger("httpx").setLevel(max(level, logging.WARNING))


def log_to_file(path: Path) -> None:
    """Write what the root handlers would print on the terminal to ``path`` instead (the
    console chat: its terminal shows only what the bot says, never a traceback)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler) and handler.stream in (
            sys.stderr,
            sys.stdout,
        ):
            handler.setStream(path.open("a", encoding="utf-8"))


class _AddRequestId(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


def secret_values(env: BaseModel) -> list[str]:
    """Every secret the environment settings hold, as plain strings."""
    values = []
    for name in type(env).model_fields:
        value = getattr(env, name)
        if isinstance(value, SecretStr):
            values.append(value.get_secret_value())
    return values


class HideRequestBodies(logging.Filter):
    """Cuts what a chat SDK appends to its log lines: the request body or payload.

    slack_bolt writes dict reprs of requests into some messages ("Unhandled request
    ({...})", a refused signature's body at INFO); bodies hold what customers typed,
    which never goes to the logs. The sentence before the dict stays.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cut = min((i for i in (message.find("{"), message.find("body:")) if i >= 0), default=-1)
        if cut >= 0:
            record.msg = message[:cut].rstrip(" ({:") + " (request details not logged)"
            record.args = None
        return True


def sdk_logger(name: str) -> logging.Logger:
    """A logger for a chat SDK: WARNING and above whatever ``-v`` says, bodies cut off."""
    logger = logging.getLogger(name)
    logger.setLevel(logging.WARNING)
    if not any(isinstance(f, HideRequestBodies) for f in logger.filters):
        logger.addFilter(HideRequestBodies())
    return logger
