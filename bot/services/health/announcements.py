"""Telling people: state changes and incident updates to subscribers and engineers.

Notices go into the outbox in the caller's transaction, each with a dedupe key made
of the change (or update) id and the chat, so a retried or concurrent run can never
send one twice. Flapping is held back: announcements driven by checks go out at most
once per service per ``hold``; what changed meanwhile is announced when the hold ends,
and only if the state then differs from what people were last told.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlmodel import Session, func, select

from bot.clock import from_db, to_db
from bot.db.models import IncidentUpdate, ServiceHealth, ServiceIncident, ServiceStateChange
from bot.enums import Platform, ServiceState
from bot.languages import localized_note
from bot.messages import Notice, Reply
from bot.services.health.subscriptions import Audience
from bot.services.notices import NoticeRouter
from bot.services.outbox import Outbox
from bot.settings import Config


@dataclass(frozen=True)
class IncidentNote:
    """An incident as a notice shows it."""

    id: int
    title: str
    text: str
    state: ServiceState
    resolved: bool


def _note(incident: ServiceIncident | None, text: str | None = None) -> IncidentNote | None:
    if incident is None:
        return None
    return IncidentNote(
        incident.id or 0,
        incident.title,
        incident.title if text is None else text,
        ServiceState(incident.state),
        incident.resolved_at is not None,
    )


class Announcer:
    def __init__(self, config: Config, outbox: Outbox, hold: timedelta) -> None:
        self._config = config
        self._outbox = outbox
        self.hold = hold

    def audience(self, session: Session) -> Audience:
        return Audience(session, self._config)

    def _send(
        self,
        session: Session,
        service_id: str,
        key: str,
        kind: str,
        data: dict,
        audience: Audience | None = None,
    ) -> int:
        """Queue one notice per subscribed customer chat and engineers' channel.

        Each customer's chat reads it in the customer's language and zone, with the
        service's name and the note in that language; the engineers read it as written.
        """
        sent = 0
        config = self._config
        audience = audience or self.audience(session)
        replies: list[tuple[Platform, str, Reply]] = []
        for customer in audience.subscribers(service_id):
            for platform, channel in audience.chats(customer):
                lang = config.language_of(customer.id, platform, channel)
                reply = Reply(
                    kind=kind,
                    data=self._localized(data, lang),
                    lang=lang,
                    zone=config.timezone_of(customer.id),
                )
                replies.append((platform, channel, reply))
        staff = Reply(  # the engineers' channel: the reseller's language and zone
            kind=kind,
            data=data,
            lang=config.reseller.default_language,
            zone=config.reseller.timezone,
        )
        replies += [
            (ref.platform, ref.id, staff)
            for ref in config.engineers_channels
            if ref.platform is not Platform.CONSOLE
        ]
        seen: set[tuple[Platform, str]] = set()
        for platform, channel, reply in replies:
            if (platform, channel) in seen:
                continue
            seen.add((platform, channel))
            self._outbox.enqueue_notice(
                Notice(platform, channel, reply),
                session=session,
                dedupe_key=f"{key}:{platform}:{channel}"[:200],
            )
            sent += 1
        return sent

    def _localized(self, data: dict, lang: str) -> dict:
        """``data`` for a reader of ``lang``: the service's name and the note in it."""
        service = self._config.service(data["service_id"])
        localized = dict(data, name=service.name_in(lang) if service else data["name"])
        incident = data.get("incident")
        if incident is not None:
            fallback = self._config.reseller.default_language
            text = localized_note(incident.text, lang, fallback)
            localized["incident"] = replace(incident, text=text)
        return localized

    def due(self, row: ServiceHealth, now: datetime) -> bool:
        """Is there something to tell, and has the hold since the last telling passed?"""
        if row.state == row.announced_state:
            return False
        return row.announced_at is None or now - from_db(row.announced_at) >= self.hold

    def announce_state(
        self,
        session: Session,
        row: ServiceHealth,
        now: datetime,
        incident: ServiceIncident | None = None,
        *,
        change_id: int | None = None,
        audience: Audience | None = None,
        words: str | None = None,
    ) -> int:
        """Tell the current state (against the last told one) to everyone concerned.

        ``words`` are what the engineer just wrote (an update's or a resolution's, empty
        when they wrote none); without them the incident's title is told. A resolution
        must never be followed by the trouble it resolves. The notice is keyed by the
        service's latest change (``change_id`` when the caller knows it), so the same
        change can never be announced twice.
        """
        if change_id is None:
            change_id = session.exec(
                select(func.max(ServiceStateChange.id)).where(
                    ServiceStateChange.service_id == row.service_id
                )
            ).one()
        service = self._config.service(row.service_id)
        data = {
            "service_id": row.service_id,
            "name": service.name if service else row.service_id,
            "old": row.announced_state,
            "new": row.state,
            "since": from_db(row.since),
            "recovered": row.state == ServiceState.OPERATIONAL,
            "detail": row.detail if row.state != ServiceState.OPERATIONAL else "",
            "incident": _note(incident, words),
        }
        row.announced_state = row.state
        row.announced_at = to_db(now)
        session.add(row)
        key = f"health-state:{row.service_id}:{change_id or 0}"
        return self._send(session, row.service_id, key, "notice_service_state", data, audience)

    def announce_update(
        self, session: Session, incident: ServiceIncident, update: IncidentUpdate
    ) -> int:
        """An engineer's update on an incident that did not change the service's state."""
        if update.id is None:
            session.flush()
        service = self._config.service(incident.service_id)
        data = {
            "service_id": incident.service_id,
            "name": service.name if service else incident.service_id,
            "incident": _note(incident, update.text),
        }
        key = f"health-update:{update.id}"
        return self._send(session, incident.service_id, key, "notice_incident_update", data)

    def remind(self, session: Session, incident: ServiceIncident, reply: Reply) -> int:
        """The engineers' channels and the engineer who opened ``incident`` hear that its
        promised update is overdue (``reply``), once per promise (keyed by its time)."""
        router = NoticeRouter(self._config)
        due = from_db(incident.next_update_at).isoformat() if incident.next_update_at else ""
        notices = router.engineers(reply) + router.staff_member(incident.opened_by, reply)
        seen: set[tuple[str, str]] = set()
        for notice in notices:
            if (str(notice.platform), notice.channel) in seen:
                continue
            seen.add((str(notice.platform), notice.channel))
            key = f"incident-due:{incident.id}:{due}:{notice.platform}:{notice.channel}"
            self._outbox.enqueue_notice(notice, session=session, dedupe_key=key[:200])
        return len(seen)
