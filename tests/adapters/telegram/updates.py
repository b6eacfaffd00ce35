"""Builders for Telegram update payloads, shaped as the Bot API sends them."""

from __future__ import annotations

import itertools
import time
from typing import Any

from bot.adapters.telegram._html import to_plain_text
from tests.fakes.telegram_api import BOT_USER

_update_ids = itertools.count(500_000)
_message_ids = itertools.count(1)
CUSTOMER_GROUP = -100  # acme's group in tests/factories.py CONFIG
CUSTOMER_USER = 4001
ENGINEER_USER = 5001


def next_update_id() -> int:
    return next(_update_ids)


def _user(
    user_id: int,
    *,
    is_bot: bool = False,
    language_code: str | None = None,
    name: str | None = None,
) -> dict[str, Any]:
    first, _, last = (name or f"User{user_id}").partition(" ")
    user: dict[str, Any] = {"id": user_id, "is_bot": is_bot, "first_name": first}
    if last:
        user["last_name"] = last
    if language_code is not None:  # the language the person's Telegram app is set to
        user["language_code"] = language_code
    return user


def _chat(chat_id: int, *, forum: bool = False) -> dict[str, Any]:
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": f"User{chat_id}"}
    chat: dict[str, Any] = {"id": chat_id, "type": "supergroup", "title": "Acme IT"}
    if forum:
        chat["is_forum"] = True
    return chat


def _commands(text: str) -> list[dict[str, Any]]:
    if not text.startswith("/"):
        return []
    length = len(text.split(maxsplit=1)[0])
    return [{"type": "bot_command", "offset": 0, "length": length}]


def message(
    text: str | None,
    *,
    chat_id: int = CUSTOMER_GROUP,
    user_id: int = CUSTOMER_USER,
    update_id: int | None = None,
    topic: int | None = None,
    reply_to_bot: bool = False,
    replied_text: str = "an earlier answer",
    from_bot: bool = False,
    forum: bool | None = None,
    language_code: str | None = None,
    name: str | None = None,
    replied_id: int | None = None,
    replied_markup: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A new message update (a private chat for a positive chat id, else a supergroup).

    ``reply_to_bot`` makes it a reply to one of the bot's messages, whose text is
    ``replied_text`` (as Telegram shows it: plain text), its id ``replied_id`` and its
    inline keyboard ``replied_markup`` (Telegram sends both along). A supergroup is a forum when a
    ``topic`` is given, unless ``forum`` says otherwise.
    """
    body: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": _chat(chat_id, forum=topic is not None if forum is None else forum),
        "from": _user(user_id, is_bot=from_bot, language_code=language_code, name=name),
        **extra,
    }
    if text is not None:
        body["text"] = text
        if entities := _commands(text):
            body["entities"] = entities
    if topic is not None:
        body["message_thread_id"] = topic
        body["is_topic_message"] = True
    if reply_to_bot:
        body["reply_to_message"] = {
            "message_id": replied_id or next(_message_ids),
            "date": int(time.time()),
            "chat": body["chat"],
            "from": BOT_USER,
            "text": replied_text,
        }
        if replied_markup is not None:
            body["reply_to_message"]["reply_markup"] = replied_markup
    return {"update_id": update_id or next_update_id(), "message": body}


def answering(prompt: dict[str, Any], text: str | None, **kw: Any) -> dict[str, Any]:
    """A reply to the bot's message ``prompt`` (a sent payload: a ticket form's question),
    quoting its text as Telegram does."""
    return message(text, reply_to_bot=True, replied_text=to_plain_text(prompt["text"]), **kw)


def private(text: str, *, user_id: int = CUSTOMER_USER, **kw: Any) -> dict[str, Any]:
    return message(text, chat_id=user_id, user_id=user_id, **kw)


def mention(text: str) -> str:
    return f"@{BOT_USER['username']} {text}"


def callback(
    data: str,
    *,
    chat_id: int = CUSTOMER_GROUP,
    user_id: int = CUSTOMER_USER,
    message_id: int = 77,
    topic: int | None = None,
    update_id: int | None = None,
) -> dict[str, Any]:
    """A button press on one of the bot's messages."""
    pressed: dict[str, Any] = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": _chat(chat_id, forum=topic is not None),
        "from": BOT_USER,
        "text": "the bot's message",
    }
    if topic is not None:
        pressed["message_thread_id"] = topic
        pressed["is_topic_message"] = True
    return {
        "update_id": update_id or next_update_id(),
        "callback_query": {
            "id": f"cb{next(_message_ids)}",
            "from": _user(user_id),
            "chat_instance": "ci",
            "message": pressed,
            "data": data,
        },
    }


def buttons(call_payload: dict[str, Any]) -> dict[str, str]:
    """callback_data by label of a sent message's inline keyboard."""
    rows = (call_payload.get("reply_markup") or {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row}
