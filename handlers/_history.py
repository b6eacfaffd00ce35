"""A ticket as people read it: names instead of ids, locale keys instead of enum values.

The audit trail stores what happened in the words the code uses (``slack:U0BOB0001``,
``alice``, ``waiting_on_provider``); nobody reading ``/ticket`` should see those.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from bot.context import HandlerContext
from bot.services.tickets import TicketEventView, TicketView
from bot.services.upstream import SUBMITTED

# Events whose old/new values are ticket states: shown through their ``status_*`` keys.
_STATE_EVENTS = frozenset({"status"})
# Events whose old/new values are staff ids: shown as the staff member's name.
_STAFF_EVENTS = frozenset({"assigned"})
# Events whose old/new values are service ids: shown as the service's name.
_SERVICE_EVENTS = frozenset({"set_service"})
# Events whose value is staff bookkeeping ("manual", "sent"): customers see the event alone.
_QUIET_VALUES = frozenset({"escalated"})
# The provider's status before its first update is the bot's word, not the provider's.
_UPSTREAM_TERMS = {SUBMITTED: "upstream_submitted"}


@dataclass(frozen=True)
class HistoryRow:
    """One line of a ticket's history, ready to show.

    ``terms`` says that ``old``/``new`` are locale keys (a state), to be translated;
    otherwise they are people's own words, shown as they are. ``old_term``: only ``old``
    is a locale key (a provider update after "submitted", the bot's own word).
    """

    at: datetime
    actor: str
    kind: str
    old: str | None
    new: str | None
    terms: bool = False
    files: tuple[Any, ...] = ()  # the files the message carried (name, size, link)
    old_term: bool = False
    person: str = ""  # the customer's person who did it, when the platform named them


def _who(actor: str, ticket: TicketView, ctx: HandlerContext[Any]) -> str:
    """A staff member's name; a customer's person as the customer's name; the provider's name."""
    config = ctx.settings.config
    member = config.staff_member(actor)
    if member is not None:
        return member.name
    if ":" in actor:  # platform:user — somebody in the customer's chat (named: ``person``)
        customer = config.customer(ticket.customer_id)
        return customer.name if customer else ticket.customer_id
    if config.upstream is not None and actor == config.upstream.name:
        return config.upstream.name_in(ctx.actor.language)
    return actor


def _staff_name(staff_id: str | None, ctx: HandlerContext[Any]) -> str | None:
    member = ctx.settings.config.staff_member(staff_id) if staff_id else None
    return member.name if member else staff_id


def _service_name(service_id: str | None, ctx: HandlerContext[Any]) -> str | None:
    service = ctx.settings.config.service(service_id) if service_id else None
    return service.name_in(ctx.actor.language) if service else service_id


def to_history(
    events: list[TicketEventView], ticket: TicketView, ctx: HandlerContext[Any]
) -> list[HistoryRow]:
    """The events of ``ticket`` as the reader should see them (see the module docstring)."""
    rows = []
    for e in events:
        old, new, terms, old_term = e.old, e.new, False, False
        if e.kind in _STATE_EVENTS:
            old, new, terms = (f"status_{old}" if old else None), f"status_{new}", True
        elif e.kind in _STAFF_EVENTS:
            old, new = _staff_name(old, ctx), _staff_name(new, ctx)
        elif e.kind in _SERVICE_EVENTS:
            old, new = _service_name(old, ctx), _service_name(new, ctx)
        elif e.kind in _QUIET_VALUES and not ctx.actor.is_staff:
            old = new = None
        elif e.kind == "upstream_update" and old in _UPSTREAM_TERMS:
            old, old_term = _UPSTREAM_TERMS[old], True
        who = _who(e.actor, ticket, ctx)
        person = e.actor_name if ":" in e.actor and who != e.actor_name else ""
        rows.append(
            HistoryRow(e.at, who, e.kind, old, new, terms, tuple(e.files), old_term, person)
        )
    return rows


def for_reading(ticket: TicketView, ctx: HandlerContext[Any]) -> TicketView:
    """The ticket with its engineer, service and provider named as people know them
    (``Alice Engineer``, ``Exchange Online``, ``21Vianet``; not ``alice``, ``mail``, ``vianet``)."""
    assignee, service = _staff_name(ticket.assignee, ctx), _service_name(ticket.service_id, ctx)
    ticket = replace(ticket, assignee=assignee, service_id=service)
    upstream = ctx.settings.config.upstream
    if ticket.upstream is None or upstream is None or ticket.upstream.provider != upstream.name:
        return ticket
    return replace(
        ticket, upstream=replace(ticket.upstream, provider=upstream.name_in(ctx.actor.language))
    )
