"""Slack payloads → :class:`InboundMessage`: one lookup table by event type, no decisions.

Every message people write reaches the core, marked with how it was said
(:class:`~bot.enums.Addressing`; the core decides what it answers, see docs/slack.md):

- a DM, an @mention, or a message in a thread the bot started: addressed to the bot;
- a top-level message in a channel, or a follow-up by the person who started the
  thread: said in the open (answered where the channel answers every question);
- a message by someone else in a person's thread: people talking among themselves
  (stored on a ticket that lives in that thread, otherwise ignored);
- messages from bots (the bot itself included), edits, deletes, joins and other
  housekeeping subtypes: never.

A message that mentions the bot arrives twice (``message`` and ``app_mention``);
only the ``app_mention`` copy is answered. Files shared with a message (``file_share``,
with or without words) come as its ``files``: name, size, type, file id and permalink.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from bot.adapters.slack._commands import to_core_command
from bot.adapters.slack._mrkdwn import to_plain_text
from bot.adapters.slack._text import name_mentions
from bot.adapters.slack.modal import read_submission
from bot.enums import Addressing, Platform
from bot.messages import Attachment, InboundMessage

Payload = Mapping[str, Any]
# Message subtypes that are people writing; every other subtype is housekeeping.
SPOKEN_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})


def _is_from_bot(event: Payload, bot_user_id: str | None) -> bool:
    return bool(
        event.get("bot_id")
        or event.get("subtype") == "bot_message"
        or event.get("bot_profile")
        or (bot_user_id and event.get("user") == bot_user_id)
    )


def _mentions(event: Payload, bot_user_id: str | None) -> bool:
    return bool(bot_user_id) and f"<@{bot_user_id}" in str(event.get("text") or "")


def _files(event: Payload) -> tuple[Attachment, ...]:
    """The files of a ``file_share`` message (a screenshot with or without words)."""
    files = event.get("files") or ()
    return tuple(
        Attachment(
            name=str(f.get("name") or f.get("title") or "file"),
            size=f.get("size") if isinstance(f.get("size"), int) else None,
            mime_type=str(f.get("mimetype") or ""),
            file_id=str(f.get("id") or ""),
            link=str(f.get("permalink") or ""),
        )
        for f in files
        if isinstance(f, Mapping) and f.get("mode") != "tombstone"  # a deleted file
    )


def _person(event: Payload) -> str:
    """The writer's name when the event carries their profile (Slack adds one to most
    messages people type; without it only their id is known)."""
    profile = event.get("user_profile")
    if not isinstance(profile, Mapping):
        return ""
    return str(profile.get("display_name") or profile.get("real_name") or profile.get("name") or "")


def _user_name(body: Payload) -> str:
    """The name of the person who pressed a button or submitted a form."""
    user = body.get("user") or {}
    return str(user.get("name") or user.get("username") or "") if isinstance(user, Mapping) else ""


def _build(
    event: Payload, event_id: str, bot_user_id: str | None, addressing: Addressing
) -> InboundMessage:
    ts = str(event.get("ts") or "")
    thread_ts = event.get("thread_ts")
    return InboundMessage(
        platform=Platform.SLACK,
        channel=str(event["channel"]),
        user=str(event["user"]),
        text=to_plain_text(str(event.get("text") or ""), bot_user_id),
        thread=str(event.get("thread_ts") or ts),
        delivery_id=event_id,
        addressing=addressing,
        files=_files(event),
        user_name=_person(event),
        main_line=event.get("channel_type") != "im" and (not thread_ts or thread_ts == ts),
    )


def _addressing(event: Payload, bot_user_id: str | None) -> Addressing:
    """How a plain message (no mention) was said: see the module's rules."""
    if event.get("channel_type") == "im":
        return Addressing.DIRECT
    thread_ts = event.get("thread_ts")
    if not thread_ts or thread_ts == event.get("ts"):
        return Addressing.OPEN
    starter = event.get("parent_user_id")
    if bot_user_id and starter == bot_user_id:
        return Addressing.DIRECT  # answering the bot in its own thread
    return Addressing.OPEN if starter == event.get("user") else Addressing.ASIDE


def _from_message(event: Payload, event_id: str, bot_user_id: str | None) -> InboundMessage | None:
    if event.get("subtype") not in SPOKEN_SUBTYPES or event.get("hidden"):
        return None
    if _is_from_bot(event, bot_user_id) or not event.get("user") or not event.get("channel"):
        return None
    if _mentions(event, bot_user_id) and event.get("channel_type") != "im":
        return None  # the app_mention copy of this message is the one answered
    return _build(event, event_id, bot_user_id, _addressing(event, bot_user_id))


