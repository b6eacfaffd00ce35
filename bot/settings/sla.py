"""SLA settings: business-hours calendars and targets per severity, optionally per tier."""

from __future__ import annotations

import re
from datetime import date

from pydantic import Field, field_validator, model_validator

from bot.settings.base import Duration, KeyProblem, Strict, TimeZoneName, Weekday

_HOURS_RANGE = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")
ROUND_THE_CLOCK = "24x7"


class CalendarConfig(Strict):
    """Business hours: a time zone, opening hours per weekday, and holidays."""

    timezone: TimeZoneName = "UTC"
    hours: dict[Weekday, str] = {}
    holidays: list[date] = []

    @field_validator("hours")
    @classmethod
    def _ranges(cls, value: dict[str, str]) -> dict[str, str]:
        for day, span in value.items():
            match = _HOURS_RANGE.match(span.strip())
            if not match or span.strip()[:5] >= span.strip()[6:]:
                raise ValueError(f"{day}: expected HH:MM-HH:MM with start before end, got {span!r}")
        return value


class SeverityTargets(Strict):
    A: Duration
    B: Duration
    C: Duration


def _targets(a: str, b: str, c: str) -> SeverityTargets:
    return SeverityTargets.model_validate({"A": a, "B": b, "C": c})


class SlaPolicyConfig(Strict):
    """Targets per severity; ``tiers`` limits the policy to customers of those tiers."""

    name: str
    tiers: list[str] = []
    calendar: str = ROUND_THE_CLOCK
    first_response: SeverityTargets = _targets("2h", "4h", "8h")
    resolution: SeverityTargets = _targets("1d", "3d", "5d")
    pause_while_waiting_on_provider: bool = False


class SlaConfig(Strict):
    warn_at: float = Field(0.75, gt=0.0, lt=1.0)
    calendars: dict[str, CalendarConfig] = {}
    policies: list[SlaPolicyConfig] = [SlaPolicyConfig(name="default")]
    scan_seconds: float = Field(60.0, gt=0)

    @model_validator(mode="after")
    def _known_calendars(self) -> SlaConfig:
        for index, policy in enumerate(self.policies):
            if policy.calendar != ROUND_THE_CLOCK and policy.calendar not in self.calendars:
                raise KeyProblem(
                    f"sla.policies[{index}].calendar", f"unknown calendar {policy.calendar!r}"
                )
        return self
