"""Every front-end test runs under the loopback guard: nothing reaches a real platform."""

from __future__ import annotations

import pytest

from tests.fakes.loopback import guard_loopback


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    guard_loopback(monkeypatch)