def _from_mention(event: Payload, event_id: str, bot_user_id: str | None) -> InboundMessage | None:
    if _is_from_bot(event, bot_user_id) or not event.get("user") or not event.get("channel"):
        return None
    if event.get("subtype") not in SPOKEN_SUBTYPES:
        return None
    return _build(event, event_id, bot_user_id, Addressing.DIRECT)


EVENT_TYPES: dict[str, Callable[[Payload, str, str | None], InboundMessage | None]] = {
    "message": _from_message,
    "app_mention": _from_mention,
}


def from_event(
    body: Payload, bot_user_id: str | None = None, names: Mapping[str, str] | None = None
) -> InboundMessage | None:
    """The message an Events API callback carries, or None when it is not for the bot;
    mentions of the people in ``names`` (Slack user id → name) read as their names."""
    event = body.get("event") or {}
    handler = EVENT_TYPES.get(str(event.get("type")))
    if handler is None:
        return None
    message = handler(event, str(body.get("event_id") or ""), bot_user_id)
    if message is None or not names:
        return message
    return replace(message, text=name_mentions(message.text, names))


def from_command(body: Payload, names: Mapping[str, str] | None = None) -> InboundMessage:
    """A ``/support`` slash command as the core command it stands for; mentions of the
    people in ``names`` read as their names, as in a message (a ticket's subject keeps
    who was meant, not a Slack id)."""
    text = to_plain_text(str(body.get("text") or ""))
    return InboundMessage(
        platform=Platform.SLACK,
        channel=str(body.get("channel_id") or ""),
        user=str(body.get("user_id") or ""),
        text=to_core_command(name_mentions(text, names or {})),
        delivery_id=f"command:{body.get('trigger_id') or ''}",
        user_name=str(body.get("user_name") or ""),
    )


def from_action(body: Payload) -> InboundMessage | None:
    """The first button of a ``block_actions`` payload, in the thread of its message."""
    actions = body.get("actions") or []
    if not actions:
        return None
    action = actions[0]
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
    user = (body.get("user") or {}).get("id")
    if not channel or not user:
        return None
    thread = message.get("thread_ts") or container.get("thread_ts") or message.get("ts")
    return InboundMessage(
        platform=Platform.SLACK,
        channel=str(channel),
        user=str(user),
        text="",
        thread=str(thread or container.get("message_ts") or "") or None,
        delivery_id=f"action:{user}:{action.get('action_ts') or body.get('trigger_id')}",
        action_id=str(action.get("action_id") or ""),
        action_value=str(action.get("value") or ""),
        user_name=_user_name(body),
    )


def pressed_message(body: Payload) -> dict[str, Any] | None:
    """The message whose button was pressed, to take its buttons away once the core has
    answered (``ts``, its ``text`` and ``blocks``, the pressed ``action_id``, who pressed);
    None for an ephemeral message, which chat.update cannot change."""
    container = body.get("container") or {}
    message = body.get("message") or {}
    actions = body.get("actions") or [{}]
    ts = container.get("message_ts") or message.get("ts")
    user = str((body.get("user") or {}).get("id") or "")
    if not ts or container.get("is_ephemeral") or not _USER_ID.fullmatch(user):
        return None
    return {
        "ts": str(ts),
        "text": str(message.get("text") or ""),
        "blocks": list(message.get("blocks") or []),
        "action_id": str(actions[0].get("action_id") or ""),
        "user": user,
    }


_USER_ID = re.compile(r"[UW][A-Z0-9_]+")
SUBMIT_TICKET = "ticket_submit"


def from_view(body: Payload) -> InboundMessage | None:
    """A submitted ticket form as one action with its fields, in the form's conversation.

    None when the view carries none of our metadata (it is not a form we opened).
    """
    view = body.get("view") or {}
    try:
        form = read_submission(view)
    except ValueError:
        return None
    user = str((body.get("user") or {}).get("id") or "")
    view_id = str(view.get("id") or body.get("trigger_id") or "")
    # A retried submission repeats view and user; two people's forms are never one delivery
    # (a client that reuses view ids must not make a colleague's submission vanish).
    return InboundMessage(
        platform=Platform.SLACK,
        channel=form.channel,
        user=user,
        text="",
        thread=form.thread,
        delivery_id=f"view:{view_id}:{user}",
        action_id=SUBMIT_TICKET,
        action_value=form.question_id,
        fields=form.fields,
        user_name=_user_name(body),
    )
