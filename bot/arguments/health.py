"""Health and digest arguments: incidents, subscriptions, a day."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.arguments.base import Raw
from bot.enums import ServiceState
from bot.errors import BadInput
from bot.services.health import parse_state
from bot.settings.base import parse_duration

# "--next 30m" (or "--next=2h") anywhere in an incident's words: when the next update comes
_NEXT = re.compile(r"(?:^|\s)--next(?:\s+|=)(\S+)")
# A promise further off than this is no promise to hold anyone to.
NEXT_UPDATE_MAX = timedelta(days=7)


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
    next_update: timedelta | None = None  # --next: when the next update comes


@dataclass(frozen=True)
class IncidentNote:
    """``/incident update 3 [state] text``, ``/incident resolve 3 [text]``."""

    number: str
    text: str
    state: ServiceState | None = None
    next_update: timedelta | None = None  # --next: when the next update comes


def customer_service(raw: Raw) -> CustomerService:
    customer, service = raw.split()
    if not customer or not service:
        raise BadInput("customer and service")
    return CustomerService(customer, service)


def next_update(text: str) -> tuple[str, timedelta | None]:
    """``text`` without its ``--next 30m``, and that time (None when not given).

    Raises:
        BadInput: the time is no duration (``30m``, ``2h``), or not within a week.
    """
    found = _NEXT.search(text)
    if found is None:
        return text, None
    value = found.group(1)
    try:  # a bare number is minutes: "--next 45"
        wait = timedelta(minutes=int(value)) if value.isdigit() else parse_duration(value)
    except ValueError:
        raise BadInput("time", example="30m, 2h, 45") from None
    if not timedelta(0) < wait <= NEXT_UPDATE_MAX:
        raise BadInput("time", example="30m, 2h, 45")
    return f"{text[: found.start()].rstrip()} {text[found.end() :].lstrip()}".strip(), wait


def incident_open(raw: Raw) -> IncidentOpening:
    text, wait = next_update(raw.text)
    words = text.split(maxsplit=2)
    state = parse_state(words[1]) if len(words) >= 2 else None
    if len(words) >= 2 and state is None:
        raise BadInput("state", example=", ".join(ServiceState))
    if len(words) < 3 or state is None:
        raise BadInput("service, state and text")
    return IncidentOpening(words[0], state, words[2].strip(), wait)


def incident_update(raw: Raw) -> IncidentNote:
    said, wait = next_update(raw.text)
    number, rest = Raw(said).split()
    if not rest:
        raise BadInput("incident number and text")
    first, _, text = rest.partition(" ")
    state = parse_state(first)
    if state is not None and text.strip():
        return IncidentNote(number, text.strip(), state, wait)
    return IncidentNote(number, rest, next_update=wait)


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


def day(raw: Raw) -> date | None:
    if not raw.text.strip():
        return None
    try:
        return date.fromisoformat(raw.text.strip())
    except ValueError:
        raise BadInput("date") from None
