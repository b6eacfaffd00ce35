"""``kind: tcp``: a TCP port accepts connections, quickly."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from typing import Literal

from pydantic import Field

from bot.enums import ServiceState
from bot.services.health.probes.base import CheckResult, NetworkCheck


class TcpCheck(NetworkCheck):
    """Operational when ``host:port`` connects; degraded when slower than
    ``degraded_after_ms``; major outage when refused or timed out."""

    kind: Literal["tcp"]
    host: str = Field(min_length=1)
    port: int = Field(ge=1, le=65535)
    degraded_after_ms: float | None = Field(None, gt=0)

    async def probe(self, now: datetime) -> CheckResult:
        started = time.perf_counter()
        try:
            async with asyncio.timeout(self.timeout_seconds):
                _reader, writer = await asyncio.open_connection(self.host, self.port)
        except TimeoutError:
            return CheckResult("tcp", ServiceState.MAJOR_OUTAGE, "timeout")
        except OSError as exc:
            return CheckResult("tcp", ServiceState.MAJOR_OUTAGE, f"connect: {exc.strerror or exc}")
        writer.close()
        ms = round((time.perf_counter() - started) * 1000, 1)
        if self.degraded_after_ms and ms > self.degraded_after_ms:
            return CheckResult("tcp", ServiceState.DEGRADED, f"slow: {ms:.0f} ms", ms)
        return CheckResult("tcp", ServiceState.OPERATIONAL, "connected", ms)
