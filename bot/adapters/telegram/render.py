"""Reply → Telegram sendMessage payloads: HTML from templates, split to size, inline keyboard.

A notice (an answer, or a message the core sends on its own) becomes its calls here,
when it is sent: the pressed keyboard removed (but for the buttons the answer says still
apply), a digest's chart as a photo, then one ``sendMessage`` per chunk of text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.adapters.transport import Call
from bot.messages import Action, Notice, Reply, buttons_left
from bot.rendering import STAFF_SUFFIX, Renderer, load_locale

from ._html import TELEGRAM, escape
from ._split import TELEGRAM_LIMIT, split_html

log = logging.getLogger(__name__)
CALLBACK_LIMIT = 64  # bytes Telegram allows in callback_data
# On an answer's notice and its keyboard edit: typed words answered the chat's open ticket
# question ("c", a subject, /cancel) without replying to its message. Which message that
# was only the sender knows: the transport remembers the last one it sent with the ticket
# questions' buttons (``PROMPT_BUTTONS``) and takes those away.
OPEN_PROMPT = "open_prompt"
# A customer's file sent again (/file): the transport fetches it (getFile) and uploads it.
COPY_FILE = "sendFileCopy"
PROMPT_BUTTONS = "ticket_draft_"
_NO_KEYBOARD: dict[str, Any] = {"inline_keyboard": []}
PAIR_LABEL_MAX = 18  # two buttons share a row when both labels are this short
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class Target:
    """Where a reply goes: the chat, the forum topic, and the message it answers."""

    chat_id: int | str
    thread_id: int | None = None
    reply_to: int | None = None


def _number(value: object) -> int | None:
    text = str(value) if value is not None else ""
    return int(text) if text.lstrip("-").isdigit() else None


def notice_target(notice: Notice) -> Target:
    """A notice's thread is a forum topic id; ``reply_to`` (an option) the message it answers."""
    chat = _number(notice.channel)
    return Target(
        chat_id=chat if chat is not None else notice.channel,
        thread_id=_number(notice.thread),
        reply_to=_number(notice.options.get("reply_to")),
    )


def _telegram_locale(folder: Path, lang: str) -> dict[str, str]:
    """Wording only Telegram uses (its conversation prompts and command descriptions)."""
    path = folder / "telegram" / "locales" / f"{lang}.yml"
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


class TelegramRenderer(Renderer):
    """The shared renderer with HTML autoescaping, Telegram's markup and extra wording."""

    def __init__(self) -> None:
        super().__init__(
            "telegram",
            extension="html",
            autoescape=True,
            dialect=TELEGRAM,
        )
        self._extra: dict[str, dict[str, str]] = {}

    def translator(self, lang: str, *, staff: bool = False) -> Callable[..., str]:
        """Shared locale first, then Telegram's own keys, English as the last resort
        (staff read a key's ``_staff`` wording where there is one)."""
        if lang not in self._extra:
            self._extra[lang] = _telegram_locale(self._folder, lang)
            self._extra.setdefault("en", _telegram_locale(self._folder, "en"))
        layers = [
            load_locale(str(self._folder), lang),
            self._extra[lang],
            load_locale(str(self._folder), "en"),
            self._extra["en"],
        ]

        def lookup(key: str) -> str | None:
            return next((layer[key] for layer in layers if key in layer), None)

        def translate(key: str, **values: Any) -> str:
            text = (staff and lookup(key + STAFF_SUFFIX)) or lookup(key) or key
            return text.format(**values) if values else text

        return translate

    def keyboard(self, actions: tuple[Action, ...], lang: str) -> dict[str, Any] | None:
        """An inline keyboard whose buttons carry ``action_id:value`` as callback data."""
        t = self.translator(lang)
        buttons = []
        for action in actions:
            data = f"{action.action_id}:{action.value}"
            if len(data.encode("utf-8")) > CALLBACK_LIMIT:
                log.warning("button %s dropped: callback data over 64 bytes", action.action_id)
                continue
            buttons.append({"text": t(f"action_{action.action_id}"), "callback_data": data})
        if not buttons:
            return None
        rows: list[list[dict[str, str]]] = []
        for button in buttons:
            short = len(button["text"]) <= PAIR_LABEL_MAX
            if rows and short and len(rows[-1]) == 1 and len(rows[-1][0]["text"]) <= PAIR_LABEL_MAX:
                rows[-1].append(button)
            else:
                rows.append([button])
        return {"inline_keyboard": rows}

    def payloads(
        self, reply: Reply, target: Target, limit: int = TELEGRAM_LIMIT
    ) -> list[dict[str, Any]]:
        """sendMessage payloads for ``reply``: one per chunk, the keyboard on the last.

        Raises:
            RenderError: the reply's kind has no Telegram template.
        """
        text = _BLANK_LINES.sub("\n\n", self.render(reply))
        chunks = split_html(text, limit) or [escape("…")]
        keyboard = self.keyboard(reply.actions, reply.lang)
        payloads = []
        for number, chunk in enumerate(chunks):
            payload: dict[str, Any] = {
                "chat_id": target.chat_id,
                "text": chunk,
                "parse_mode": "HTML",
                "link_preview_options": {"is_disabled": True},
            }
            if target.thread_id is not None:
                payload["message_thread_id"] = target.thread_id
            if target.reply_to is not None and number == 0:
                payload["reply_parameters"] = {
                    "message_id": target.reply_to,
                    "allow_sending_without_reply": True,
                }
            if keyboard is not None and number == len(chunks) - 1:
                payload["reply_markup"] = keyboard
            payloads.append(payload)
        return payloads

    def calls(self, notice: Notice) -> list[Call]:
        """The Bot API calls that deliver ``notice``, in order.

        Raises:
            RenderError: the reply's kind has no Telegram template.
        """
        target = notice_target(notice)
        reply = notice.reply
        calls: list[Call] = []
        pressed = _number(notice.options.get("pressed_message_id"))
        if pressed is not None:  # a pressed keyboard can't be pressed twice...
            # ...but the buttons the answer says still apply stay ("Take" after "Open")
            left = self.keyboard(buttons_left(reply), reply.lang) or {"inline_keyboard": []}
            edit = {"chat_id": target.chat_id, "message_id": pressed, "reply_markup": left}
            calls.append(Call("editMessageReplyMarkup", edit, optional=True))
        elif notice.options.get(OPEN_PROMPT):  # answered by typing, replying to nothing
            edit = {"chat_id": target.chat_id, OPEN_PROMPT: True, "reply_markup": _NO_KEYBOARD}
            calls.append(Call("editMessageReplyMarkup", edit, optional=True))
        payloads = self.payloads(reply, target)
        chart = reply.data.get("chart_png")
        if chart and payloads:  # a digest's chart goes first, in the same chat and topic
            where = {k: v for k, v in payloads[0].items() if k in ("chat_id", "message_thread_id")}
            calls.append(Call("sendPhoto", {**where, "photo_b64": chart}))
        calls.extend(Call("sendMessage", payload) for payload in payloads)
        copy = reply.data.get("copy_file")
        if copy:  # a customer's file, after its caption, to the engineer who asked (/file)
            wanted = {"file_id": copy["file_id"], "filename": copy["name"]}
            request = str(reply.data.get("copy_request") or "")  # sent once per /file
            calls.append(Call(COPY_FILE, {"chat_id": target.chat_id, **wanted, "request": request}))
        return calls
