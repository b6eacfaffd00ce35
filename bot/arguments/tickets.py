"""Ticket arguments: ``T-1001`` and what follows it, the queue's filters, a form's fields."""

from __future__ import annotations

from dataclasses import dataclass

from bot.arguments.base import Raw, question
from bot.enums import Category, Severity, TicketStatus
from bot.errors import BadInput
from bot.services.ticket_views import parse_ticket_number
from bot.services.ticket_workflow import EDITABLE_FIELDS


@dataclass(frozen=True)
class TicketText:
    """A ticket and the words after it: ``/reply T-1001 We are on it``."""

    number: str
    text: str


@dataclass(frozen=True)
class TicketQuestion:
    """A ticket and a question asked near it: the "Add to the ticket" button's value."""

    number: str
    question_id: int


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
    """``/upstream T-1001 <case> [link] [--link]`` or ``/upstream T-1001 status|resolved <text>``.

    ``shared``: ``--link`` records a case already on another customer's ticket here too.
    """

    number: str
    case: str | None = None
    link: str | None = None
    update: str | None = None
    resolved: bool = False
    shared: bool = False


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

    def typed(self) -> str:
        """The filters as one would type them (``resolved A mine acme``): what a heading or
        an empty queue names, in the command's own words."""
        words = [_STATUS_NAMES[s] for s in self.statuses]
        words += [str(s) for s in self.severities]
        flags = (
            ("mine", self.mine),
            ("unassigned", self.unassigned),
            ("breached", self.breached),
            ("all", self.include_closed),
        )
        words += [name for name, on in flags if on]
        return " ".join([*words, *self.words])


@dataclass(frozen=True)
class TicketRequest:
    """A question turned into a ticket: by the button alone, or with a form's fields."""

    question_id: int
    subject: str = ""
    description: str = ""
    severity: Severity = Severity.C
    category: Category = Category.TECHNICAL


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


def ticket_question(raw: Raw) -> TicketQuestion:
    """``T-1001 17``: the ticket, and the question whose words go onto it."""
    number, question_id = raw.split()
    if not question_id.isdigit():
        raise BadInput("answer")
    return TicketQuestion(_number(number), int(question_id))


@dataclass(frozen=True)
class TicketFileNumber:
    """``/file T-1001 2`` (the second file on the ticket); ``/file T-1001`` lists them."""

    number: str
    file: int | None = None


def ticket_file(raw: Raw) -> TicketFileNumber:
    number, rest = raw.split()
    wanted = rest.lstrip("#").rstrip(".")
    if rest and not (wanted.isdigit() and int(wanted) > 0):
        raise BadInput("file number")
    return TicketFileNumber(_number(number), int(wanted) if rest else None)


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
        raise BadInput("status", example="open, waiting, provider, closed")
    return TicketNewStatus(number, status)


def ticket_field(raw: Raw) -> TicketField:
    number, rest = raw.split()
    number = _number(number)
    name, _, value = rest.partition(" ")
    if name.lower() not in EDITABLE_FIELDS:
        raise BadInput("field")
    if not value.strip():
        raise BadInput(name.lower())
    return TicketField(number, name.lower(), value.strip())


SHARED_CASE_FLAG = "--link"


def upstream_note(raw: Raw) -> UpstreamNote:
    number, rest = raw.split()
    number = _number(number)
    word, _, text = rest.partition(" ")
    if word.lower() in ("status", "resolved"):
        return UpstreamNote(number, update=text.strip(), resolved=word.lower() == "resolved")
    if not word or word == SHARED_CASE_FLAG:
        raise BadInput("case number")
    words = text.split()
    shared = SHARED_CASE_FLAG in words
    words = [w for w in words if w != SHARED_CASE_FLAG]
    return UpstreamNote(number, case=word, link=words[0] if words else None, shared=shared)


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
_STATUS_NAMES = {status: word for word, status in _STATUS_WORDS.items()}


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
