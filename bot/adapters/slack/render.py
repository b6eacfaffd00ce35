"""Reply → Slack message payload: mrkdwn text from templates, plus Block Kit blocks.

The text comes from ``templates/slack/<kind>.mrkdwn.j2`` (else ``templates/shared``),
every value escaped for mrkdwn by the template environment; buttons are labelled
with ``t("action_<action_id>")``.
No wording is built here. A notice (an answer, or a message the core sends on its
own) becomes its calls here when it is sent: a post into the channel and thread, or a
private answer through a command's ``response_url``, and a digest's chart as a file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.adapters.slack._commands import COMMAND_PREFIX, to_slack_commands
from bot.adapters.slack._dialect import SLACK, finalize, undo_quote_entities
from bot.adapters.slack._mrkdwn import split_sections
from bot.adapters.transport import Call
from bot.messages import Action, Notice, Reply
from bot.rendering import Renderer

MAX_BLOCKS = 50
KB_KINDS = ("kb_",)  # replies that quote the knowledge base
MAX_BUTTONS = 25
MAX_VALUE_CHARS = 2000
# Buttons that change something get Slack's colours; the rest stay plain.
BUTTON_STYLES = {
    "kb_helped": "primary",
    "ticket_take": "primary",
    "ticket_confirm_yes": "primary",
    "ticket_confirm_no": "danger",
}


def build_renderer() -> Renderer:
    """The template renderer for Slack: every value escaped for mrkdwn by the environment."""
    return Renderer(
        "slack",
        extension="mrkdwn",
        autoescape=True,
        finalize=finalize,
        post=undo_quote_entities,
        dialect=SLACK,
        command_prefix=COMMAND_PREFIX,
    )


class SlackRenderer:
    """Turns a :class:`Reply` into ``chat.postMessage`` arguments (text + blocks)."""

    def __init__(self, renderer: Renderer | None = None) -> None:
        self._renderer = renderer or build_renderer()

    def translator(self, lang: str) -> Callable[..., str]:
        """``t(key, **values)`` in ``lang`` (for labels outside a reply: the ticket form)."""
        return self._renderer.translator(lang)

    def text(self, reply: Reply) -> str:
        """The reply as mrkdwn (also the notification text Slack shows); commands an
        article gives are written the Slack way (``/support health``)."""
        text = self._renderer.render(reply)
        return to_slack_commands(text) if reply.kind.startswith(KB_KINDS) else text

    def button(self, action: Action, lang: str) -> dict[str, Any]:
        t = self.translator(lang)
        button: dict[str, Any] = {
            "type": "button",
            "action_id": action.action_id,
            "text": {"type": "plain_text", "text": t(f"action_{action.action_id}")[:75]},
            "value": action.value[:MAX_VALUE_CHARS],
        }
        style = BUTTON_STYLES.get(action.action_id)
        if style:
            button["style"] = style
        return button

    def blocks(self, reply: Reply, text: str) -> list[dict[str, Any]]:
        """Section blocks for the text and one actions block for the buttons."""
        blocks: list[dict[str, Any]] = [
            {"type": "section", "text": {"type": "mrkdwn", "text": piece}}
            for piece in split_sections(text)
        ][: MAX_BLOCKS - 1]
        if reply.actions:
            blocks.append(
                {
                    "type": "actions",
                    "block_id": f"supportbot:{reply.kind}",
                    "elements": [self.button(a, reply.lang) for a in reply.actions[:MAX_BUTTONS]],
                }
            )
        return blocks

    def message(self, reply: Reply) -> dict[str, Any]:
        """``text`` and ``blocks`` for chat.postMessage, chat.postEphemeral or a response_url."""
        text = self.text(reply)
        return {
            "text": text[:40000],
            "blocks": self.blocks(reply, text),
            "unfurl_links": False,
            "unfurl_media": False,
        }

    def post(self, reply: Reply, channel: str, thread: str | None) -> dict[str, Any]:
        """Arguments for chat.postMessage into ``channel`` (under ``thread`` when given)."""
        payload = {"channel": channel, **self.message(reply)}
        if thread:
            payload["thread_ts"] = thread
        return payload

    def calls(self, notice: Notice) -> list[Call]:
        """The calls that deliver ``notice``: a post (or a ``response_url`` answer, which
        is private), then a digest's chart as a file in the same thread.

        Raises:
            RenderError: the reply's kind has no Slack template.
        """
        reply = notice.reply
        url = notice.options.get("response_url")
        if url:
            body = {"response_type": "ephemeral", **self.message(reply)}
            return [Call("response_url", {"url": url, "channel": notice.channel, "body": body})]
        calls = [Call("chat.postMessage", self.post(reply, notice.channel, notice.thread))]
        chart = reply.data.get("chart_png")
        if chart:
            upload = {"channel": notice.channel, "thread_ts": notice.thread, "png_b64": chart}
            calls.append(Call("files_upload_v2", upload))
        return calls
