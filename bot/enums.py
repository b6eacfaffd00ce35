"""Closed sets of values shared by every layer (roles, platforms, ticket states)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """Who is talking. Order matters: a route's minimum role compares by rank."""

    CUSTOMER = "customer"
    ENGINEER = "engineer"
    MANAGER = "manager"

    @property
    def rank(self) -> int:
        return _ROLE_RANK[self]

    def at_least(self, other: Role) -> bool:
        """True when this role may do what ``other`` may do."""
        return self.rank >= other.rank


_ROLE_RANK = {Role.CUSTOMER: 0, Role.ENGINEER: 1, Role.MANAGER: 2}


class Platform(StrEnum):
    CONSOLE = "console"
    SLACK = "slack"
    TELEGRAM = "telegram"


class Addressing(StrEnum):
    """How a message reached the bot, as its front end saw it (the core decides what follows).

    DIRECT: meant for the bot (a direct or private chat, a mention, a reply to the bot,
    a command, a button). OPEN: said in the open in a chat the bot is in (a top-level
    channel or group message, a follow-up in one's own thread): the bot answers it
    only where the chat's mode is "every question". ASIDE: people talking among
    themselves (a colleague in someone else's Slack thread): only stored on a ticket
    that lives in that thread.
    """

    DIRECT = "direct"
    OPEN = "open"
    ASIDE = "aside"


class AnswerMode(StrEnum):
    """What the bot answers in a customer's chat (``customers[].channels[].answers``)."""

    ALL = "all"  # every question said in the open
    ADDRESSED = "addressed"  # only when addressed: a mention, a reply to the bot, a command


class Severity(StrEnum):
    """A: production down; B: partly affected; C: usable or non-production."""

    A = "A"
    B = "B"
    C = "C"


class TicketStatus(StrEnum):
    NEW = "new"
    OPEN = "open"
    WAITING_ON_CUSTOMER = "waiting_on_customer"
    WAITING_ON_PROVIDER = "waiting_on_provider"
    RESOLVED = "resolved"
    CLOSED = "closed"

    @property
    def is_active(self) -> bool:
        return self not in (TicketStatus.RESOLVED, TicketStatus.CLOSED)


class Confirmation(StrEnum):
    """What a customer's answer to "did this solve it?" did. A button pressed late (the
    ticket closed or opened again since) changes only what still makes sense, and the
    customer is told which of these it was, never a close or reopen that did not happen."""

    CLOSED = "closed"  # resolved, now closed
    REOPENED = "reopened"  # resolved, now open again
    ALREADY_CLOSED = "already_closed"  # "yes" on a ticket closed already
    STILL_OPEN = "still_open"  # "yes" on a ticket opened again since: the engineer resolves it
    ALREADY_OPEN = "already_open"  # "no" on a ticket open again already
    CLOSED_FOR_GOOD = "closed_for_good"  # "no" on a ticket closed too long ago to reopen
    # "no" pressed on a ticket closed because someone said it works: an older message's
    # button, not news; a deliberate "it broke again" is said in words (follow_ups.py)
    SAID_SOLVED = "said_solved"


class Category(StrEnum):
    TECHNICAL = "technical"
    BILLING = "billing"
    ACCOUNT = "account"
    OTHER = "other"


class ServiceState(StrEnum):
    """Service health states, worst last."""

    OPERATIONAL = "operational"
    MAINTENANCE = "maintenance"
    DEGRADED = "degraded"
    PARTIAL_OUTAGE = "partial_outage"
    MAJOR_OUTAGE = "major_outage"

    @property
    def is_trouble(self) -> bool:
        return self is not ServiceState.OPERATIONAL
