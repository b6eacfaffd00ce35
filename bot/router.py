"""The route table: command or button → handler, with the minimum role for each.

Matching is three-way (see Starlette's routing): FULL runs the handler, PARTIAL
is a known command the caller's role may not use (refused politely), NONE is free
text, which goes to the knowledge base.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from bot.context import HandlerContext
from bot.enums import Role
from bot.messages import InboundMessage, Reply
from handlers import (
    admin,
    ask,
    digest,
    engineer,
    feedback,
    health,
    help,
    incidents,
    tickets,
    upstream,
)

Handler = Callable[[InboundMessage, HandlerContext], Reply]


@dataclass(frozen=True)
class Route:
    command: str
    min_role: Role
    handler: Handler


# Longer commands first: "/ticket new" must win over "/ticket".
ROUTES: tuple[Route, ...] = (
    Route("help", Role.CUSTOMER, help.show_help),
    Route("start", Role.CUSTOMER, help.show_help),
    Route("health", Role.CUSTOMER, health.show_health),
    Route("ticket new", Role.CUSTOMER, tickets.open_ticket),
    Route("tickets", Role.CUSTOMER, tickets.list_tickets),
    Route("ticket", Role.CUSTOMER, tickets.show_ticket),
    Route("digest", Role.MANAGER, digest.show_digest),
    Route("take", Role.ENGINEER, engineer.take),
    Route("reply", Role.ENGINEER, engineer.reply),
    Route("severity", Role.ENGINEER, engineer.severity),
    Route("status", Role.ENGINEER, engineer.status),
    Route("set", Role.ENGINEER, engineer.set_field),
    Route("resolve", Role.ENGINEER, engineer.resolve),
    Route("escalate", Role.ENGINEER, upstream.escalate),
    Route("upstream", Role.ENGINEER, upstream.upstream),
    Route("kb", Role.ENGINEER, admin.kb_search),
    Route("link", Role.ENGINEER, admin.link_code),
    Route("incident open", Role.ENGINEER, incidents.open_incident),
    Route("incident update", Role.ENGINEER, incidents.update_incident),
    Route("incident resolve", Role.ENGINEER, incidents.resolve_incident),
    Route("incident", Role.ENGINEER, incidents.list_incidents),
    Route("incidents", Role.ENGINEER, incidents.list_incidents),
    Route("subscribe", Role.ENGINEER, health.subscribe),
    Route("unsubscribe", Role.ENGINEER, health.unsubscribe),
)

# Buttons under a KB answer; the value is the question id.
ACTIONS: tuple[Route, ...] = (
    Route("kb_helped", Role.CUSTOMER, feedback.helped),
    Route("kb_not_helped", Role.CUSTOMER, feedback.not_helped),
    Route("kb_talk_to_engineer", Role.CUSTOMER, feedback.talk_to_engineer),
    Route("ticket_confirm_yes", Role.CUSTOMER, engineer.confirm_yes),
    Route("ticket_confirm_no", Role.CUSTOMER, engineer.confirm_no),
    Route("ticket_take", Role.ENGINEER, engineer.take_button),
    Route("ticket_open", Role.ENGINEER, tickets.show_ticket_button),
)

FALLBACK = Route("ask", Role.CUSTOMER, ask.answer_question)
UNKNOWN_COMMAND = Route("unknown", Role.CUSTOMER, help.unknown_command)


class Match(Enum):
    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"


@dataclass(frozen=True)
class RouteMatch:
    """The outcome of matching: the route and the arguments it parsed."""

    match: Match
    route: Route
    args: str


def split_command(text: str) -> tuple[str, str] | None:
    """``"/ticket new VPN down"`` → ``("ticket new", "VPN down")``; None for free text.

    A Telegram-style ``/cmd@botname`` suffix is dropped.
    """
    if not text.startswith("/") or text.startswith("//"):
        return None
    words = text[1:].split(maxsplit=2)
    if not words:
        return ("", "")
    first = words[0].split("@", 1)[0].lower()
    rest = text[1:].split(maxsplit=1)[1] if len(words) > 1 else ""
    second = words[1].lower() if len(words) > 1 else ""
    for route in ROUTES:
        if route.command == f"{first} {second}":
            return (route.command, words[2] if len(words) > 2 else "")
    return (first, rest)


def match(message: InboundMessage, role: Role) -> RouteMatch:
    """Pick the route for a message's text (or a pressed button) and the caller's role."""
    if message.action_id is not None:
        route = next((r for r in ACTIONS if r.command == message.action_id), UNKNOWN_COMMAND)
        args = message.action_value
    else:
        split = split_command(message.text)
        if split is None:
            return RouteMatch(Match.NONE, FALLBACK, message.text)
        command, args = split
        route = next((r for r in ROUTES if r.command == command), UNKNOWN_COMMAND)
    if not role.at_least(route.min_role):
        return RouteMatch(Match.PARTIAL, route, args)
    return RouteMatch(Match.FULL, route, args)
