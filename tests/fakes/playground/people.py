"""Who can talk in the playground: the customers and staff of the config, on each platform.

The config names customers' chats and staff's identities but not the customers' own
people, so each customer gets one person per platform here (a Slack user id, a
Telegram user id). Staff talk where the bot obeys their commands: Slack's engineers' or
managers' channel, and Telegram's private chat with the bot (their identity).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.enums import Platform, Role
from bot.settings.config import Config

TELEGRAM_CUSTOMER_IDS = 900_000_001  # the first customer's person; the next get the next ids
# (name, Slack handle) of a customer's person, in the customer's language (staff see them).
CUSTOMER_NAMES = {
    "en": ("Sam Carter", "sam.carter"),
    "ru": ("Ольга Смирнова", "olga.s"),
    "zh": ("王磊", "wang.lei"),
}


@dataclass(frozen=True)
class Seat:
    """Where a person talks on one platform: the chat, and who they are there."""

    chat: str
    user: str
    answers_all: bool = True  # False: a Telegram group where the bot needs to be addressed


@dataclass(frozen=True)
class Person:
    """``key`` is what is typed (``customer:acme``, ``engineer:alice``)."""

    key: str
    name: str
    role: str
    slack: Seat | None
    telegram: Seat | None
    org: str = ""  # a customer's company
    handle: str = ""  # the Slack handle (``alice``, ``sam.carter``)

    def seat(self, platform: str) -> Seat | None:
        return self.slack if platform == Platform.SLACK else self.telegram


def _customers(config: Config) -> list[Person]:
    people = []
    for number, customer in enumerate(config.customers):
        seats: dict[str, Seat] = {}
        for channel in customer.channels:
            if channel.platform == Platform.SLACK and Platform.SLACK not in seats:
                seats[Platform.SLACK] = Seat(channel.id, f"U0{customer.id.upper()}USR")
            if channel.platform == Platform.TELEGRAM and Platform.TELEGRAM not in seats:
                user = str(TELEGRAM_CUSTOMER_IDS + number)
                all_ = channel.answer_mode == "all"
                seats[Platform.TELEGRAM] = Seat(channel.id, user, answers_all=all_)
        name, handle = CUSTOMER_NAMES.get(config.language_of(customer.id), CUSTOMER_NAMES["en"])
        people.append(
            Person(
                f"customer:{customer.id}",
                name,
                Role.CUSTOMER,
                seats.get(Platform.SLACK),
                seats.get(Platform.TELEGRAM),
                customer.name,
                handle,
            )
        )
    return people


def _staff(config: Config) -> list[Person]:
    people = []
    for staff in config.staff:
        channels = (
            config.engineers_channels if staff.role == Role.ENGINEER else config.managers_channels
        )
        seats: dict[str, Seat] = {}
        for identity in staff.identities:
            if identity.platform == Platform.SLACK:
                room = next((c.id for c in channels if c.platform == Platform.SLACK), None)
                seats[Platform.SLACK] = Seat(room or f"D{identity.id}", identity.id)
            elif identity.platform == Platform.TELEGRAM:
                seats[Platform.TELEGRAM] = Seat(identity.id, identity.id)
        people.append(
            Person(
                f"{staff.role}:{staff.id}",
                staff.name,
                str(staff.role),
                seats.get(Platform.SLACK),
                seats.get(Platform.TELEGRAM),
                handle=staff.id,
            )
        )
    return people


def seeded_people(config: Config) -> list[Person]:
    """Everyone the config knows, customers first (the console's ``--as`` personas)."""
    return _customers(config) + _staff(config)


def find(people: list[Person], typed: str) -> Person | None:
    """The person ``typed`` names: ``customer:acme``, ``engineer:alice``, or just the role
    (``engineer``, ``customer``: the first one, as the console's ``--as`` takes it)."""
    typed = typed.strip().lower()
    for person in people:
        if person.key == typed or person.role == typed:
            return person
    return None


def chat_owner(people: list[Person], platform: str, chat: str) -> Person | None:
    """Who reads the bot's messages in ``chat``: its customer, or the staff member whose
    channel or private chat it is (the first engineer for the engineers' channel)."""
    return next(
        (p for p in people if (seat := p.seat(platform)) is not None and seat.chat == str(chat)),
        None,
    )
