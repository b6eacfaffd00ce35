"""Health and digest arguments: incidents, subscriptions, a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.arguments.base import Raw
from bot.enums import ServiceState
from bot.errors import BadInput
from bot.services.health import parse_state


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


def customer_service(raw: Raw) -> CustomerService:
    customer, service = raw.split()
    if not customer or not service:
        raise BadInput("customer and service")
    return CustomerService(customer, service)


def incident_open(raw: Raw) -> IncidentOpening:
    words = raw.text.split(maxsplit=2)
    state = parse_state(words[1]) if len(words) >= 2 else None
    if len(words) >= 2 and state is None:
        raise BadInput("state", example=", ".join(ServiceState))
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


def day(raw: Raw) -> date | None:
    if not raw.text.strip():
        return None
    try:
        return date.fromisoformat(raw.text.strip())
    except ValueError:
        raise BadInput("date") from None
