"""Every command and button × every role × own and foreign customer: no leaks, no escalation.

The matrix is the route table itself: each command runs with its route's example
arguments and each button with a value of the kind its parser reads, so a new
route is covered the moment it is added.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot import arguments
from bot.enums import Role
from bot.rendering import Renderer
from bot.router import ACTIONS, ROUTES, Route
from tests.conftest import Say

SECRET = "Acme payroll server 10.1.2.3 is down"
PERSONAS = {
    # name: (channel, user, role the router should see, customer)
    "acme-customer": ("C_ACME", "U_ACME_USER", Role.CUSTOMER, "acme"),
    "globex-customer": ("C_GLOBEX", "U_GLOBEX_USER", Role.CUSTOMER, "globex"),
    "engineer": ("C_ENG", "U_ALICE", Role.ENGINEER, None),
    "manager": ("C_MGMT", "U_MARIA", Role.MANAGER, None),
    "stranger": ("C_UNKNOWN", "U_EVE", None, None),
}
# Buttons whose value is not a question or a ticket, and what it is instead.
BUTTON_VALUES: dict[Any, str] = {arguments.severity: "A", arguments.nothing: ""}


@pytest.fixture
def acme_ticket(say: Say) -> str:
    return say(f"/ticket new {SECRET}").data["ticket"].number


def _route(table: tuple[Route[Any], ...], command: str) -> Route[Any]:
    return next(r for r in table if r.command == command)


@pytest.mark.parametrize("persona", sorted(PERSONAS))
@pytest.mark.parametrize("command", [r.command for r in ROUTES])
def test_commands(say: Say, acme_ticket: str, console: Renderer, persona: str, command: str):
    channel, user, role, customer = PERSONAS[persona]
    route = _route(ROUTES, command)
    reply = say(f"/{command} {route.example}".strip(), channel=channel, user=user)
    text = console.render(reply)
    if role is None:
        # An unlinked chat may only try a link code; anything else is refused.
        expected = {"error_link_code"} if command in ("link", "start") else set()
        assert reply.kind in {"error_unknown_sender", *expected}
        assert SECRET not in text
    elif not role.at_least(route.min_role):
        assert reply.kind == "error_not_allowed"
    if customer != "acme" and role is not None and not role.at_least(Role.ENGINEER):
        assert SECRET not in text
        assert "T-1001" not in text or reply.kind in ("error_not_found", "error_not_allowed")


def _button_value(route: Route[Any], question: str, ticket: str) -> str:
    if route.parse in BUTTON_VALUES:
        return BUTTON_VALUES[route.parse]
    return question if route.parse in (arguments.question, arguments.ticket_request) else ticket


@pytest.mark.parametrize("persona", sorted(PERSONAS))
@pytest.mark.parametrize("action", [r.command for r in ACTIONS])
def test_buttons(say: Say, acme_ticket: str, console: Renderer, persona: str, action: str):
    channel, user, role, customer = PERSONAS[persona]
    route = _route(ACTIONS, action)
    asked = say("how do I reset my password", channel="C_ACME", user="U_ACME_USER")
    value = _button_value(route, asked.actions[0].value, acme_ticket)
    fields = {"subject": SECRET} if route.parse is arguments.ticket_request else {}
    reply = say("", channel=channel, user=user, action_id=action, action_value=value, fields=fields)
    text = console.render(reply)
    if role is None:
        assert reply.kind == "error_unknown_sender"
    elif not role.at_least(route.min_role):
        assert reply.kind == "error_not_allowed"
    elif customer == "globex":
        # Another customer's ticket or question: not found; a step of a conversation
        # this person never started: expired. Nothing of acme's is shown either way.
        assert reply.kind in ("error_not_found", "ticket_draft_expired", "ticket_draft_cancelled")
        assert SECRET not in text
        assert acme_ticket not in text or reply.kind == "error_not_found"  # the value they sent
