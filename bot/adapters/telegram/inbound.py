"""Telegram update → :class:`Incoming` (an InboundMessage plus where to answer), or None.

Only new messages and button presses count: edited messages, channel posts,
messages from bots, service messages (joins, pins, topic creation) and commands for
another bot (``/cmd@otherbot``) are ignored. A private chat is addressed to the bot;
in groups a mention, a reply to the bot or a command (``/cmd``, ``/cmd@thisbot``) is,
and anything else is said in the open (the core answers it where the group's mode
says so). A reply to one of the bot's messages carries that message's text, from
which the core reads which ticket it was about. Photos, documents, videos and voice
messages come as the message's files, with or without a caption.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from telegram import Message, MessageEntity, Update, User

from bot.enums import Addressing, Platform
from bot.messages import Attachment, InboundMessage

from ._entities import readable_text
from .render import Target


@dataclass(frozen=True)
class Incoming:
    """A translated update: the message, where to answer, and the button press's ids."""

    message: InboundMessage
    target: Target
    callback_id: str | None = None
    pressed_message_id: int | None = None
    replied_keyboard_id: int | None = None  # the bot's message with buttons this one answers


def _thread(message: Message) -> str | None:
    """The forum topic a message belongs to (plain reply chains are not threads)."""
    if message.is_topic_message and message.message_thread_id is not None:
        return str(message.message_thread_id)
    return None


def _command_target(message: Message, text: str) -> str | None:
    """``"thisbot"`` for ``/cmd@thisbot``, ``""`` for a bare ``/cmd``, None for no command."""
    for entity in message.entities:
        if entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
            command = message.parse_entity(entity)
            return command.partition("@")[2].lower()
    return "" if text.startswith("/") else None


def _replied_bot_text(message: Message, me: User) -> str | None:
    """The text of the bot's own message this one replies to (a forum topic's opening
    message, which every topic message formally replies to, does not count)."""
    replied = message.reply_to_message
    if (
        replied is None
        or replied.from_user is None
        or replied.from_user.id != me.id
        or replied.forum_topic_created is not None
    ):
        return None
    return replied.text or replied.caption or ""


def _replied_keyboard(message: Message, me: User) -> int | None:
    """The id of the bot's message this one replies to (typed instead of pressing one of
    its buttons, they may be void: the core says). Telegram does not always repeat the
    replied message's keyboard (``reply_markup``), so its absence proves nothing: taking
    away a keyboard that is not there is refused, and that refusal is skipped."""
    replied = message.reply_to_message
    if _replied_bot_text(message, me) is None or replied is None:
        return None
    return replied.message_id


def _addressing(message: Message, text: str, me: User) -> tuple[Addressing, str] | None:
    """How a group message was said, and its text without the @mention; None for a
    command meant for another bot."""
    username = (me.username or "").lower()
    command = _command_target(message, text)
    if command is not None:
        return (Addressing.DIRECT, text) if command in ("", username) else None
    # The mention goes with the spaces around it; line breaks stay (a pasted log keeps its lines).
    mention = (
        re.compile(rf"[ \t]*(?<!\w)@{re.escape(username)}\b[ \t]*", re.IGNORECASE)
        if username
        else None
    )
    if mention is not None and mention.search(text):
        return Addressing.DIRECT, mention.sub(" ", text).strip()
    if _replied_bot_text(message, me) is not None:
        return Addressing.DIRECT, text
    return Addressing.OPEN, text


def _files(message: Message) -> tuple[Attachment, ...]:
    """A photo (its largest size), document, video, voice or audio message, as plain data."""
    found: list[Attachment] = []
    if message.photo:
        photo = max(message.photo, key=lambda p: (p.width * p.height, p.file_size or 0))
        found.append(Attachment("photo.jpg", photo.file_size, "image/jpeg", photo.file_id))
    for kind, default_name in MEDIA:
        media = getattr(message, kind, None)
        if media is not None:
            name = getattr(media, "file_name", None) or default_name
            mime = getattr(media, "mime_type", None) or ""
            found.append(Attachment(name, media.file_size, mime, media.file_id))
    return tuple(found)


# Media a person sends (besides photos), with the name shown when the file has none.
MEDIA = (
    ("document", "document"),
    ("video", "video.mp4"),
    ("voice", "voice.ogg"),
    ("audio", "audio"),
    ("video_note", "video_note.mp4"),
)


def _from_message(update: Update, me: User) -> Incoming | None:
    message = update.message
    if message is None or message.from_user is None or message.from_user.is_bot:
        return None
    files = _files(message)
    text = readable_text(message)
    if text is None and not files:
        return None  # a join, a pin, a sticker: nothing to answer
    text = text or ""
    private = message.chat.type == "private"
    said = (Addressing.DIRECT, text) if private else _addressing(message, text, me)
    if said is None:
        return None
    addressing, text = said
    inbound = InboundMessage(
        Platform.TELEGRAM,
        channel=str(message.chat.id),
        user=str(message.from_user.id),
        text=text,
        thread=_thread(message),
        delivery_id=str(update.update_id),
        addressing=addressing,
        replied_to_bot=_replied_bot_text(message, me),
        files=files,
        app_language=message.from_user.language_code or "",
        user_name=message.from_user.full_name,
    )
    target = Target(
        chat_id=message.chat.id,
        thread_id=message.message_thread_id if inbound.thread else None,
        reply_to=None if private else message.message_id,
    )
    return Incoming(inbound, target, replied_keyboard_id=_replied_keyboard(message, me))


# Telegram has no forms: there, "talk to an engineer" starts the core's step-by-step
# ticket conversation (subject, severity, description) instead of asking for a form.
BUTTONS_ON_TELEGRAM = {"kb_talk_to_engineer": "ticket_draft"}


def _from_callback(update: Update, me: User) -> Incoming | None:
    query = update.callback_query
    if query is None or query.message is None or not query.data or query.from_user.is_bot:
        return None
    action_id, _, value = query.data.partition(":")
    action_id = BUTTONS_ON_TELEGRAM.get(action_id, action_id)
    pressed = query.message
    thread = _thread(pressed) if isinstance(pressed, Message) else None
    inbound = InboundMessage(
        Platform.TELEGRAM,
        channel=str(pressed.chat.id),
        user=str(query.from_user.id),
        text="",
        thread=thread,
        delivery_id=str(update.update_id),
        action_id=action_id,
        action_value=value,
        app_language=query.from_user.language_code or "",
        user_name=query.from_user.full_name,
    )
    target = Target(chat_id=pressed.chat.id, thread_id=int(thread) if thread else None)
    return Incoming(inbound, target, query.id, pressed.message_id)


# One translator per update type; any other type (edits, channel posts...) is ignored.
TRANSLATORS: dict[str, Callable[[Update, User], Incoming | None]] = {
    "message": _from_message,
    "callback_query": _from_callback,
}


def to_incoming(update: Update, me: User) -> Incoming | None:
    """Translate ``update`` for the bot ``me``; None when there is nothing to handle."""
    for field, translate in TRANSLATORS.items():
        if getattr(update, field, None) is not None:
            return translate(update, me)
    return None


def chat_key(update: Mapping[str, Any]) -> str | None:
    """The chat a raw update belongs to (its messages or its pressed button's), read from
    the JSON before it is stored: one chat's updates are answered in order."""
    for field in TRANSLATORS:
        item = update.get(field)
        if isinstance(item, Mapping):
            message = item.get("message") if field == "callback_query" else item
            chat = message.get("chat") if isinstance(message, Mapping) else None
            if isinstance(chat, Mapping) and chat.get("id") is not None:
                return str(chat["id"])
    return None
