"""The service catalog and how its health is watched; check kinds come from their registry."""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field

from bot.enums import ServiceState
from bot.services.health.probes import CheckConfig
from bot.settings.base import Duration, Slug, Strict


class ServiceConfig(Strict):
    """A product customers use; ``checks`` are any of the kinds in the probe registry."""

    id: Slug
    name: str
    status: ServiceState = ServiceState.OPERATIONAL
    note: str = ""
    keywords: list[str] = []
    public: bool = True
    checks: list[CheckConfig] = []
    confirm_after: int | None = Field(None, ge=1, le=100)


class HealthConfig(Strict):
    """How service checks run and how state changes are announced."""

    interval_seconds: float = Field(60.0, ge=1)
    confirm_after: int = Field(3, ge=1, le=100)
    announce_hold: Duration = timedelta(minutes=15)
    max_concurrency: int = Field(500, ge=1, le=5000)
    status_page_title: str = ""
