"""Where the bot's own messages go: the ticket's thread, engineers, managers, a person."""

from __future__ import annotations

from bot.db.models import Ticket
from bot.enums import Platform
from bot.messages import Notice, Reply
from bot.settings import ChannelRef, Config


class NoticeRouter:
    """Turns "tell the customer / the engineers / the assignee" into concrete notices.

    The console has no way to push a message, so nothing is addressed to it.
    """

    def __init__(self, config: Config) -> None:
        self._config = config

    @staticmethod
    def _to(refs: list[ChannelRef], reply: Reply) -> list[Notice]:
        return [
            Notice(ref.platform, ref.id, reply)
            for ref in refs
            if ref.platform is not Platform.CONSOLE
        ]

    def customer_thread(self, ticket: Ticket, reply: Reply) -> list[Notice]:
        platform = Platform(ticket.platform)
        if platform is Platform.CONSOLE:
            return []
        return [Notice(platform, ticket.channel, reply, thread=ticket.thread)]

    def engineers(self, reply: Reply) -> list[Notice]:
        return self._to(self._config.engineers_channels, reply)

    def managers(self, reply: Reply) -> list[Notice]:
        return self._to(self._config.managers_channels, reply)

    def staff_member(self, staff_id: str | None, reply: Reply) -> list[Notice]:
        """A direct message to a staff member on each platform they are known on."""
        member = self._config.staff_member(staff_id) if staff_id else None
        if member is None:
            return []
        return self._to(member.identities, reply)
