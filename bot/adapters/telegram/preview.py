"""A reply as the Telegram front end would send it (``supportbot digest --format telegram``)."""

from __future__ import annotations

from bot.messages import Reply

from .render import Target, TelegramRenderer


def render_preview(reply: Reply) -> str:
    """The HTML of each message the reply becomes, separated by a rule."""
    payloads = TelegramRenderer().payloads(reply, Target(chat_id="preview"))
    return "\n\n---\n\n".join(str(p["text"]) for p in payloads)
