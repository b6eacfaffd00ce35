"""Who follows which service: the config's ``services:`` per customer, changed at run time."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from bot.clock import to_db
from bot.db.models import ChannelLink, ServiceSubscription
from bot.enums import Platform
from bot.settings import Config, CustomerConfig

# Announcements go to every chat platform's chats; the console has no chat to push to.
PUSH_PLATFORMS: tuple[Platform, ...] = tuple(p for p in Platform if p is not Platform.CONSOLE)


def _overrides(session: Session, customer_id: str | None = None) -> dict[tuple[str, str], bool]:
    query = select(ServiceSubscription)
    if customer_id is not None:
        query = query.where(ServiceSubscription.customer_id == customer_id)
    return {(r.customer_id, r.service_id): r.subscribed for r in session.exec(query).all()}


def services_of(session: Session, config: Config, customer_id: str) -> set[str]:
    """The services a customer follows: config, then run-time subscribe/unsubscribe."""
    customer = config.customer(customer_id)
    chosen = set(customer.services if customer else ())
    for (_, service_id), subscribed in _overrides(session, customer_id).items():
        if subscribed:
            chosen.add(service_id)
        else:
            chosen.discard(service_id)
    return chosen


def subscribers(session: Session, config: Config, service_id: str) -> list[CustomerConfig]:
    return Audience(session, config).subscribers(service_id)


def set_subscription(
    session: Session, customer_id: str, service_id: str, subscribed: bool, by: str, at: datetime
) -> None:
    row = session.exec(
        select(ServiceSubscription).where(
            ServiceSubscription.customer_id == customer_id,
            ServiceSubscription.service_id == service_id,
        )
    ).first()
    if row is None:
        row = ServiceSubscription(
            customer_id=customer_id,
            service_id=service_id,
            subscribed=subscribed,
            changed_by=by,
            changed_at=to_db(at),
        )
    row.subscribed, row.changed_by, row.changed_at = subscribed, by, to_db(at)
    session.add(row)


class Audience:
    """Subscriptions and linked chats read once: a round may announce many services."""

    def __init__(self, session: Session, config: Config) -> None:
        self._config = config
        self._overrides = _overrides(session)
        self._links: dict[str, list[tuple[Platform, str]]] = {}
        for link in session.exec(select(ChannelLink)).all():
            if link.platform in PUSH_PLATFORMS:
                self._links.setdefault(link.customer_id, []).append(
                    (Platform(link.platform), link.channel)
                )

    def subscribers(self, service_id: str) -> list[CustomerConfig]:
        return [
            c
            for c in self._config.customers
            if self._overrides.get((c.id, service_id), service_id in c.services)
        ]

    def chats(self, customer: CustomerConfig) -> list[tuple[Platform, str]]:
        """Config channels on push platforms, then chats linked at run time."""
        found: list[tuple[Platform, str]] = [
            (r.platform, r.id) for r in customer.channels if r.platform in PUSH_PLATFORMS
        ]
        found += self._links.get(customer.id, [])
        return list(dict.fromkeys(found))
