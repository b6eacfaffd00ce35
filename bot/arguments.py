"""Argument parsers for the route table: the text after a command → typed values.

Each route names one parser. The router runs it once, and the handler receives
its result as ``ctx.args``: nothing is parsed twice. A parser raises
:class:`~bot.errors.BadInput` naming the argument it could not read; the
dispatcher adds the route's usage to the answer, so no parser spells a command.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from bot.enums import Category, ServiceState, Severity, TicketStatus
from bot.errors import BadInput
from bot.services.health import parse_state
from bot.services.ticket_views import parse_ticket_number


@dataclass(frozen=True)
class Raw:
    """What a parser reads: the text after the command (or a button's value), a form's fields."""

    text: str
    fields: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def split(self) -> tuple[str, str]:
        """The first word and the rest (both stripped; empty when absent)."""
        words = self.text.strip().split(maxsplit=1)
        return (words[0] if words else "", words[1].strip() if len(words) > 1 else "")


# -- the values handlers receive ---------------------------------------------------------


@dataclass(frozen=True)
class TicketText:
    """A ticket and the words after it: ``/reply T-1001 We are on it``."""

    number: str
    text: str


@dataclass(frozen=True)
class TicketSeverity:
    """``/severity T-1001 A``."""

    number: str
    severity: Severity


@dataclass(frozen=True)
class TicketNewStatus:
    """``/status T-1001 waiting``."""

    number: str
    status: TicketStatus


@dataclass(frozen=True)
class TicketField:
    """``/set T-1001 impact 40 users cannot send mail``."""

    number: str
    name: str
    value: str


@dataclass(frozen=True)
class UpstreamNote:
    """``/upstream T-1001 <case> [link]`` or ``/upstream T-1001 status|resolved <text>``."""

    number: str
    case: str | None = None
    link: str | None = None
    update: str | None = None
    resolved: bool = False


@dataclass(frozen=True)
class TicketQuery:
    """``/tickets`` filters as typed; ``words`` may name a customer (the handler knows them)."""

    statuses: tuple[TicketStatus, ...] = ()
    severities: tuple[Severity, ...] = ()
    mine: bool = False
    unassigned: bool = False
    breached: bool = False
    include_closed: bool = False
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class CustomerService:
    """``/subscribe acme mail``."""

    customer: str
    service: str


@dataclass(frozen=True)
class IncidentOpening:
    """``/incident open mail degraded Outbound mail is delayed``."""

    service: str
    state: ServiceState
    text: str


@dataclass(frozen=True)
class IncidentNote:
    """``/incident update 3 [state] text``, ``/incident resolve 3 [text]``."""

    number: str
    text: str
    state: ServiceState | None = None


@dataclass(frozen=True)
class TicketRequest:
    """A question turned into a ticket: by the button alone, or with a form's fields."""

    question_id: int
    subject: str = ""
    description: str = ""
    severity: Severity = Severity.C
    category: Category = Category.TECHNICAL


# -- parsers ------------------------------------------------------------------------------


def nothing(raw: Raw) -> None:
    """Commands without arguments ignore what follows them (``/help me`` is ``/help``)."""
    return None


def optional_text(raw: Raw) -> str:
    return raw.text.strip()


def required_text(what: str):  # type: ignore[no-untyped-def]
    """A parser for one piece of free text that must be there (``what`` names it)."""

    def parse(raw: Raw) -> str:
        text = raw.text.strip()
        if not text:
            raise BadInput(what)
        return text

    return parse


def _number(word: str) -> str:
    parse_ticket_number(word)  # raises BadInput("ticket number")
    return word.strip()


def ticket(raw: Raw) -> str:
    """``T-1001`` (also ``t1001``, ``#1001``, ``1001``)."""
    return _number(raw.split()[0])


def ticket_and_text(raw: Raw) -> TicketText:
    number, text = raw.split()
    number = _number(number)
    if not text:
        raise BadInput("text")
    return TicketText(number, text)


def ticket_and_note(raw: Raw) -> TicketText:
    number, text = raw.split()
    return TicketText(_number(number), text)


def ticket_severity(raw: Raw) -> TicketSeverity:
    number, value = raw.split()
    number = _number(number)
    try:
        return TicketSeverity(number, Severity(value.upper()))
    except ValueError:
        raise BadInput("severity") from None


SETTABLE_STATUSES = {
    "open": TicketStatus.OPEN,
    "waiting": TicketStatus.WAITING_ON_CUSTOMER,
    "waiting_on_customer": TicketStatus.WAITING_ON_CUSTOMER,
    "provider": TicketStatus.WAITING_ON_PROVIDER,
    "waiting_on_provider": TicketStatus.WAITING_ON_PROVIDER,
    "closed": TicketStatus.CLOSED,
}


def ticket_status(raw: Raw) -> TicketNewStatus:
    number, value = raw.split()
    number = _number(number)
    status = SETTABLE_STATUSES.get(value.lower())
    if status is None:
        raise BadInput("status")
    return TicketNewStatus(number, status)


EDITABLE_FIELDS = ("service", "impact", "tried", "description", "links")


def ticket_field(raw: Raw) -> TicketField:
    number, rest = raw.split()
    number = _number(number)
    name, _, value = rest.partition(" ")
    if name.lower() not in EDITABLE_FIELDS:
        raise BadInput("field")
    if not value.strip():
        raise BadInput(name.lower())
    return TicketField(number, name.lower(), value.strip())


def upstream_note(raw: Raw) -> UpstreamNote:
    number, rest = raw.split()
    number = _number(number)
    word, _, text = rest.partition(" ")
    if word.lower() in ("status", "resolved"):
        return UpstreamNote(number, update=text.strip(), resolved=word.lower() == "resolved")
    if not word:
        raise BadInput("case number")
    link = text.split()[0] if text.strip() else None
    return UpstreamNote(number, case=word, link=link)


def ticket_assignment(raw: Raw) -> TicketText:
    """``/assign T-1001 bob``: the ticket and the engineer (id or name)."""
    number, engineer = raw.split()
    number = _number(number)
    if not engineer:
        raise BadInput("engineer")
    return TicketText(number, engineer)


_STATUS_WORDS = {
    "new": TicketStatus.NEW,
    "open": TicketStatus.OPEN,
    "waiting": TicketStatus.WAITING_ON_CUSTOMER,
    "provider": TicketStatus.WAITING_ON_PROVIDER,
    "resolved": TicketStatus.RESOLVED,
    "closed": TicketStatus.CLOSED,
}


def ticket_query(raw: Raw) -> TicketQuery:
    """``/tickets open A mine``, ``/tickets acme breached``, ``/tickets all vpn``."""
    statuses: list[TicketStatus] = []
    severities: list[Severity] = []
    words: list[str] = []
    flags = {"mine": False, "unassigned": False, "breached": False, "include_closed": False}
    for token in raw.text.split():
        low = token.lower().removeprefix("sev:").removeprefix("status:")
        if low in _STATUS_WORDS:
            statuses.append(_STATUS_WORDS[low])
        elif low in ("a", "b", "c"):
            severities.append(Severity(low.upper()))
        elif low in ("mine", "unassigned"):
            flags[low] = True
        elif low in ("breached", "overdue"):
            flags["breached"] = True
        elif low == "all":
            flags["include_closed"] = True
        else:
            words.append(token)
    return TicketQuery(tuple(statuses), tuple(severities), words=tuple(words[:6]), **flags)


def day(raw: Raw) -> date | None:
    if not raw.text.strip():
        return None
    try:
        return date.fromisoformat(raw.text.strip())
    except ValueError:
        raise BadInput("date") from None


def customer_service(raw: Raw) -> CustomerService:
    customer, service = raw.split()
    if not customer or not service:
        raise BadInput("customer and service")
    return CustomerService(customer, service)


def incident_open(raw: Raw) -> IncidentOpening:
    words = raw.text.split(maxsplit=2)
    state = parse_state(words[1]) if len(words) >= 2 else None
    if len(words) < 3 or state is None:
        raise BadInput("service, state and text")
    return IncidentOpening(words[0], state, words[2].strip())


def incident_update(raw: Raw) -> IncidentNote:
    number, rest = raw.split()
    if not rest:
        raise BadInput("incident number and text")
    first, _, text = rest.partition(" ")
    state = parse_state(first)
    if state is not None and text.strip():
        return IncidentNote(number, text.strip(), state)
    return IncidentNote(number, rest)


def incident_resolve(raw: Raw) -> IncidentNote:
    number, text = raw.split()
    if not number:
        raise BadInput("incident number")
    return IncidentNote(number, text)


def no_subcommand(raw: Raw) -> None:
    """A bare ``/incident``: anything after it is a subcommand we don't know."""
    if raw.text.strip():
        raise BadInput("incident command")
    return None


def question(raw: Raw) -> int:
    """The question id a KB answer's buttons carry."""
    try:
        return int(raw.text)
    except ValueError:
        raise BadInput("answer") from None


def severity(raw: Raw) -> Severity:
    """A severity button's value (or a typed letter)."""
    try:
        return Severity(raw.text.strip().upper())
    except ValueError:
        raise BadInput("severity") from None


def ticket_request(raw: Raw) -> TicketRequest:
    """The ticket form's fields; unknown choices fall back to the mildest ones."""
    fields = raw.fields
    severity = fields.get("severity", "").upper()
    category = fields.get("category", "").lower()
    return TicketRequest(
        question_id=question(raw),
        subject=" ".join(fields.get("subject", "").split()),
        description=fields.get("description", "").strip(),
        severity=Severity(severity) if severity in Severity.__members__ else Severity.C,
        category=Category(category) if category in set(Category) else Category.OTHER,
    )
