"""SLA policies and clocks: due times, pauses, and which statuses stop the clock.

Due moments are derived, never accumulated: ``due = calendar.add(created, target +
paused)``, where ``paused`` is the working time the ticket spent paused. So a
severity change, a pause or a restart recomputes the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import from_db, to_db
from bot.db.models import Ticket
from bot.enums import Severity, TicketStatus
from bot.services.sla_calendar import ALWAYS, Calendar
from bot.settings import Config, SlaPolicyConfig


@dataclass(frozen=True)
class Policy:
    name: str
    calendar: Calendar
    first_response: dict[Severity, timedelta]
    resolution: dict[Severity, timedelta]
    pause_on_provider: bool
    warn_at: float


class SlaPolicies:
    """Picks the policy for a customer and keeps a ticket's SLA clocks right."""

    def __init__(self, config: Config) -> None:
        self._config = config
        calendars = {name: Calendar.from_config(c) for name, c in config.sla.calendars.items()}
        self._policies = [self._build(p, calendars) for p in config.sla.policies]

    def _build(self, policy: SlaPolicyConfig, calendars: dict[str, Calendar]) -> Policy:
        return Policy(
            name=policy.name,
            calendar=calendars.get(policy.calendar, ALWAYS),
            first_response={s: getattr(policy.first_response, s.value) for s in Severity},
            resolution={s: getattr(policy.resolution, s.value) for s in Severity},
            pause_on_provider=policy.pause_while_waiting_on_provider,
            warn_at=self._config.sla.warn_at,
        )

    def for_customer(self, customer_id: str) -> Policy:
        """The first policy listing the customer's tier, else the first without tiers."""
        customer = self._config.customer(customer_id)
        tier = customer.tier if customer else None
        for policy, raw in zip(self._policies, self._config.sla.policies, strict=True):
            if tier is not None and tier in raw.tiers:
                return policy
        for policy, raw in zip(self._policies, self._config.sla.policies, strict=True):
            if not raw.tiers:
                return policy
        return self._policies[0]

    def by_name(self, name: str | None, customer_id: str) -> Policy:
        return next((p for p in self._policies if p.name == name), None) or self.for_customer(
            customer_id
        )

    def pauses(self, policy: Policy, status: TicketStatus) -> bool:
        """Statuses during which the clocks do not run (a closed ticket's too: opened
        again, the time it was closed does not count)."""
        if status in (TicketStatus.WAITING_ON_CUSTOMER, TicketStatus.RESOLVED, TicketStatus.CLOSED):
            return True
        return status is TicketStatus.WAITING_ON_PROVIDER and policy.pause_on_provider

    def start(self, ticket: Ticket) -> None:
        """Set the policy and due times of a new ticket."""
        policy = self.for_customer(ticket.customer_id)
        ticket.sla_policy = policy.name
        self.recompute(ticket)

    def recompute(self, ticket: Ticket) -> None:
        """Due and warning moments from creation, targets and paused time."""
        policy = self.by_name(ticket.sla_policy, ticket.customer_id)
        severity = Severity(ticket.severity)
        created = from_db(ticket.created_at)
        paused = timedelta(seconds=ticket.paused_seconds)
        cal = policy.calendar
        fr, res = policy.first_response[severity], policy.resolution[severity]
        ticket.first_response_due = to_db(cal.add(created, fr + paused))
        ticket.first_response_warn_at = to_db(cal.add(created, fr * policy.warn_at + paused))
        ticket.resolution_due = to_db(cal.add(created, res + paused))
        ticket.resolution_warn_at = to_db(cal.add(created, res * policy.warn_at + paused))

    def on_status_change(self, ticket: Ticket, old: TicketStatus, now: datetime) -> None:
        """Start or end a pause when the status moves into or out of a pausing status."""
        policy = self.by_name(ticket.sla_policy, ticket.customer_id)
        new = TicketStatus(ticket.status)
        was_paused, is_paused = self.pauses(policy, old), self.pauses(policy, new)
        if not was_paused and is_paused:
            ticket.paused_at = to_db(now)
        elif was_paused and not is_paused and ticket.paused_at is not None:
            worked = policy.calendar.between(from_db(ticket.paused_at), now)
            ticket.paused_seconds += int(worked.total_seconds())
            ticket.paused_at = None
            self.recompute(ticket)
