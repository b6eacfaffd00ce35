"""How a service's state reads to someone: now, and in a customer's language.

Staff read a service by the name they type and a note in every language it was written
in; a customer reads the name in their language (``services[].names``) and their part of
the note, or the note as written with a line saying which language it is in.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlmodel import Session

from bot.clock import from_db
from bot.db.models import ServiceHealth
from bot.enums import ServiceState
from bot.languages import localized_note
from bot.messages import Actor
from bot.services.health.incidents import to_incident_view
from bot.services.health.ledger import open_incidents
from bot.services.health.states import rank
from bot.services.health.views import ServiceStatus
from bot.settings import Config, ServiceConfig

SPOKEN = ("manual", "config")  # incidents whose words customers may read


def reader(actor: Actor) -> str | None:
    """The language names and notes are given in: a customer's; None for staff."""
    return None if actor.is_staff else actor.language


def all_names(service: ServiceConfig) -> list[str]:
    """Every name people may call the service by (``/health Почта``)."""
    return [service.name, *service.names.values()]


def service_status(
    session: Session,
    service: ServiceConfig,
    config: Config,
    staff: bool,
    lang: str | None = None,
    now: datetime | None = None,
) -> ServiceStatus:
    """The service now; with ``lang`` (a customer's), its name and note in that language.
    The next update promised shows only while it is ahead of ``now``: a passed promise is
    the engineers' to keep (they are reminded), not a time to show customers."""
    status = _raw_status(session, service, config, staff)
    if status.next_update is not None and (now is None or status.next_update <= now):
        status = replace(status, next_update=None)
    if lang is None:
        return status
    note = localized_note(status.note, lang, config.reseller.default_language)
    return replace(status, name=service.name_in(lang), note=note)


def _raw_status(
    session: Session, service: ServiceConfig, config: Config, staff: bool
) -> ServiceStatus:
    row = session.get(ServiceHealth, service.id)
    if row is None:
        return ServiceStatus(service.id, service.name, service.status, service.note)
    incidents = open_incidents(session, service.id)
    spoken = [i for i in incidents if i.source in SPOKEN]
    top = max(incidents, key=lambda i: rank(i.state), default=None)
    note, updated, promised = "", None, None
    if spoken:
        view = to_incident_view(session, max(spoken, key=lambda i: rank(i.state)), config)
        note, promised = view.latest, view.next_update
        written = [u.at for u in view.updates if u.text]
        updated = written[-1] if written else view.opened_at
    return ServiceStatus(
        service.id,
        service.name,
        ServiceState(row.state),
        note,
        from_db(row.since),
        top.id if top else None,
        row.detail if staff else "",
        updated,
        promised,
    )
