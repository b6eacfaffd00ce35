"""The route table: commands, buttons and free text reach the right handler for each role."""

from __future__ import annotations

import pytest

from bot.enums import Platform, Role
from bot.messages import InboundMessage
from bot.router import Match, match, split_command


def _msg(text: str, **kw: str) -> InboundMessage:
    return InboundMessage(Platform.CONSOLE, channel="acme", user="u", text=text, **kw)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/ticket new VPN is down", ("ticket new", "VPN is down")),
        ("/TICKET New  VPN is down", ("ticket new", "VPN is down")),
        ("/ticket T-1001", ("ticket", "T-1001")),
        ("/tickets", ("tickets", "")),
        ("/health@supportbot mail", ("health", "mail")),
        ("/", ("", "")),
        ("how do I reset my password?", None),
        ("//not a command", None),
    ],
)
def test_split_command(text: str, expected: tuple[str, str] | None) -> None:
    assert split_command(text) == expected


def test_free_text_goes_to_the_knowledge_base() -> None:
    found = match(_msg("my VPN keeps dropping"), Role.CUSTOMER)
    assert found.match is Match.NONE
    assert found.route.command == "ask"


def test_manager_command_is_a_partial_match_for_customers_and_engineers() -> None:
    assert match(_msg("/digest"), Role.CUSTOMER).match is Match.PARTIAL
    assert match(_msg("/digest"), Role.ENGINEER).match is Match.PARTIAL
    assert match(_msg("/digest"), Role.MANAGER).match is Match.FULL


def test_unknown_command_is_routed_to_the_help() -> None:
    found = match(_msg("/frobnicate now"), Role.CUSTOMER)
    assert found.match is Match.FULL
    assert found.route.command == "unknown"


def test_button_press_carries_its_value_as_args() -> None:
    found = match(_msg("", action_id="kb_helped", action_value="42"), Role.CUSTOMER)
    assert found.route.command == "kb_helped"
    assert found.args == "42"
