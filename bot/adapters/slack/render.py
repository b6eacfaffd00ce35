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
from dataclasses import replace
from typing import Any

from bot.adapters.slack._commands import COMMAND_PREFIX, to_slack_commands
from bot.adapters.slack._dialect import SLACK, finalize, undo_quote_entities
from bot.adapters.slack._mrkdwn import escape_mrkdwn, split_sections
from bot.adapters.transport import Call
from bot.messages import BUTTONS_LEFT, THREAD_ROOT, Action, Notice, Reply, buttons_left
from bot.rendering import Renderer

COPY_FILE = "file_copy"  # a customer's file sent again (/file): file_copy.py

MAX_BLOCKS = 50
KB_KINDS = ("kb_",)  # replies that quote the knowledge base
# Slack truncates a message's text at 40,000 characters; a piece this long also stays
# within the blocks one message may carry (3,000 characters a section).
MAX_MESSAGE_CHARS = 40_000
MESSAGE_CHARS = 12_000
RESPONSE_PRIVATE = {"response_type": "ephemeral"}
# The option on an answer notice naming the Slack user who asked (for chat.postEphemeral).
ASKED_BY = "user"
# The option on an answer to a button: the pressed message (``inbound.pressed_message``),
# whose buttons are replaced by what was chosen (chat.update) before the answer is posted.
PRESSED = "pressed"
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
        """``text`` and ``blocks`` for chat.postMessage, chat.postEphemeral or a response_url
        (the whole reply in one message: previews and tests; sending uses :meth:`messages`)."""
        text = self.text(reply)
        return self._payload(reply, text[:MAX_MESSAGE_CHARS], self.blocks(reply, text))

    def messages(self, reply: Reply) -> list[dict[str, Any]]:
        """The reply as one or more messages: a pasted NDR of 10,000 characters or a long
        ticket history is sent whole, in pieces Slack accepts, the buttons under the last."""
        text = self.text(reply)
        pieces = split_sections(text, MESSAGE_CHARS) or [text]
        payloads = []
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            blocks = self.blocks(reply if last else replace(reply, actions=()), piece)
            payloads.append(self._payload(reply, piece, blocks))
        return payloads

    @staticmethod
    def _payload(reply: Reply, text: str, blocks: list[dict[str, Any]]) -> dict[str, Any]:
        return {"text": text, "blocks": blocks, "unfurl_links": False, "unfurl_media": False}

    def post(self, reply: Reply, channel: str, thread: str | None) -> dict[str, Any]:
        """Arguments for chat.postMessage into ``channel`` (under ``thread`` when given)."""
        payload = {"channel": channel, **self.message(reply)}
        if thread:
            payload["thread_ts"] = thread
        return payload

    def calls(self, notice: Notice) -> list[Call]:
        """The calls that deliver ``notice``: one post per piece of a long reply (or a
        ``response_url`` answer, which is private), then a digest's chart as a file in the
        same thread.

        A private answer (a staff member's command in a customer's channel, or in any
        channel but the staff's own) is posted with chat.postEphemeral to the person who
        asked: nobody else in the channel sees it. In a DM it is an ordinary message.

        Raises:
            RenderError: the reply's kind has no Slack template.
        """
        reply = notice.reply
        pressed = notice.options.get(PRESSED)
        done = [self.pressed_update(reply, notice.channel, pressed)] if pressed else []
        url = notice.options.get("response_url")
        if url:
            return done + [
                Call(
                    "response_url",
                    {"url": url, "channel": notice.channel, "body": {**RESPONSE_PRIVATE, **body}},
                )
                for body in self.messages(reply)
            ]
        user = notice.options.get(ASKED_BY)
        private = bool(user) and reply.private and not _is_dm(notice)
        method = "chat.postEphemeral" if private else "chat.postMessage"
        # A ticket's first notice in the open (an engineer opened it for the customer)
        # starts the ticket's thread: the transport binds it to the post's ts.
        root = "" if private or notice.thread else str(reply.data.get(THREAD_ROOT) or "")
        calls: list[Call] = done
        for body in self.messages(reply):
            payload = {"channel": notice.channel, **body}
            if private:
                payload["user"] = str(user)
            if notice.thread:
                payload["thread_ts"] = notice.thread
            calls.append(Call(method, payload, thread_root="" if calls else root))
        chart = reply.data.get("chart_png")
        if chart:
            upload = {"channel": notice.channel, "thread_ts": notice.thread, "png_b64": chart}
            calls.append(Call("files_upload_v2", upload))
        copy = reply.data.get("copy_file")
        if copy:  # a customer's file, after its caption, to the engineer who asked
            wanted = {"file_id": copy["file_id"], "filename": copy["name"]}
            request = str(reply.data.get("copy_request") or "")  # sent once per /file
            calls.append(Call(COPY_FILE, {"channel": notice.channel, **wanted, "request": request}))
        return calls

    def pressed_update(self, reply: Reply, channel: str, pressed: Any) -> Call:
        """chat.update of the pressed message: its buttons go, and a line says what was
        chosen and by whom, in the answer's language ("✓ Answered by @Eve: Yes, it helped").
        Buttons the answer says still apply stay (``BUTTONS_LEFT``: "Open" on an alert after
        "Take"), without the line: the answer itself says who took it. Optional: a message
        Slack will not update (too old, deleted) does not hold the answer back."""
        blocks = [
            b
            for b in pressed.get("blocks") or []
            if not (
                b.get("type") == "actions" and str(b.get("block_id", "")).startswith("supportbot:")
            )
        ]
        left = buttons_left(reply)
        if left:
            elements = [self.button(a, reply.lang) for a in left]
            blocks.append({"type": "actions", "block_id": "supportbot:left", "elements": elements})
        elif BUTTONS_LEFT not in reply.data:
            t = self.translator(reply.lang)
            label = escape_mrkdwn(t(f"action_{pressed.get('action_id', '')}"))
            line = t("button_chosen", who=f"<@{pressed.get('user', '')}>", label=label)
            blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": line}]})
        payload = {
            "channel": channel,
            "ts": pressed.get("ts"),
            "text": pressed.get("text") or "",
            "blocks": blocks,
        }
        return Call("chat.update", payload, optional=True)


def _is_dm(notice: Notice) -> bool:
    """A direct message with the bot (Slack's DM channel ids start with D): nobody else is
    there, and an ephemeral answer would vanish on reload."""
    return notice.channel.startswith("D")
