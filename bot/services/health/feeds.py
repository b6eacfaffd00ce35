"""Reading providers' status: a Statuspage summary.json and an RSS/Atom incident feed."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from xml.etree import ElementTree

from bot.enums import ServiceState

STATUSPAGE_STATES = {
    "operational": ServiceState.OPERATIONAL,
    "degraded_performance": ServiceState.DEGRADED,
    "partial_outage": ServiceState.PARTIAL_OUTAGE,
    "major_outage": ServiceState.MAJOR_OUTAGE,
    "under_maintenance": ServiceState.MAINTENANCE,
}
_ATOM = "{http://www.w3.org/2005/Atom}"
_RESOLVED = re.compile(r"\b(resolved|completed|fixed|recovered|restored)\b", re.IGNORECASE)
_MAINTENANCE = re.compile(r"\b(maintenance|scheduled)\b", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")


class FeedError(ValueError):
    """The document is not what the check expects (the provider's page changed?)."""


@dataclass(frozen=True)
class FeedReading:
    state: ServiceState
    detail: str


def read_statuspage(body: bytes, component: str) -> FeedReading:
    """The state of ``component`` (its name or id) in a ``/api/v2/summary.json``.

    Raises:
        FeedError: not JSON, or no such component.
    """
    try:
        summary = json.loads(body)
        components = summary.get("components") or []
    except (ValueError, AttributeError):
        raise FeedError("not a Statuspage summary") from None
    wanted = component.strip().lower()
    found = next(
        (c for c in components if wanted in (str(c.get("id")).lower(), str(c.get("name")).lower())),
        None,
    )
    if found is None:
        raise FeedError(f"no component {component!r}")
    state = STATUSPAGE_STATES.get(str(found.get("status")), ServiceState.DEGRADED)
    detail = ""
    for incident in summary.get("incidents") or []:
        ids = {str(c.get("id")) for c in incident.get("components") or []}
        if found.get("id") in ids or not ids:
            detail = str(incident.get("name") or "")
            break
    return FeedReading(state, detail)


@dataclass(frozen=True)
class FeedItem:
    title: str
    text: str
    at: datetime | None


def _when(value: str | None) -> datetime | None:
    if not value:
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None


def parse_feed(body: bytes) -> list[FeedItem]:
    """Items of an RSS 2.0 or Atom feed, as written (newest usually first).

    Raises:
        FeedError: not XML, or neither RSS nor Atom.
    """
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        raise FeedError("not XML") from None
    items = []
    for item in root.iter("item"):
        items.append(
            FeedItem(
                item.findtext("title") or "",
                _TAGS.sub(" ", item.findtext("description") or ""),
                _when(item.findtext("pubDate")),
            )
        )
    for entry in root.iter(f"{_ATOM}entry"):
        text = entry.findtext(f"{_ATOM}content") or entry.findtext(f"{_ATOM}summary") or ""
        items.append(
            FeedItem(
                entry.findtext(f"{_ATOM}title") or "",
                _TAGS.sub(" ", text),
                _when(entry.findtext(f"{_ATOM}updated") or entry.findtext(f"{_ATOM}published")),
            )
        )
    if not items and root.tag not in ("rss", f"{_ATOM}feed"):
        raise FeedError("neither RSS nor Atom")
    return items


def read_feed(
    body: bytes,
    now: datetime,
    *,
    match: str | None,
    window: timedelta,
    trouble: ServiceState,
) -> FeedReading:
    """The state an incident feed implies: its newest matching item, if recent and unresolved.

    An item saying resolved/completed means operational; one about maintenance
    means maintenance; any other recent item means ``trouble``.
    """
    items = [
        i
        for i in parse_feed(body)
        if i.at is not None and (not match or match.lower() in f"{i.title} {i.text}".lower())
    ]
    if not items:
        return FeedReading(ServiceState.OPERATIONAL, "")
    newest = max(items, key=lambda i: i.at or now)
    words = f"{newest.title} {newest.text}"
    if newest.at is None or now - newest.at > window or _RESOLVED.search(words):
        return FeedReading(ServiceState.OPERATIONAL, "")
    if _MAINTENANCE.search(words):
        return FeedReading(ServiceState.MAINTENANCE, newest.title)
    return FeedReading(trouble, newest.title)
