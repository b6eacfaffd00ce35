"""Where the bot's own messages go: the ticket's thread, engineers, managers, a person."""

from __future__ import annotations

from dataclasses import replace

from bot.db.models import Ticket
from bot.enums import Platform, Role
from bot.messages import CONSOLE_ROOMS, Notice, Reply
from bot.settings import ChannelRef, Config


def _on_console(ticket: Ticket | None) -> bool:
    return ticket is not None and ticket.platform == Platform.CONSOLE


class NoticeRouter:
    """Turns "tell the customer / the engineers / the assignee" into concrete notices.

    The console shows what is addressed to the person it speaks as when it runs
    (``supportbot chat --as …``): a console ticket's notices go to its customer's
    console, and the staff's side of it (alerts, comments, reassignments) to the
    engineers' and managers' console rooms (:data:`~bot.messages.CONSOLE_ROOMS`) and to
    the staff member by id, besides their chat channels. Tickets from chat platforms
    are never addressed to the console, so a server that no one reads a console for
    keeps no console rows.
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

    @staticmethod
    def _console(ticket: Ticket | None, room: str, reply: Reply) -> list[Notice]:
        return [Notice(Platform.CONSOLE, room, reply)] if _on_console(ticket) else []

    def for_customer(self, ticket: Ticket, reply: Reply) -> Reply:
        """``reply`` in the language and time zone of the customer who owns ``ticket``.

        Whoever caused the notice (an engineer writing in English, a provider's update),
        the customer reads it as their config says: their language, else their chat's,
        else the reseller's; their time zone, else the reseller's.
        """
        config = self._config
        language = config.language_of(ticket.customer_id, ticket.platform, ticket.channel)
        return replace(reply, lang=language, zone=config.timezone_of(ticket.customer_id))

    def customer_thread(self, ticket: Ticket, reply: Reply) -> list[Notice]:
        """Tell the ticket's customer, in their thread, in their language and zone."""
        reply = self.for_customer(ticket, reply)
        platform = Platform(ticket.platform)
        if platform is Platform.CONSOLE:  # the customer's console: no threads there
            return [Notice(platform, ticket.channel, reply)]
        return [Notice(platform, ticket.channel, reply, thread=ticket.thread)]

    def _about(self, reply: Reply, ticket: Ticket | None) -> Reply:
        """A staff notice about ``ticket`` names its customer and its engineer as people
        know them ("Acme Ltd", "Alice Engineer"), not by the config's ids:
        ``customer_name`` and ``assignee_name`` in its data (an SLA warning's "— alice")."""
        if ticket is None:
            return reply
        customer = self._config.customer(ticket.customer_id)
        name = customer.name if customer else ticket.customer_id
        data = {**reply.data, "customer_name": name}
        member = self._config.staff_member(ticket.assignee) if ticket.assignee else None
        if ticket.assignee:  # an engineer no longer in the config keeps their id
            data["assignee_name"] = member.name if member else ticket.assignee
        return replace(reply, data=data)

    def _staff_room(self, reply: Reply) -> Reply:
        """A shared staff channel reads the reseller's default language and time zone."""
        config = self._config
        return replace(reply, lang=config.reseller.default_language, zone=config.reseller.timezone)

    def engineers(self, reply: Reply, ticket: Ticket | None = None) -> list[Notice]:
        reply = self._staff_room(self._about(reply, ticket))
        rooms = self._console(ticket, CONSOLE_ROOMS[Role.ENGINEER], reply)
        return self._to(self._config.engineers_channels, reply) + rooms

    def managers(self, reply: Reply, ticket: Ticket | None = None) -> list[Notice]:
        reply = self._staff_room(self._about(reply, ticket))
        rooms = self._console(ticket, CONSOLE_ROOMS[Role.MANAGER], reply)
        return self._to(self._config.managers_channels, reply) + rooms

    def staff_member(
        self, staff_id: str | None, reply: Reply, ticket: Ticket | None = None
    ) -> list[Notice]:
        """A direct message to a staff member on each platform they are known on."""
        member = self._config.staff_member(staff_id) if staff_id else None
        if member is None:
            return []
        # A direct message: their language, times in their zone.
        reply = self._about(reply, ticket)
        reply = replace(reply, lang=member.language, zone=self._config.staff_timezone(member.id))
        return self._to(member.identities, reply) + self._console(ticket, member.id, reply)
