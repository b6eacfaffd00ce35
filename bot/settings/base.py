"""Pieces every settings model shares: the strict base, key problems, and checked value types.

A value type here (a time zone, a duration, an http(s) URL, a slug) validates once
and explains itself, so each section's model stays a plain list of fields.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

Language = Literal["en", "ru", "zh"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,62}$")]

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([dhm])\s*$")


class Strict(BaseModel):
    """Unknown keys are errors (a typo must not be ignored) and loaded settings never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class KeyProblem(ValueError):
    """A problem a validator found, with the full key it belongs to (``sla.policies[0]...``)."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}")
        self.key = key
        self.problem = problem


def known_timezone(value: str) -> str:
    """An IANA time zone name, checked against the zone database.

    Raises:
        ValueError: the zone is unknown.
    """
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r} (use an IANA name)") from None
    return value


TimeZoneName = Annotated[str, AfterValidator(known_timezone)]


def parse_duration(value: Any) -> timedelta:
    """``"2h"``, ``"30m"``, ``"1.5d"`` or a number of hours → timedelta.

    Raises:
        ValueError: the value is none of those.
    """
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return timedelta(hours=value)
    match = _DURATION.match(str(value))
    if not match:
        raise ValueError(f"expected a duration like 2h, 30m or 1d, got {value!r}")
    amount, unit = float(match.group(1)), match.group(2)
    units = {"d": "days", "h": "hours", "m": "minutes"}
    return timedelta(**{units[unit]: amount})


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]


def http_url(value: str) -> str:
    """A URL the bot can fetch or post to: http:// or https://.

    Raises:
        ValueError: another scheme, or no scheme.
    """
    if not re.match(r"^https?://[^\s/]+", value):
        raise ValueError(f"must start with http:// or https://, got {value!r}")
    return value


HttpUrl = Annotated[str, AfterValidator(http_url)]
