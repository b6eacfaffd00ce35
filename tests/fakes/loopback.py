"""The guard every test of the front ends and outbound edges runs under: loopback only."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import pytest


def guard_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any connection beyond 127.0.0.1/::1 (real Slack, Telegram or mail included)."""
    real_connect = socket.socket.connect

    def connect(sock: socket.socket, address: Any) -> Any:
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]
            try:
                loopback = ipaddress.ip_address(host).is_loopback
            except ValueError:
                loopback = host == "localhost"
            if not loopback:
                raise AssertionError(f"test tried to leave loopback: {address!r}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
