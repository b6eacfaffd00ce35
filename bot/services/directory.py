"""Who is who: maps a platform user or channel to a customer or a staff member."""

from __future__ import annotations

from collections.abc import Callable

from bot.enums import Platform, Role
from bot.errors import UnknownSender
from bot.messages import Actor, InboundMessage
from bot.settings import Config, CustomerConfig


class Directory:
    """Resolves the sender of a message from the config's customers and staff.

    Staff are matched by their platform identity first, so an engineer writing in a
    customer's channel stays an engineer. Customers are matched by channel (from the
    config, or linked at run time with a one-time code): in a shared channel everyone
    speaking for the customer sees that customer's data and nothing else. On the
    console a channel name is the customer's id.
    """

    def __init__(
        self, config: Config, linked: Callable[[str, str], str | None] | None = None
    ) -> None:
        self._config = config
        self._linked = linked
        self._staff = {
            (ref.platform, ref.id): member for member in config.staff for ref in member.identities
        }
        self._channels = {
            (ref.platform, ref.id): customer
            for customer in config.customers
            for ref in customer.channels
        }

    def resolve(self, message: InboundMessage) -> Actor:
        """Return the actor for ``message``.

        Raises:
            UnknownSender: the channel belongs to no customer and the user is not staff.
        """
        member = self._staff.get((message.platform, message.user))
        if member is None and message.platform is Platform.CONSOLE:
            member = next((s for s in self._config.staff if s.id == message.user), None)
        if member is not None:
            return Actor(
                role=Role(member.role),
                user_id=member.id,
                display_name=member.name,
                language=member.language,
                timezone=self._config.staff_timezone(member.id),
                chat=f"{message.platform}:{message.channel}",
            )
        customer = self._chat_customer(message)
        if customer is None:
            raise UnknownSender(channel=message.channel)
        return Actor(
            role=Role.CUSTOMER,
            user_id=f"{message.platform}:{message.user}",
            display_name=message.user_name,  # the person, when the platform said
            customer_id=customer.id,
            language=self._config.language_of(customer.id, message.platform, message.channel),
            timezone=self._config.timezone_of(customer.id),
            chat=f"{message.platform}:{message.channel}",
        )

    def chat_language(self, message: InboundMessage) -> str | None:
        """The language of the customer whose chat ``message`` came from (None: no
        customer's): what a note to everyone in that chat is written in, whoever asked."""
        customer = self._chat_customer(message)
        if customer is None:
            return None
        return self._config.language_of(customer.id, message.platform, message.channel)

    def _chat_customer(self, message: InboundMessage) -> CustomerConfig | None:
        """The customer the message's chat belongs to: by the config, else by a link code."""
        customer = self._channels.get((message.platform, message.channel))
        if customer is None and message.platform is Platform.CONSOLE:
            customer = self._config.customer(message.channel)
        if customer is None and self._linked is not None:
            linked = self._linked(str(message.platform), message.channel)
            customer = self._config.customer(linked) if linked else None
        return customer
