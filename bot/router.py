"""The route table: every command and button, with all there is to know about it.

A route names its command, the minimum role, the handler, the parser of its
arguments, their usage (``<ticket> <text>``), an example that parses, and whether
Telegram's command menu offers it. Help, usage in error answers, Telegram's menus
and the authorization matrix are all derived from this table; the help line's
wording is the locale key ``help_<command>`` (spaces as underscores).

Matching is three-way (see Starlette's routing): FULL runs the handler with the
parsed arguments, PARTIAL is a known command the caller's role may not use
(refused politely), NONE is free text, which goes to the knowledge base.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any, Generic, TypeVar

from bot import arguments as a
from bot.context import CommandInfo, HandlerContext
from bot.enums import Platform, Role, Severity
from bot.errors import BadInput
from bot.messages import InboundMessage, Reply
from handlers import (
    admin,
    ask,
    digest,
    drafts,
    engineer,
    escalation,
    feedback,
    follow_ups,
    health,
    help,
    incidents,
    tickets,
    upstream,
)

A = TypeVar("A")


@dataclass(frozen=True)
class Route(Generic[A]):
    """One command (or button): who may use it, what runs, and how it reads and reads out."""

    command: str
    min_role: Role
    handler: Callable[[InboundMessage, HandlerContext[A]], Reply]
    # No default fits every A; routes that leave parse out have handlers taking None.
    parse: Callable[[a.Raw], A] = a.nothing  # type: ignore[assignment]  # A is None then
    usage: str = ""  # the arguments after the command, as help shows them
    example: str = ""  # arguments that parse (help, tests and the authorization matrix)
    menu: bool = False  # offered in Telegram's command menu
    listed: bool = True  # shown by /help (aliases are not)
    # shown by /help only where it means something (empty: everywhere): /cancel stops the
    # typed ticket questions, which only chats without forms (Telegram) ask
    only_on: tuple[Platform, ...] = ()

    @property
    def help_key(self) -> str:
        return "help_" + self.command.replace(" ", "_")


R, C, E, M = Route, Role.CUSTOMER, Role.ENGINEER, Role.MANAGER
# fmt: off
# Longer commands first: "/ticket new" must win over "/ticket".
ROUTES: tuple[Route[Any], ...] = (
    R("help", C, help.show_help, menu=True),
    R("start", C, help.show_help, listed=False),
    R("health", C, health.show_health, a.optional_text, "[service]", "mail", menu=True),
    R("ticket new", C, tickets.open_ticket, a.required_text("subject"), "<subject>", "VPN down"),
    R("tickets", C, tickets.list_tickets, a.ticket_query, "[filters]", "open A mine", menu=True),
    R("ticket", C, tickets.show_ticket, a.ticket, "<ticket>", "T-1001", menu=True),
    R("cancel", C, drafts.cancel, menu=True, only_on=(Platform.TELEGRAM,)),
    R("digest", M, digest.show_digest, a.day, "[YYYY-MM-DD]", "2026-11-23"),
    R("take", E, engineer.take, a.ticket, "<ticket>", "T-1001", menu=True),
    R("assign", E, engineer.assign, a.ticket_assignment, "<ticket> <engineer>", "T-1001 alice"),
    R("reply", E, engineer.reply, a.ticket_and_text, "<ticket> <text>", "T-1001 On it", menu=True),
    R("note", E, engineer.note, a.ticket_and_text, "<ticket> <text>", "T-1001 Called", menu=True),
    R("severity", E, engineer.severity, a.ticket_severity, "<ticket> A|B|C", "T-1001 A", menu=True),
    R("status", E, engineer.status, a.ticket_status, "<ticket> <status>", "T-1001 open", menu=True),
    R("set", E, engineer.set_field, a.ticket_field, "<ticket> <field> <text>", "T-1001 impact All"),
    R("file", E, engineer.send_file, a.ticket_file, "<ticket> [file]", "T-1001 1", menu=True),
    R("resolve", E, engineer.resolve, a.ticket_and_note, "<ticket> [note]", "T-1001", menu=True),
    R("escalate", E, upstream.escalate, a.escalation,
      "<ticket> [--subject <English subject>] [--summary <English description>] [--as-is]",
      "T-1001", menu=True),
    R("upstream", E, upstream.upstream, a.upstream_note, "<ticket> <case> [link]", "T-1001 C-1"),
    R("kb", E, admin.kb_search, a.required_text("query"), "<query>", "reset password", menu=True),
    R("link", E, admin.link_code, a.required_text("customer"), "<customer>", "acme", menu=True),
    R("unlink", E, admin.unlink_chat),
    R("incident open", E, incidents.open_incident, a.incident_open,
      "<service> <state> [--next <time>] <text>", "mail degraded Slow"),
    R("incident update", E, incidents.update_incident, a.incident_update,
      "<number> [state] [--next <time>] <text>", "1 Fixed"),
    R("incident resolve", E, incidents.resolve_incident, a.incident_resolve,
      "<number> [text]", "1"),
    R("incident", E, incidents.list_incidents, a.no_subcommand, listed=False),
    R("incidents", E, incidents.list_incidents, menu=True),
    R("subscribe", E, health.subscribe, a.customer_service, "<customer> <service>", "acme vpn"),
    R("unsubscribe", E, health.unsubscribe, a.customer_service, "<customer> <service>", "acme vpn"),
)

# Buttons (and forms). A button's value is what its parser reads; a form sends fields too.
ACTIONS: tuple[Route[Any], ...] = (
    R("kb_helped", C, feedback.helped, a.question),
    R("kb_not_helped", C, feedback.not_helped, a.question),
    R("kb_talk_to_engineer", C, escalation.talk_to_engineer, a.question),
    R("ticket_form", C, escalation.show_form, a.question),
    R("ticket_submit", C, escalation.submit_form, a.ticket_request),
    R("ticket_draft", C, drafts.start, a.question),
    R("ticket_draft_keep", C, drafts.keep_subject),
    *(R(f"ticket_draft_severity_{s}", C, drafts.choose_severity, a.severity) for s in Severity),
    R("ticket_draft_skip", C, drafts.skip_description),
    R("ticket_draft_cancel", C, drafts.cancel),
    R("ticket_comment_ask", C, ask.ask_instead, a.comment),
    R("ticket_comment_add", C, ask.add_to_ticket, a.ticket_question),
    R("ticket_confirm_yes", C, follow_ups.confirm_yes, a.ticket),
    R("ticket_confirm_no", C, follow_ups.confirm_no, a.ticket),
    R("ticket_take", E, engineer.take_button, a.ticket),
    R("ticket_open", E, tickets.show_ticket_button, a.ticket),
)
# fmt: on

FALLBACK: Route[str] = R("ask", C, drafts.or_question, a.optional_text)
UNKNOWN_COMMAND: Route[str] = R("unknown", C, help.unknown_command, a.optional_text)


class Match(Enum):
    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"


@dataclass(frozen=True)
class RouteMatch:
    """The outcome of matching: the route and the arguments its parser returned."""

    match: Match
    route: Route[Any]
    args: Any


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
    """Pick the route for a message's text (or a pressed button) and the caller's role.

    Raises:
        BadInput: a command the caller may use whose arguments do not parse; the
            error carries the route's command and usage for the answer.
    """
    if message.action_id is not None:
        route = next((r for r in ACTIONS if r.command == message.action_id), UNKNOWN_COMMAND)
        known = route is not UNKNOWN_COMMAND
        raw = a.Raw(message.action_value, message.fields) if known else a.Raw("")
    else:
        split = split_command(message.text)
        if split is None:
            return RouteMatch(Match.NONE, FALLBACK, message.text)
        command, text = split
        route = next((r for r in ROUTES if r.command == command), UNKNOWN_COMMAND)
        raw = a.Raw(text if route is not UNKNOWN_COMMAND else f"/{command}")
    if not role.at_least(route.min_role):
        return RouteMatch(Match.PARTIAL, route, None)
    try:
        return RouteMatch(Match.FULL, route, route.parse(raw))
    except BadInput as exc:
        raise explain(exc, route) from None


def leaves_form(route: Route[Any]) -> bool:
    """Whether running ``route`` turns away from a ticket form waiting for its answer
    (``handlers/drafts.py``): any command or button but free text and the form's own."""
    form = route is FALLBACK or route.command == "cancel"
    return not form and not route.command.startswith("ticket_draft")


def explain(error: BadInput, route: Route[Any]) -> BadInput:
    """Name the route's command, usage and example on a bad-input error, for the answer."""
    if route.usage:
        error.data.setdefault("command", route.command)
        error.data.setdefault("usage", route.usage)
        error.data.setdefault("sample", route.example)
    return error


def routes_for(role: Role) -> tuple[Route[Any], ...]:
    """The commands a role may use, in table order."""
    return tuple(r for r in ROUTES if role.at_least(r.min_role))


@cache
def help_for(role: Role, platform: Platform | None = None) -> tuple[CommandInfo, ...]:
    """What /help lists for a role on ``platform`` (aliases left out, and commands that
    mean something elsewhere only)."""
    return tuple(
        CommandInfo(r.command, r.usage, r.help_key)
        for r in routes_for(role)
        if r.listed and (not r.only_on or platform in r.only_on)
    )


def menu_commands(role: Role) -> tuple[str, ...]:
    """Commands for a role's Telegram menu (names without spaces only, as Telegram wants)."""
    return tuple(r.command for r in routes_for(role) if r.menu and " " not in r.command)
