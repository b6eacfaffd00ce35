"""``kind: statuspage``: one component of a provider's Statuspage ``summary.json``."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from bot.services.health.feeds import read_statuspage
from bot.services.health.probes.base import CheckResult, NetworkCheck, read_provider_page
from bot.settings.base import HttpUrl


class StatuspageCheck(NetworkCheck):
    """The state the provider gives ``component`` (its name or id); an unreadable page
    or a missing component is "no information"."""

    kind: Literal["statuspage"]
    url: HttpUrl
    component: str = Field(min_length=1)

    async def probe(self, now: datetime) -> CheckResult:
        return await read_provider_page(
            self, self.url, lambda body: read_statuspage(body, self.component)
        )
