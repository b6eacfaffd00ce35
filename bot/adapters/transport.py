"""The outbound contract: a notice becomes calls, a transport makes one call at a time.

Every way out (Slack's Web API, Telegram's Bot API, an SMTP server) is a small
:class:`BaseTransport` that sends one :class:`Call` and turns every failure into one
error, :class:`SendFailed`, carrying what the pump needs to decide: retry after N
seconds, or never; and whether a rate limit holds back this chat, this method, or the
whole platform. Everything else (claiming, order, retries, marking, scrubbing) is the
shared pump's job (``bot/adapters/outbox_pump.py``), so a new platform writes a
transport and a renderer and nothing more.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Protocol

from bot.messages import Notice


class Limit(StrEnum):
    """What a rate limit holds back (platforms document which of their limits is which)."""

    CHAT = "chat"  # this chat only (Slack chat.postMessage per channel, Telegram per chat)
    METHOD = "method"  # every call of this method (Slack's per-method tiers)
    PLATFORM = "platform"  # every call to the platform (a mail server saying "later")


@dataclass(frozen=True)
class Call:
    """One platform call a rendered notice becomes.

    ``optional``: a permanent failure skips the call instead of failing the whole
    notice (removing a pressed button's keyboard is nice, the answer is what matters).
    ``thread_root``: the number of a ticket that lives in no thread yet, when this post
    may start it (``bot.messages.THREAD_ROOT``); a transport that learns where the post
    landed (Slack's ``ts``) tells the core.
    """

    method: str
    payload: Mapping[str, Any] = field(default_factory=dict)
    optional: bool = False
    thread_root: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "payload", MappingProxyType(dict(self.payload)))


class SendFailed(Exception):
    """A call did not go through.

    Args:
        reason: a short description, without secrets or the message's content.
        retry_after: seconds the platform asked us to wait (a 429's Retry-After).
        permanent: retrying will not help (the channel is gone, the request is invalid).
        limit: for a rate limit, what it holds back.
    """

    def __init__(
        self,
        reason: str,
        *,
        retry_after: float | None = None,
        permanent: bool = False,
        limit: Limit | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.permanent = permanent
        self.limit = limit

    @classmethod
    def rate_limited(cls, reason: str, retry_after: float, limit: Limit) -> SendFailed:
        return cls(reason, retry_after=max(0.0, retry_after), limit=limit)


class BaseTransport(ABC):
    """Sends one call to one platform; raises :class:`SendFailed` for every failure.

    Implementations keep their own client (HTTP session, bot) and apply a timeout
    shorter than the outbox lease to every call; the pump adds an overall deadline.
    """

    platform: str

    @abstractmethod
    async def send(self, call: Call) -> None:
        """Make ``call``; return when the platform accepted it.

        Raises:
            SendFailed: anything else, with the data to decide what happens next.
        """

    async def close(self) -> None:
        """Release connections (the pump calls it after its last send); nothing by default."""
        return None


class NoticeRenderer(Protocol):
    """A platform's renderer: a notice as the calls that deliver it, in order.

    Raises ``RenderError`` when the reply's kind has no template for the platform.
    """

    def calls(self, notice: Notice) -> list[Call]: ...
