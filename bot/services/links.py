"""Linking a chat to a customer with a one-time code, so no config edit is needed.

An engineer asks for a code for a customer; the customer's chat admin sends it
from the chat to link. Codes expire, work once, and are random enough that a
guess is hopeless (40 bits, and each attempt needs a chat of its own).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import NamedTuple

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from bot.clock import Clock, from_db, to_db
from bot.db.engine import session_scope
from bot.db.models import ChannelLink, LinkCode
from bot.errors import BadInput, NotAllowed, NotFound, UserFacingError
from bot.messages import Actor, InboundMessage
from bot.settings import Config

CODE_TTL = timedelta(hours=24)
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


class IssuedCode(NamedTuple):
    """A link code just made, and the name of the customer it links to."""

    code: str
    customer_name: str


class InvalidLinkCode(UserFacingError):
    """Unknown, used or expired code (one answer for all, to give nothing away)."""

    reply_kind = "error_link_code"


class ChatLinkedElsewhere(UserFacingError):
    """A code redeemed in a chat that already belongs to a customer: staff must unlink it
    first (a chat never changes hands by a code alone, and the code stays unused)."""

    reply_kind = "error_chat_linked_elsewhere"


class ChatNotLinked(UserFacingError):
    """``/unlink`` in a chat with no run-time link (``in_config``: the config file names it)."""

    reply_kind = "error_chat_not_linked"


def new_code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(CODE_LENGTH))


def looks_like_code(text: str) -> bool:
    """Whether ``text`` is shaped like a link code (``/link acme`` is a staff command, not one)."""
    word = text.strip().upper()
    return len(word) == CODE_LENGTH and all(c in _ALPHABET for c in word)


class LinkService:
    def __init__(self, engine: Engine, clock: Clock, config: Config) -> None:
        self._engine = engine
        self._clock = clock
        self._config = config

    def create_code(self, actor: Actor, customer_id: str) -> IssuedCode:
        """A fresh code for ``customer_id``, with the customer's name to show.

        Raises:
            NotAllowed: the caller is not staff.
            NotFound: no such customer.
        """
        if not actor.is_staff:
            raise NotAllowed()
        customer = self._config.customer(customer_id.strip().lower())
        if customer is None:
            raise NotFound(what="customer", name=customer_id.strip()[:64])
        now = self._clock()
        code = new_code()
        with session_scope(self._engine) as session:
            session.add(
                LinkCode(
                    code=code,
                    customer_id=customer.id,
                    created_by=actor.user_id,
                    created_at=to_db(now),
                    expires_at=to_db(now + CODE_TTL),
                )
            )
        return IssuedCode(code, customer.name)

    def redeem(self, message: InboundMessage, code: str) -> str:
        """Link the message's chat to the code's customer; returns the customer id.

        Raises:
            InvalidLinkCode: unknown, used or expired code.
            ChatLinkedElsewhere: this chat already belongs to another customer
                (``in_config``: by the config file, which only an edit changes).
        """
        code = code.strip().upper()
        if not code:
            raise BadInput("code", example="/link ABCD2345")
        if self._config.is_staff_channel(str(message.platform), message.channel):
            raise NotAllowed()  # staff talk there: it must never become a customer's chat
        in_config = self._config_owner(str(message.platform), message.channel)
        owner = in_config or self.customer_for(str(message.platform), message.channel)
        now = self._clock()
        with session_scope(self._engine) as session:
            row = session.get(LinkCode, code)
            if row is None or row.used_at is not None or from_db(row.expires_at) <= now:
                raise InvalidLinkCode()
            if owner == row.customer_id:
                return owner  # linked already: the code stays unused
            if in_config is not None:  # /unlink can't free it either: say the config holds it
                customer = self._config.customer(in_config)
                raise ChatLinkedElsewhere(
                    customer=customer.name if customer else in_config, in_config=True
                )
            if owner is not None:  # checked before the code is spent: it stays usable
                raise ChatLinkedElsewhere()
            used = session.exec(
                update(LinkCode)
                .where(col(LinkCode.code) == code, col(LinkCode.used_at).is_(None))
                .values(used_at=to_db(now))
            )
            if used.rowcount != 1:
                raise InvalidLinkCode()
            session.add(
                ChannelLink(
                    platform=str(message.platform),
                    channel=message.channel,
                    customer_id=row.customer_id,
                    linked_by=f"{message.platform}:{message.user}",
                    linked_at=to_db(now),
                )
            )
            try:
                session.flush()
            except IntegrityError:  # linked a moment ago by another code
                raise ChatLinkedElsewhere() from None
            return row.customer_id

    def unlink(self, actor: Actor, platform: str, channel: str) -> str:
        """Take a chat away from the customer it was linked to; returns that customer's id.

        From then on its people are strangers to the bot (no tickets, no answers) until a
        new code links it again.

        Raises:
            NotAllowed: the caller is not staff.
            ChatNotLinked: no run-time link (or the config file names the chat, which only
                an edit of the config changes).
        """
        if not actor.is_staff:
            raise NotAllowed()
        in_config = self._config_owner(platform, channel)
        if in_config is not None:
            customer = self._config.customer(in_config)
            raise ChatNotLinked(customer=customer.name if customer else in_config, in_config=True)
        with session_scope(self._engine) as session:
            link = session.exec(
                select(ChannelLink).where(
                    ChannelLink.platform == platform, ChannelLink.channel == channel
                )
            ).first()
            if link is None:
                raise ChatNotLinked()
            customer_id = link.customer_id
            session.delete(link)
            return customer_id

    def _config_owner(self, platform: str, channel: str) -> str | None:
        """The customer the config file gives this chat to, if any."""
        for customer in self._config.customers:
            if any(ref.platform == platform and ref.id == channel for ref in customer.channels):
                return customer.id
        return None

    def customer_for(self, platform: str, channel: str) -> str | None:
        with session_scope(self._engine) as session:
            return session.exec(
                select(ChannelLink.customer_id).where(
                    ChannelLink.platform == platform, ChannelLink.channel == channel
                )
            ).first()

    def chats_of(self, customer_id: str) -> list[tuple[str, str]]:
        """(platform, chat) of every chat linked to ``customer_id`` at run time, oldest first."""
        with session_scope(self._engine) as session:
            rows = session.exec(
                select(ChannelLink.platform, ChannelLink.channel)
                .where(ChannelLink.customer_id == customer_id)
                .order_by(col(ChannelLink.id))
            ).all()
            return [(str(platform), str(channel)) for platform, channel in rows]
