"""What is addressed to the person the console speaks as: their notices, from the outbox.

A console has no server to push to, so it collects: when it starts, after each line,
and now and then while a terminal waits for input. The core addresses a console
ticket's notices to its customer (the customer id) and the staff's side of it to the
console's staff rooms (:data:`~bot.messages.CONSOLE_ROOMS`) and to each staff id; a
console takes its own rooms' rows and leaves everyone else's for their console.
"""

from __future__ import annotations

from bot.enums import Platform, Role
from bot.messages import CONSOLE_ROOMS, InboundMessage, Reply
from bot.services.outbox import Outbox
from bot.settings import Config

BATCH = 100


def console_rooms(persona: InboundMessage, config: Config) -> frozenset[str]:
    """Where notices for ``persona`` wait: a customer's id; a staff member's id and room."""
    member = config.staff_member(persona.user)
    if member is None:
        return frozenset({persona.channel})
    return frozenset({member.id, CONSOLE_ROOMS[Role(member.role)]})


class ConsoleMailbox:
    """Takes the console notices addressed to some rooms out of the outbox, oldest first."""

    def __init__(self, outbox: Outbox, rooms: frozenset[str]) -> None:
        self._outbox = outbox
        self._rooms = rooms

    def collect(self) -> list[Reply]:
        """The notices waiting for these rooms, marked sent as they are handed over."""
        replies: list[Reply] = []
        while True:
            claimed = self._outbox.claim(str(Platform.CONSOLE), limit=BATCH)
            mine = [c for c in claimed if c.notice is not None and c.notice.channel in self._rooms]
            others = [c.id for c in claimed if c not in mine]
            # Ours are shown now; the rest go back at once, for the console they are for.
            self._outbox.record(sent=[c.id for c in mine], released=others)
            replies += [c.notice.reply for c in mine if c.notice is not None]
            if len(claimed) < BATCH or not mine:
                return replies
