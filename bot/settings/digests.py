"""Managers' digests: who gets one, when, for which customers; the mail server for e-mailed ones."""

from __future__ import annotations

import re

from pydantic import Field, field_validator

from bot.enums import Platform
from bot.settings.base import WEEKDAYS, Language, Slug, Strict, TimeZoneName, Weekday


class DigestRecipient(Strict):
    """Where a digest goes: a chat on any platform (a Slack channel, a Telegram chat), an
    e-mail address, or stdout (``console``)."""

    platform: str  # a Platform, or "email"
    id: str = Field(min_length=1)

    @field_validator("platform")
    @classmethod
    def _known_platform(cls, value: str) -> str:
        known = [*(str(p) for p in Platform), "email"]  # a new front end is a new Platform
        if value not in known:
            raise ValueError(f"expected one of {', '.join(map(repr, known))}")
        return value


class DigestConfig(Strict):
    """One scheduled digest: who gets it, when (local time, weekdays), for which customers."""

    name: Slug
    recipient: DigestRecipient
    time: str = "09:00"
    timezone: TimeZoneName | None = None
    weekdays: list[Weekday] = list(WEEKDAYS)
    customers: list[Slug] = []
    language: Language = "en"

    @field_validator("time")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        if not re.match(r"^([01]\d|2[0-3]):[0-5]\d$", value.strip()):
            raise ValueError(f"expected HH:MM, got {value!r}")
        return value.strip()


class SmtpConfig(Strict):
    """The mail server digests are sent through (password: ``$SMTP_PASSWORD``)."""

    host: str = "127.0.0.1"
    port: int = 25
    sender: str
    starttls: bool = False
    username: str | None = None
    timeout_seconds: float = Field(10.0, gt=0)
