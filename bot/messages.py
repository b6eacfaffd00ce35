"""The plain message types every front end converts to and from.

Front ends turn platform events into an :class:`InboundMessage`; handlers answer
with a :class:`Reply` that holds only data. Nothing here knows Slack or Telegram,
and no reply carries user-visible wording: each front end's templates do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from bot.enums import Platform, Role


@dataclass(frozen=True)
class InboundMessage:
    """One message as any front end received it.

    ``delivery_id`` is the platform's id for this delivery (Slack event_id,
    Telegram update_id) and is what de-duplication keys on. A pressed button
    arrives as ``action_id`` (which button) and ``action_value`` (its payload).
    """

    platform: Platform
    channel: str
    user: str
    text: str
    thread: str | None = None
    delivery_id: str | None = None
    action_id: str | None = None
    action_value: str = ""


@dataclass(frozen=True)
class Actor:
    """Who sent a message, as resolved from the directory in the config."""

    role: Role
    user_id: str
    display_name: str = ""
    customer_id: str | None = None
    language: str = "en"

    @property
    def is_staff(self) -> bool:
        return self.role.at_least(Role.ENGINEER)


@dataclass(frozen=True)
class Link:
    """A link a reply points to; ``title`` is data (an article title), not wording."""

    url: str
    title: str


@dataclass(frozen=True)
class Action:
    """A button. ``action_id`` names the template label and the handler that takes it."""

    action_id: str
    value: str = ""


@dataclass(frozen=True)
class Section:
    """A titled block of content (markdown) inside a reply."""

    title: str
    body: str


def _frozen(data: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(data or {}))


@dataclass(frozen=True)
class Reply:
    """What a handler answers: a template ``kind`` plus the data it renders.

    ``kind`` picks ``templates/<front end>/<kind>.*``; ``lang`` picks the wording.
    """

    kind: str
    data: Mapping[str, Any] = field(default_factory=dict)
    text: str = ""
    sections: tuple[Section, ...] = ()
    links: tuple[Link, ...] = ()
    actions: tuple[Action, ...] = ()
    lang: str = "en"
    ephemeral: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "data", _frozen(self.data))
