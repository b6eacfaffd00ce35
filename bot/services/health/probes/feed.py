"""``kind: feed``: a provider's RSS or Atom incident feed."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from pydantic import Field

from bot.enums import ServiceState
from bot.services.health.feeds import read_feed
from bot.services.health.probes.base import CheckResult, NetworkCheck, read_provider_page
from bot.settings.base import HttpUrl


class FeedCheck(NetworkCheck):
    """``feed_state`` while the newest item matching ``match`` is recent and unresolved;
    operational otherwise; an unreadable feed is "no information"."""

    kind: Literal["feed"]
    url: HttpUrl
    match: str | None = None
    feed_window_hours: float = Field(6.0, gt=0)
    feed_state: ServiceState = ServiceState.DEGRADED

    async def probe(self, now: datetime) -> CheckResult:
        window = timedelta(hours=self.feed_window_hours)
        return await read_provider_page(
            self,
            self.url,
            lambda body: read_feed(
                body, now, match=self.match, window=window, trouble=self.feed_state
            ),
        )
