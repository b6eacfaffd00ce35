"""What a person sees of the bot's calls to the fake platforms: text, buttons, forms.

Every call the bot makes that a person would see (a Slack post, an ephemeral answer, a
slash command's private answer, an edited message, an opened form; a Telegram message
or edit) becomes one :class:`Shown`, printed with its buttons numbered so that ``press
<n>`` can name one. Slack's mrkdwn and Telegram's HTML are read back as plain text with
the bot's own helpers, so the playground shows what the platforms would.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.adapters.slack._mrkdwn import to_plain_text as slack_plain
from bot.adapters.slack._text import name_mentions
from bot.adapters.telegram._html import to_plain_text as telegram_plain
from bot.enums import Platform
from tests.fakes.base import Call
from tests.fakes.slack_api import BOT_USER_ID


@dataclass(frozen=True)
class Button:
    """A button's label and what pressing it sends (Slack: action id and value;
    Telegram: the callback data, in ``value``)."""

    label: str
    action: str
    value: str


@dataclass
class Shown:
    """One message as its reader sees it. ``ref`` is the message's Slack ``ts`` or
    Telegram ``message_id``; ``thread`` the Slack thread it is in; ``private_to`` the one
    person who sees it; ``form`` a Slack modal that was opened; ``edit``: it changes
    the message ``ref`` already shown."""

    platform: str
    chat: str
    text: str
    ref: str = ""
    thread: str = ""
    buttons: list[Button] = field(default_factory=list)
    private_to: str = ""
    form: dict[str, Any] | None = None
    edit: bool = False
    prompt: bool = False  # Telegram asks for a typed answer (force_reply)
    source: dict[str, Any] = field(default_factory=dict)  # the call's payload


def _slack_text(payload: Mapping[str, Any], names: Mapping[str, str]) -> str:
    lines = []
    for block in payload.get("blocks") or []:
        if block.get("type") == "section":
            lines.append(str((block.get("text") or {}).get("text") or ""))
        elif block.get("type") == "context":
            lines.extend(str(e.get("text") or "") for e in block.get("elements") or [])
    raw = "\n".join(lines) if lines else str(payload.get("text") or "")
    plain = "\n".join(slack_plain(line, BOT_USER_ID) for line in raw.split("\n"))
    return name_mentions(plain, names)


def _slack_buttons(payload: Mapping[str, Any]) -> list[Button]:
    blocks = payload.get("blocks") or []
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    return [
        Button(str(e["text"]["text"]), str(e.get("action_id")), str(e.get("value") or ""))
        for block in blocks
        if block.get("type") == "actions"
        for e in block.get("elements") or []
        if e.get("type") == "button"
    ]


def slack_shown(call: Call, names: Mapping[str, str], hooks: Mapping[str, Any]) -> Shown | None:
    """The message a Slack call shows, if any; ``hooks`` maps a response_url's name to
    the (chat, user) of the command or button that gave it."""
    payload, answer = call.payload, call.answer if isinstance(call.answer, dict) else {}
    if call.method in ("chat.postMessage", "chat.postEphemeral", "chat.update"):
        return Shown(
            Platform.SLACK,
            str(payload.get("channel")),
            _slack_text(payload, names),
            ref=str(payload.get("ts") or answer.get("ts") or ""),
            thread=str(payload.get("thread_ts") or ""),
            buttons=_slack_buttons(payload),
            private_to=str(payload.get("user") or "") if "Ephemeral" in call.method else "",
            edit=call.method == "chat.update",
        )
    if call.method.startswith("/hooks/"):
        chat, user = hooks.get(call.method.removeprefix("/hooks/"), ("", ""))
        text = _slack_text(payload, names)
        shown = Shown(Platform.SLACK, chat, text, buttons=_slack_buttons(payload))
        shown.private_to = user if payload.get("response_type") != "in_channel" else ""
        return shown
    if call.method == "views.open":
        view = payload.get("view")
        view = json.loads(view) if isinstance(view, str) else view or {}
        title = str((view.get("title") or {}).get("text") or "form")
        user = str(hooks.get(str(payload.get("trigger_id")), ("", ""))[1])
        return Shown(Platform.SLACK, "", f"(a form opens: {title})", form=view, private_to=user)
    if call.method == "files.completeUploadExternal":
        return Shown(Platform.SLACK, str(payload.get("channel_id") or ""), "(a file)")
    return None


def _telegram_buttons(payload: Mapping[str, Any]) -> list[Button]:
    rows = (payload.get("reply_markup") or {}).get("inline_keyboard") or []
    return [
        Button(str(b["text"]), "", str(b.get("callback_data") or b.get("url") or ""))
        for row in rows
        for b in row
    ]


def telegram_shown(call: Call) -> Shown | None:
    """The message a Telegram call shows, if any."""
    payload = call.payload
    result = call.answer.get("result") if isinstance(call.answer, dict) else None
    chat = str(payload.get("chat_id"))
    if call.method in ("sendMessage", "sendPhoto", "sendDocument"):
        text = telegram_plain(str(payload.get("text") or payload.get("caption") or ""))
        if call.method != "sendMessage":
            text = (text + "\n" if text else "") + "(a file)"
        ref = str(result.get("message_id")) if isinstance(result, dict) else ""
        markup = payload.get("reply_markup") or {}
        return Shown(
            Platform.TELEGRAM,
            chat,
            text,
            ref=ref,
            buttons=_telegram_buttons(payload),
            prompt=bool(markup.get("force_reply")),
        )
    if call.method in ("editMessageText", "editMessageReplyMarkup"):
        text = telegram_plain(str(payload.get("text") or ""))
        ref = str(payload.get("message_id") or "")
        shown = Shown(Platform.TELEGRAM, chat, text, ref=ref, edit=True)
        shown.buttons = _telegram_buttons(payload)
        return shown
    return None


def render(shown: Shown, where: str, before: Shown | None = None) -> str:
    """The printed block: where it is, the text indented, the buttons numbered (``press
    <n>``). An edit of a message shown ``before`` names it and shows only what changed."""
    private = " (only you see this)" if shown.private_to else ""
    lines = [f"[{shown.platform} · {where}]{private} bot says:"]
    text = shown.text
    if shown.edit:
        old = before.text if before is not None else ""
        first = next((line for line in old.splitlines() if line.strip()), "")[:60]
        lines = [f"[{shown.platform} · {where}] bot edits its message “{first}”:"]
        text = "\n".join(line for line in text.splitlines() if line not in old.splitlines())
    lines += [f"    {line}" for line in text.splitlines() if line.strip()]
    if shown.form is not None:
        lines += [f"    {line}" for line in form_lines(shown.form)]
    if shown.buttons:
        labels = [f"[{n}] {b.label}" for n, b in enumerate(shown.buttons, 1)]
        lines.append("    " + "  ".join(labels))
    elif shown.edit:
        lines.append("    (no buttons left)")
    if shown.prompt:
        lines.append("    (Telegram asks you to reply to this message: `thread <text>`)")
    return "\n".join(lines)


def form_fields(view: Mapping[str, Any]) -> dict[str, str]:
    """A Slack form's fields and their prefilled values (what submitting it unchanged sends)."""
    values: dict[str, str] = {}
    for block in view.get("blocks") or []:
        if block.get("type") != "input":
            continue
        element = block.get("element") or {}
        chosen = element.get("initial_option") or {}
        values[str(block.get("block_id"))] = str(
            element.get("initial_value") or chosen.get("value") or ""
        )
    return values


def form_lines(view: Mapping[str, Any]) -> list[str]:
    """Each field: its name (to type after ``form``), label, value, and choices."""
    prefilled = form_fields(view)
    lines = []
    for block in view.get("blocks") or []:
        if block.get("type") != "input":
            continue
        name = str(block.get("block_id"))
        label = str((block.get("label") or {}).get("text") or name)
        options = (block.get("element") or {}).get("options") or []
        choices = ", ".join(f"{o['value']}={o['text']['text']}" for o in options)
        line = f"{name}: {label} = {prefilled.get(name) or '…'}"
        lines.append(line + (f"  (choices: {choices})" if choices else ""))
    lines.append('(submit it with: form subject="…" severity=B description="…")')
    return lines
