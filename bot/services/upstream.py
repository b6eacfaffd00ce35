"""Escalation to the upstream provider on the customer's behalf, and its updates.

The report must be complete before it leaves (the provider will not act on less):
affected service, severity and business impact, what was tried, a description and
the reseller's contact. The provider's case number then stays on the ticket, and
every update from the provider is told to the customer in plain words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.clock import to_db
from bot.db.engine import session_scope
from bot.db.models import JobClaim, Ticket
from bot.enums import TicketStatus
from bot.errors import BadInput, NotAllowed, NotFound, UpdateAlreadyApplied, UserFacingError
from bot.languages import written_in
from bot.messages import Actor, Reply
from bot.rendering import Renderer
from bot.services.claims import WORKER_ID
from bot.services.providers import Provider, Report
from bot.services.report_language import EscalationRequest, not_english, with_english
from bot.services.ticket_files import files_by_event
from bot.services.tickets import TicketStore, TicketView, to_view
from bot.services.upstream_report import missing_fields, report_fields
from bot.settings import Config
from bot.text import clip

UPDATE_CLAIM_JOB = "upstream-update"
SUBMITTED = "submitted"  # the provider's status until its first update (a locale key shows it)


class CaseOnAnotherCustomer(UserFacingError):
    """``/upstream`` with a case number already on another customer's ticket: a provider
    case is one customer's unless staff link it on purpose (``--link``)."""

    reply_kind = "error_case_elsewhere"


class ProviderMissing(UserFacingError):
    """No ``upstream:`` section: there is nobody to escalate to (the operator must add one)."""

    reply_kind = "error_provider_missing"


@dataclass(frozen=True)
class Escalation:
    """The outcome of ``/escalate``: what is missing, or the report and the case."""

    ticket: TicketView
    missing: tuple[str, ...] = ()
    report: str = ""
    sent: bool = False
    case_number: str | None = None
    # the report's words that are not English (field → language); with ``held`` the
    # report did not go: a provider that sends it gets English or ``--as-is``
    not_english: Mapping[str, str] = field(default_factory=dict)
    held: bool = False


