"""A front end that cannot reach its platform is retried with backoff, alone."""

from __future__ import annotations

import asyncio

import pytest
from starlette.routing import BaseRoute

from bot.errors import ConfigError
from bot.front_end_supervisor import Backoff, FrontEndSupervisor


def test_backoff_doubles_up_to_a_ceiling_with_jitter() -> None:
    backoff = Backoff(first=2, most=60, jitter=0.2)
    middle = [backoff.delay(n, draw=lambda: 0.5) for n in range(1, 8)]
    assert middle == [2, 4, 8, 16, 32, 60, 60]
    assert backoff.delay(1, draw=lambda: 0.0) == pytest.approx(1.6)
    assert backoff.delay(1, draw=lambda: 1.0) == pytest.approx(2.4)


class Flaky:
    """Fails ``failures`` times, then starts; counts what happened."""

    name = "flaky"

    def __init__(self, failures: int, error: Exception | None = None) -> None:
        self.failures = failures
        self.error = error or TimeoutError("api.flaky.example timed out")
        self.attempts = 0
        self.stopped = False

    def routes(self) -> list[BaseRoute]:
        return []

    def describe(self) -> str:
        return "test"

    async def start(self) -> None:
        self.attempts += 1
        if self.attempts <= self.failures:
            raise self.error

    async def stop(self) -> None:
        self.stopped = True


def test_a_front_end_is_retried_until_its_platform_answers() -> None:
    async def scenario() -> list[str]:
        front_end = Flaky(failures=2)
        supervisor = FrontEndSupervisor(front_end, Backoff(first=0.01, most=0.02))
        await supervisor.start()  # returns at once: the server does not wait
        seen = [supervisor.status.state]
        for _ in range(200):
            if supervisor.status.state == "connected":
                break
            await asyncio.sleep(0.01)
        seen.append(supervisor.status.state)
        assert supervisor.status.attempts == front_end.attempts == 3
        await supervisor.stop()
        seen.append(supervisor.status.state)
        assert front_end.stopped
        return seen

    assert asyncio.run(scenario()) == ["retrying", "connected", "stopped"]


def test_stopping_ends_the_retries() -> None:
    async def scenario() -> int:
        front_end = Flaky(failures=10**6)
        supervisor = FrontEndSupervisor(front_end, Backoff(first=0.01, most=0.01))
        await supervisor.start()
        await asyncio.sleep(0.05)
        await supervisor.stop()
        attempts = front_end.attempts
        await asyncio.sleep(0.05)
        assert front_end.attempts == attempts  # nothing runs after stop
        return attempts

    assert asyncio.run(scenario()) >= 2


def test_a_configuration_error_is_not_retried() -> None:
    async def scenario() -> None:
        front_end = Flaky(failures=1, error=ConfigError("environment", "X_TOKEN", "not set"))
        await FrontEndSupervisor(front_end).start()

    with pytest.raises(ConfigError, match="X_TOKEN"):
        asyncio.run(scenario())
