"""``kind: http``: an HTTP(S) endpoint answers with the expected status (and text), quickly."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from bot.enums import ServiceState
from bot.services.health.http_probe import ProbeError, fetch
from bot.services.health.probes.base import CheckResult, NetworkCheck
from bot.settings.base import HttpUrl

TEXT_LIMIT = 256 * 1024


class HttpCheck(NetworkCheck):
    """Operational on an expected status; partial outage when ``expect_text`` is missing;
    degraded when slower than ``degraded_after_ms``; major outage otherwise."""

    kind: Literal["http"]
    url: HttpUrl
    method: Literal["GET", "HEAD", "POST", "OPTIONS"] = "GET"
    expect_status: list[int] = [200]
    expect_text: str | None = None
    degraded_after_ms: float | None = Field(None, gt=0)

    async def probe(self, now: datetime) -> CheckResult:
        limit = TEXT_LIMIT if self.expect_text else 0
        try:
            answer = await fetch(
                self.url, method=self.method, timeout=self.timeout_seconds, body_limit=limit
            )
        except TimeoutError:
            return CheckResult("http", ServiceState.MAJOR_OUTAGE, "timeout")
        except ProbeError as exc:
            return CheckResult("http", ServiceState.MAJOR_OUTAGE, str(exc))
        ms = round(answer.elapsed_ms, 1)
        if answer.status not in self.expect_status:
            return CheckResult("http", ServiceState.MAJOR_OUTAGE, f"HTTP {answer.status}", ms)
        if self.expect_text and self.expect_text.encode() not in answer.body:
            return CheckResult("http", ServiceState.PARTIAL_OUTAGE, "expected text missing", ms)
        if self.degraded_after_ms and answer.elapsed_ms > self.degraded_after_ms:
            return CheckResult("http", ServiceState.DEGRADED, f"slow: {ms:.0f} ms", ms)
        return CheckResult("http", ServiceState.OPERATIONAL, f"HTTP {answer.status}", ms)
