"""``/support <sub>`` → the core's command text."""

from __future__ import annotations

import pytest

from bot.adapters.slack._commands import to_core_command


@pytest.mark.parametrize(
    ("typed", "core"),
    [
        ("", "/help"),
        ("   ", "/help"),
        ("help", "/help"),
        ("health", "/health"),
        ("health vpn", "/health vpn"),
        ("tickets", "/tickets"),
        ("tickets open A mine", "/tickets open A mine"),
        ("show T-1001", "/ticket T-1001"),
        ("SHOW T-1001", "/ticket T-1001"),
        ("take T-1001", "/take T-1001"),
        ("reply T-1001 We restarted the gateway.", "/reply T-1001 We restarted the gateway."),
        ("severity T-1001 A", "/severity T-1001 A"),
        ("resolve T-1001 fixed", "/resolve T-1001 fixed"),
        ("kb search reset password", "/kb reset password"),
        ("kb vpn", "/kb vpn"),
        ("link acme", "/link acme"),
        ("frobnicate now", "/frobnicate now"),
        ("/take T-1", "/take T-1"),
        ("<!channel>", "/help"),
    ],
)
def test_subcommands_translate_to_core_commands(typed: str, core: str) -> None:
    assert to_core_command(typed) == core
