"""What every health-check kind shares: its result type and the base of its settings model.

A check kind is one settings model (its ``kind`` literal and fields, validated when
the config loads) whose ``probe`` looks at the service once. The registry in
``__init__.py`` lists the kinds; nothing else branches on ``kind``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from pydantic import Field

from bot.enums import ServiceState
from bot.services.health.feeds import FeedError, FeedReading
from bot.services.health.http_probe import ProbeError, fetch
from bot.settings.base import Strict

PROVIDER_PAGE_LIMIT = 2 * 1024 * 1024


@dataclass(frozen=True)
class CheckResult:
    """One probe's verdict. ``state`` None means "no information" (a provider feed
    could not be read): it neither confirms nor breaks a streak."""

    kind: str
    state: ServiceState | None
    detail: str
    latency_ms: float | None = None


class BaseCheck(Strict):
    """A check of a service. Kinds that probe nothing set ``probed = False``."""

    kind: str
    probed: ClassVar[bool] = True

    async def probe(self, now: datetime) -> CheckResult:
        """Look at the service once (never raises: failures are results)."""
        raise NotImplementedError(f"{self.kind} checks do not probe")


class NetworkCheck(BaseCheck):
    """A check that reaches over the network, within ``timeout_seconds``."""

    timeout_seconds: float = Field(5.0, gt=0, le=120)


async def read_provider_page(
    check: NetworkCheck, url: str, read: Callable[[bytes], FeedReading]
) -> CheckResult:
    """Fetch a provider's status document and read it; unreadable means no information.

    Our view of a provider does not go red because the provider's own page is slow.
    """
    try:
        answer = await fetch(url, timeout=check.timeout_seconds, body_limit=PROVIDER_PAGE_LIMIT)
        if answer.status != 200:
            return CheckResult(check.kind, None, f"HTTP {answer.status}")
        reading = read(answer.body)
    except (TimeoutError, ProbeError, FeedError) as exc:
        return CheckResult(check.kind, None, str(exc) or type(exc).__name__)
    return CheckResult(check.kind, reading.state, reading.detail)
