"""``supportbot digest --format slack``: a reply as the JSON chat.postMessage would get."""

from __future__ import annotations

import json

from bot.adapters.slack.render import SlackRenderer
from bot.messages import Reply


def render_preview(reply: Reply, channel: str = "C_PREVIEW") -> str:
    """chat.postMessage arguments for ``reply``, pretty-printed (for Block Kit Builder)."""
    return json.dumps(SlackRenderer().post(reply, channel, None), ensure_ascii=False, indent=2)
