"""Fixtures for service tests: a fake mail server on 127.0.0.1, and the loopback guard."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.loopback import guard_loopback
from tests.fakes.smtp import FakeMailServer


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    guard_loopback(monkeypatch)


@pytest.fixture
def smtp() -> Iterator[FakeMailServer]:
    with FakeMailServer() as server:
        yield server
