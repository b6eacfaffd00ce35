"""The plain message types every front end converts to and from.

Front ends turn platform events into an :class:`InboundMessage`; handlers answer
with a :class:`Reply` that holds only data. Nothing here knows Slack or Telegram,
and no reply carries user-visible wording: each front end's templates do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from bot.enums import Addressing, Platform, Role

# The kind of a reply that says nothing: the message was not for the bot (chatter in a
# channel that answers only when addressed, an engineer's words in a ticket's thread).
SILENT = "silent"
# In a private reply's data: the language of the chat it was asked in, for a note left
# there that everyone in that chat reads (the reply itself is in the asker's language).
CHAT_LANG = "chat_lang"
# In such a private reply's data: it was asked in a customer's chat, whose people do not
# see it (the asker may have meant them to: an engineer's question there says so).
IN_CUSTOMER_CHAT = "in_customer_chat"
# In the answer to a pressed button: the pressed message's buttons that still make sense,
# as ``[[action_id, value], …]``. A front end that takes a pressed keyboard away so nobody
# presses it twice (Telegram) leaves these; without the key it takes them all. "Open" on a
# new-ticket alert only shows the ticket: "Take" must stay while nobody has taken it.
BUTTONS_LEFT = "buttons_left"
# In the answer to typed words: they answered the question of the bot's message they reply
# to (a ticket question's "how bad is it?" answered with "c"), whose buttons are now void.
# A front end that takes a pressed keyboard away takes that message's away too.
PROMPT_ANSWERED = "prompt_answered"
# In a reply's data: the number of a ticket that lives in no thread yet (opened by a command,
# which has none). A front end whose chats thread replies under a message may post this
# reply in the open as the root of the ticket's thread, and tell the core
# (``Runtime.bind_thread``); the others show it as any answer.
THREAD_ROOT = "thread_root"
# In a reply's data: a notice to say before the answer, ``{"kind": …, "data": {…}}``, in
# the reply's language (a ticket form walked away from was dropped: the answer to what was
# said instead begins so). The renderer of every front end writes it first.
PREFACE = "preface"
# The console's rooms for staff: where notices for the engineers' and managers' channels
# wait for someone running ``supportbot chat --as engineer|manager`` (a staff member's
# own notices wait under their staff id).
CONSOLE_ROOMS = {Role.ENGINEER: "engineers", Role.MANAGER: "managers"}


def _frozen(data: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(data or {}))


@dataclass(frozen=True)
class Attachment:
    """A file, photo, video or voice message sent with (or as) a message.

    Plain data the front end read from the platform: the name people see, its size in
    bytes and type when the platform says, the platform's id for it (Slack ``F…``,
    Telegram ``file_id``) and a link to it where there is one (Slack's permalink).
    """

    name: str
    size: int | None = None
    mime_type: str = ""
    file_id: str = ""
    link: str = ""


@dataclass(frozen=True)
class InboundMessage:
    """One message as any front end received it.

    ``delivery_id`` is the platform's id for this delivery (Slack event_id,
    Telegram update_id) and is what de-duplication keys on. A pressed button
    arrives as ``action_id`` (which button) and ``action_value`` (its payload); a
    submitted form as an ``action_id`` with the form's ``fields``.

    ``addressing`` says whether the message was meant for the bot (see
    :class:`~bot.enums.Addressing`); ``replied_to_bot`` is the text of the bot's own
    message this one answers (a Telegram reply), from which the core reads which
    ticket it was about. ``files`` are the files that came with it: a message may be a
    file alone (empty ``text``). ``app_language`` is the language the sender's app is set
    to, as the platform tags it (Telegram's ``from.language_code``: "ru", "zh-hans"), ""
    when it does not say: how to talk to someone no customer is known for yet.
    ``user_name`` is the sender's name where the platform gives it with the message
    (Telegram's first and last name; Slack's profile name or handle), "" otherwise: an
    engineer reading a customer's message should know which of their people wrote it.
    ``main_line`` marks a message said outside any thread in a chat with threads.
    """

    platform: Platform
    channel: str
    user: str
    text: str
    thread: str | None = None
    delivery_id: str | None = None
    action_id: str | None = None
    action_value: str = ""
    fields: Mapping[str, str] = field(default_factory=dict)
    addressing: Addressing = Addressing.DIRECT
    replied_to_bot: str | None = None
    files: tuple[Attachment, ...] = ()
    app_language: str = ""
    user_name: str = ""
    # Said in the main line of a chat whose tickets live in threads (a top-level Slack
    # message): its ``thread`` is its own, and a ticket of that chat may still be what it
    # is about (the engineer asked in the ticket's thread, the answer came in the channel).
    main_line: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", _frozen(self.fields))


@dataclass(frozen=True)
class Actor:
    """Who sent a message, as resolved from the directory in the config."""

    role: Role
    user_id: str
    display_name: str = ""
    customer_id: str | None = None
    language: str = "en"
    timezone: str | None = None  # where they read times: their own zone, else the reseller's
    # The chat the message came from ("slack:C0ACME0001"): what they asked just before is
    # looked up in this chat only ("and on my phone?" in one chat never follows another's).
    chat: str | None = None

    @property
    def is_staff(self) -> bool:
        return self.role.at_least(Role.ENGINEER)


@dataclass(frozen=True)
class Action:
    """A button. ``action_id`` names the template label and the handler that takes it."""

    action_id: str
    value: str = ""


@dataclass(frozen=True)
class Reply:
    """What a handler answers: a template ``kind`` plus the data it renders.

    ``kind`` picks the template (the front end's own, else ``templates/shared/<kind>.j2``);
    ``lang`` picks the wording and ``zone`` (an IANA name) the time zone its times are
    shown in (UTC when None). ``ephemeral`` asks for an answer only the asker sees where
    that costs nothing (a Slack slash command's answer); ``private`` demands it: a staff
    member's answer outside the staff's own channels, so a front end sends it to the asker
    alone (Slack ``chat.postEphemeral``, Telegram the person's private chat with the bot)
    and never into a chat others read (a customer's above all).
    """

    kind: str
    data: Mapping[str, Any] = field(default_factory=dict)
    actions: tuple[Action, ...] = ()
    lang: str = "en"
    ephemeral: bool = False
    private: bool = False
    zone: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "data", _frozen(self.data))

    @property
    def is_silent(self) -> bool:
        """True when there is nothing to send (front ends post nothing)."""
        return self.kind == SILENT


def with_buttons_left(reply: Reply, actions: Sequence[Action]) -> Reply:
    """``reply``, saying which of the pressed message's buttons stay (:data:`BUTTONS_LEFT`)."""
    left = [[a.action_id, a.value] for a in actions]
    return replace(reply, data={**reply.data, BUTTONS_LEFT: left})


def prompt_answered(reply: Reply) -> Reply:
    """``reply``, saying the typed words it answers answered a question
    (:data:`PROMPT_ANSWERED`)."""
    return replace(reply, data={**reply.data, PROMPT_ANSWERED: True})


def buttons_left(reply: Reply) -> tuple[Action, ...]:
    """The pressed message's buttons ``reply`` says stay; none when it does not say."""
    return tuple(Action(str(a), str(v)) for a, v in reply.data.get(BUTTONS_LEFT) or ())


def _plain(value: Any) -> Any:
    """Turn reply data into JSON-safe values (dataclasses → dicts, datetimes → ISO text)."""
    from dataclasses import fields, is_dataclass
    from datetime import date, datetime, timedelta
    from enum import Enum

    if is_dataclass(value) and not isinstance(value, type):
        plain = {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
        for name in dir(type(value)):  # keep computed properties templates use
            if isinstance(getattr(type(value), name, None), property) and not name.startswith("_"):
                plain[name] = _plain(getattr(value, name))
        return plain
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return value


def reply_to_dict(reply: Reply) -> dict[str, Any]:
    """A JSON-safe form of a reply, for the outbox (rendered later by the sending front end)."""
    return {
        "kind": reply.kind,
        "data": _plain(reply.data),
        "actions": [[a.action_id, a.value] for a in reply.actions],
        "lang": reply.lang,
        "ephemeral": reply.ephemeral,
        "private": reply.private,
        "zone": reply.zone,
    }


def reply_from_dict(data: Mapping[str, Any]) -> Reply:
    """The inverse of :func:`reply_to_dict` (data stays plain dicts; templates read both).

    Rows queued by older versions may carry ``text``, ``sections`` and ``links``, which
    no template ever read: they are ignored."""
    return Reply(
        kind=str(data["kind"]),
        data=dict(data.get("data") or {}),
        actions=tuple(Action(a, v) for a, v in data.get("actions") or ()),
        lang=str(data.get("lang") or "en"),
        ephemeral=bool(data.get("ephemeral")),
        private=bool(data.get("private")),
        zone=data.get("zone") or None,
    )


@dataclass(frozen=True)
class Notice:
    """A message to send: an answer, or one the bot sends on its own (to a thread, a
    channel, a person, an e-mail address).

    Services write notices into the outbox in the same transaction as the change
    that caused them; front ends write their answers as notices too. The platform's
    renderer turns a notice into calls when it is sent. ``platform`` is a
    :class:`Platform` or ``"email"`` (outbound only). ``options`` are delivery details
    only the platform's renderer reads (a Slack response_url, the Telegram message an
    answer replies to); core services never set them.
    """

    platform: str
    channel: str
    reply: Reply
    thread: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "options", _frozen(self.options))
