"""The one way a time is shown to people: in their zone, written as their language writes it.

Every template filter that shows a moment (``when``, ``local``) comes here, so a time a
customer reads is in the customer's zone (the reply's ``zone``: the customer's
``timezone``, else the reseller's) and shaped for the reply's language:

- en: ``2026-11-24 18:00 MSK``
- ru: ``24.11.2026 18:00 MSK``
- zh: ``2026年11月24日 18:00（UTC+8）``

A zone whose abbreviation is only a number (``+05``) is named by its offset from UTC
(``UTC+5``); Chinese readers get the offset always, since ``CST`` names US Central too.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

# Date and clock per language; the zone's label is added after (see zone_label).
PATTERNS = {
    "en": "%Y-%m-%d %H:%M",
    "ru": "%d.%m.%Y %H:%M",
    "zh": "%Y年%m月%d日 %H:%M",
}


def to_moment(value: datetime | str) -> datetime:
    """An aware datetime from a datetime or ISO text (the outbox stores times as text).

    A naive value is taken as UTC: the database stores aware UTC times.
    """
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _offset(moment: datetime) -> str:
    delta = moment.utcoffset() or timedelta(0)
    if not delta:
        return "UTC"
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_label(moment: datetime, lang: str = "en") -> str:
    """How the zone of a localized ``moment`` is named for a reader of ``lang``."""
    abbreviation = moment.strftime("%Z")
    if lang == "zh" or not abbreviation or abbreviation[0] in "+-":
        return _offset(moment)
    return abbreviation


def format_when(
    value: datetime | str | None,
    fmt: str | None = None,
    *,
    tz: str | None = None,
    lang: str = "en",
) -> str:
    """A moment as a reader sees it: in zone ``tz`` (UTC when None), in ``lang``'s shape.

    Args:
        value: an aware datetime or ISO text; None shows as nothing.
        fmt: an explicit strftime pattern (no zone label is added), e.g. ``%Y-%m-%d``.
        tz: an IANA zone name (``Europe/Moscow``).
        lang: ``en``, ``ru`` or ``zh`` (anything else is written as English).
    """
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime | str):
        return str(value)  # not a time: shown as it is (and escaped like any value)
    moment = to_moment(value).astimezone(ZoneInfo(tz) if tz else UTC)
    if fmt is not None:
        return moment.strftime(fmt)
    text = moment.strftime(PATTERNS.get(lang, PATTERNS["en"]))
    label = zone_label(moment, lang)
    return f"{text}（{label}）" if lang == "zh" else f"{text} {label}"
