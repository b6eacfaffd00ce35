"""Telegram front end: webhook or polling in, templates and the outbox out."""

from .frontend import WEBHOOK_PATH, TelegramFrontEnd
from .render import Target, TelegramRenderer

__all__ = ["WEBHOOK_PATH", "Target", "TelegramFrontEnd", "TelegramRenderer"]
