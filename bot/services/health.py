"""Service health, first version: states declared in the config's service catalog."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.enums import ServiceState
from bot.errors import NotFound
from bot.messages import Actor
from bot.settings import Config, ServiceConfig


@dataclass(frozen=True)
class ServiceStatus:
    service_id: str
    name: str
    state: ServiceState
    note: str


def _status(service: ServiceConfig) -> ServiceStatus:
    return ServiceStatus(service.id, service.name, service.status, service.note)


class HealthService:
    """Answers "is X working?" for the services an actor may see.

    A customer sees only the services it subscribes to; staff see the catalog.
    """

    def __init__(self, config: Config) -> None:
        self._config = config

    def _visible(self, actor: Actor) -> list[ServiceConfig]:
        if actor.is_staff:
            return list(self._config.services)
        customer = self._config.customer(actor.customer_id or "")
        subscribed = set(customer.services if customer else ())
        return [s for s in self._config.services if s.id in subscribed]

    def statuses(self, actor: Actor) -> list[ServiceStatus]:
        return [_status(s) for s in self._visible(actor)]

    def status(self, actor: Actor, query: str) -> ServiceStatus:
        """One service by id or name (case-insensitive).

        Raises:
            NotFound: no such service among those the actor may see.
        """
        wanted = query.strip().lower()
        for service in self._visible(actor):
            if wanted in (service.id.lower(), service.name.lower()):
                return _status(service)
        raise NotFound(what="service", name=query)

    def troubles_mentioned(self, actor: Actor, text: str) -> list[ServiceStatus]:
        """Services in trouble that ``text`` talks about (by id, name or keyword)."""
        words = set(re.findall(r"\w+", text.lower()))
        found = []
        for service in self._visible(actor):
            if not service.status.is_trouble:
                continue
            names = {service.id.lower(), *(k.lower() for k in service.keywords)}
            names |= set(re.findall(r"\w+", service.name.lower()))
            if any(_mentions(name, words, text.lower()) for name in names):
                found.append(_status(service))
        return found


def _mentions(name: str, words: set[str], lowered: str) -> bool:
    """Whole-word match for alphabetic scripts; substring for Chinese (no spaces)."""
    if re.search(r"[\u4e00-\u9fff]", name):
        return name in lowered
    return name in words