class UpstreamService:
    def __init__(self, store: TicketStore, config: Config, provider: Provider | None) -> None:
        self._store = store
        self._config = config
        self._provider = provider
        self._renderer = Renderer("upstream")

    @property
    def provider_name(self) -> dict[str, str]:
        upstream = self._config.upstream  # the name per language: rendered for each reader
        return upstream.names_by_language() if upstream else {}

    def _report(self, session: Session, ticket: Ticket, english: EscalationRequest) -> Report:
        upstream = self._config.upstream
        if upstream is None:
            raise ProviderMissing()
        files = [f for group in files_by_event(session, ticket.id or 0).values() for f in group]
        fields = report_fields(ticket, to_view(ticket), self._config, upstream, files)
        fields = with_english(fields, english.subject, english.summary)
        text = self._renderer.render(Reply(kind="report", data=fields))
        return Report(text=text, fields=fields)

    def escalate(self, actor: Actor, request: EscalationRequest) -> Escalation:
        """Check the report, send it, and record the case (engineers only). A subject or
        description that is not English is said; a provider that sends the report at once
        does not get it until the engineer gives English words or says ``--as-is``.

        Raises:
            NotAllowed: the caller is not staff.
            ProviderUnavailable: the provider did not take it; nothing changed.
        """
        if not actor.is_staff:
            raise NotAllowed()
        if self._provider is None or self._config.upstream is None:
            raise ProviderMissing()
        number = request.number
        with session_scope(self._store.engine) as session:
            ticket = self._store.load(session, actor, number)
            missing = missing_fields(ticket, request.summary)
            if missing:
                return Escalation(to_view(ticket), missing=missing)
            report = self._report(session, ticket, request)
        foreign = {} if request.as_is else not_english(report.fields)
        if foreign and self._config.upstream.kind != "manual":
            return Escalation(to_view(ticket), report=report.text, not_english=foreign, held=True)
        submission = self._provider.submit(report)
        with session_scope(self._store.engine) as session:
            ticket = self._store.load(session, actor, number)
            ticket.upstream_provider = self._config.upstream.name if self._config.upstream else None
            ticket.escalated_at = to_db(self._store.clock())
            self._store.record(
                session, ticket, actor, "escalated", new="sent" if submission.sent else "manual"
            )
            self._store.notify(session, list(submission.notices))  # e-mail: queued with it
            if submission.sent:
                self._apply_case(session, ticket, actor, submission.case_number, submission.link)
            return Escalation(
                to_view(ticket),
                report=report.text,
                sent=submission.sent,
                case_number=submission.case_number,
                not_english=foreign,
            )

    def _apply_case(
        self,
        session: Session,
        ticket: Ticket,
        actor: Actor | str,
        case: str | None,
        link: str | None,
    ) -> None:
        if case and case != ticket.upstream_case:
            self._store.record(session, ticket, actor, "upstream_case", ticket.upstream_case, case)
            ticket.upstream_case = clip(case, 100)
        if link:
            ticket.upstream_link = link
        ticket.upstream_status = ticket.upstream_status or SUBMITTED
        ticket.upstream_updated_at = to_db(self._store.clock())
        if ticket.status != TicketStatus.WAITING_ON_PROVIDER:
            old = TicketStatus(ticket.status)
            ticket.status = str(TicketStatus.WAITING_ON_PROVIDER)
            self._store.sla.on_status_change(ticket, old, self._store.clock())
            self._store.record(session, ticket, actor, "status", str(old), ticket.status)
        notice = Reply(
            kind="notice_escalated",
            data={"ticket": to_view(ticket), "provider": self.provider_name},
        )
        self._store.notify(session, self._store.notices.customer_thread(ticket, notice))

    def record_case(
        self,
        actor: Actor,
        number: str,
        case: str,
        link: str | None = None,
        *,
        shared: bool = False,
    ) -> TicketView:
        """``/upstream T-1001 <case>``: the case number the provider's portal gave.

        Raises:
            CaseOnAnotherCustomer: the case is on another customer's ticket and ``shared``
                (``--link``) was not given: its updates would reach that customer too.
        """
        if not actor.is_staff:
            raise NotAllowed()
        if not case.strip():
            raise BadInput("case number", example="/upstream T-1001 2611240010001234 [link]")
        with session_scope(self._store.engine) as session:
            ticket = self._store.load(session, actor, number)
            if ticket.upstream_provider is None and self._config.upstream:
                ticket.upstream_provider = self._config.upstream.name
                ticket.escalated_at = to_db(self._store.clock())
            if not shared:
                self._refuse_foreign_case(session, ticket, case.strip())
            self._apply_case(session, ticket, actor, case.strip(), link)
            return to_view(ticket)

    def _refuse_foreign_case(self, session: Session, ticket: Ticket, case: str) -> None:
        other = session.exec(
            select(Ticket).where(
                Ticket.upstream_provider == ticket.upstream_provider,
                Ticket.upstream_case == clip(case, 100),
                Ticket.customer_id != ticket.customer_id,
            )
        ).first()
        if other is not None:
            customer = self._config.customer(other.customer_id)
            raise CaseOnAnotherCustomer(
                case=case,
                number=to_view(other).number,
                customer=customer.name if customer else other.customer_id,
                ticket=to_view(ticket).number,
            )

    def update(
        self,
        actor: Actor | str,
        status: str,
        *,
        number: str | None = None,
        provider: str | None = None,
        case: str | None = None,
        resolved: bool = False,
        event_key: str | None = None,
    ) -> TicketView:
        """A provider update, by an engineer (``number``) or the provider's webhook (case).

        ``event_key`` (the provider's event id, or a hash of the request) makes a
        retried webhook act once: it is claimed in the transaction of the update.

        Raises:
            NotFound: no ticket carries that case.
            UpdateAlreadyApplied: ``event_key`` was applied before.
        """
        if isinstance(actor, Actor) and not actor.is_staff:
            raise NotAllowed()
        status = " ".join(status.split())
        if not status:
            raise BadInput("status", example="/upstream T-1001 status Engineers are on site")
        try:
            return self._update(actor, status, number, provider, case, resolved, event_key)
        except IntegrityError:
            raise UpdateAlreadyApplied() from None

    def _update(
        self,
        actor: Actor | str,
        status: str,
        number: str | None,
        provider: str | None,
        case: str | None,
        resolved: bool,
        event_key: str | None,
    ) -> TicketView:
        with session_scope(self._store.engine) as session:
            if event_key is not None:
                session.add(
                    JobClaim(
                        job=f"{UPDATE_CLAIM_JOB}:{provider}",
                        period=event_key,
                        claimed_by=WORKER_ID,
                        claimed_at=to_db(self._store.clock()),
                    )
                )
                session.flush()
            if number is not None and isinstance(actor, Actor):
                tickets = [self._store.load(session, actor, number)]
            else:  # every ticket that carries the case (linked on purpose) hears it
                tickets = list(
                    session.exec(
                        select(Ticket)
                        .where(Ticket.upstream_provider == provider, Ticket.upstream_case == case)
                        .order_by(col(Ticket.id))
                    ).all()
                )
                if not tickets:
                    raise NotFound(what="case", name=str(case))
            for ticket in tickets:
                self._apply_update(session, ticket, actor, status, resolved)
            return to_view(tickets[0])

    def _apply_update(
        self, session: Session, ticket: Ticket, actor: Actor | str, status: str, resolved: bool
    ) -> None:
        """One ticket hears the provider: its status line, its customer, its clock."""
        old = ticket.upstream_status
        ticket.upstream_status = clip(status, 200)
        ticket.upstream_updated_at = to_db(self._store.clock())
        self._store.record(session, ticket, actor, "upstream_update", old, ticket.upstream_status)
        notice = Reply(
            kind="notice_upstream_update",
            data={
                "ticket": to_view(ticket),
                "provider": self.provider_name,
                "status": ticket.upstream_status,
                "written_in": written_in(ticket.upstream_status),
                "resolved": resolved,
            },
        )
        self._store.notify(session, self._store.notices.customer_thread(ticket, notice))
        if resolved and ticket.status == TicketStatus.WAITING_ON_PROVIDER:
            old_status = TicketStatus(ticket.status)
            ticket.status = str(TicketStatus.OPEN)
            self._store.sla.on_status_change(ticket, old_status, self._store.clock())
            self._store.record(session, ticket, actor, "status", str(old_status), ticket.status)
