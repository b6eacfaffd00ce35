"""The Slack front end: Events API, /support, buttons and a ticket form (see docs/slack.md)."""

from __future__ import annotations

from bot.adapters.slack._mrkdwn import escape_mrkdwn, to_plain_text
from bot.adapters.slack.frontend import EVENTS_PATH, SlackFrontEnd
from bot.adapters.slack.render import SlackRenderer

__all__ = [
    "EVENTS_PATH",
    "SlackFrontEnd",
    "SlackRenderer",
    "escape_mrkdwn",
    "to_plain_text",
]
