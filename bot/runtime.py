"""What a front end may use of the core: one explicit object instead of the dispatcher's insides.

Front ends translate platform events into :class:`~bot.messages.InboundMessage`,
hand every one of them to ``handle`` and render what comes back. They store
deliveries in the inbox before acking and put rendered answers in the outbox; they
read the settings for their tokens, URLs, languages and menus. Nothing else of the
core is theirs to touch: no services, no database, no directory —
``tests/test_architecture.py`` holds adapters to this.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.enums import Role
from bot.messages import InboundMessage, Reply
from bot.services.health import StatusPage
from bot.services.inbox import Inbox
from bot.services.outbox import Outbox
from bot.services.ticket_views import TicketView
from bot.settings import Settings

# ``(actor, status, *, provider, case, resolved)``: a provider's signed update on a case.
ProviderUpdate = Callable[..., TicketView]


@dataclass(frozen=True)
class Runtime:
    """Everything a front end gets.

    Attributes:
        handle: the dispatcher's one entry point; every user action goes through it.
        settings: tokens and URLs (``env``) and the config (languages, staff identities).
        outbox: where answers wait to be sent (and a sender claims them).
        inbox: where deliveries are stored before they are acknowledged.
        menu: the commands a role's command menu offers (from the route table).
        status_page: the public status page's data.
        provider_update: records a provider's update on a case (the upstream webhook).
        claim_command: True the first time a command's platform id (Slack's trigger_id)
            is seen, in any worker: a replayed signed request acts once.
        bind_thread: ``(platform, channel, ticket number, thread)``: the thread a front end
            started for a ticket that lived in none (see ``THREAD_ROOT``); True when bound.
    """

    handle: Callable[[InboundMessage], Reply]
    settings: Settings
    outbox: Outbox
    inbox: Inbox
    menu: Callable[[Role], tuple[str, ...]]
    status_page: Callable[[], StatusPage]
    provider_update: ProviderUpdate
    claim_command: Callable[[str], bool]
    bind_thread: Callable[[str, str, str, str], bool]
