"""Every command × every role × own and foreign customer: no leaks, no privilege escalation."""

from __future__ import annotations

import pytest

from bot.enums import Role
from bot.rendering import Renderer
from bot.router import ACTIONS, ROUTES
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
ARGS = {
    "ticket new": "Another problem",
    "ticket": "T-1001",
    "take": "T-1001",
    "reply": "T-1001 hello",
    "severity": "T-1001 A",
    "status": "T-1001 waiting",
    "set": "T-1001 impact big",
    "resolve": "T-1001 done",
    "escalate": "T-1001",
    "upstream": "T-1001 CASE-1",
    "kb": "password",
    "link": "acme",
    "health": "",
    "digest": "",
}


@pytest.fixture
def acme_ticket(say: Say) -> str:
    return say(f"/ticket new {SECRET}").data["ticket"].number


@pytest.mark.parametrize("persona", sorted(PERSONAS))
@pytest.mark.parametrize("command", [r.command for r in ROUTES])
def test_commands(say: Say, acme_ticket: str, console: Renderer, persona: str, command: str):
    channel, user, role, customer = PERSONAS[persona]
    route = next(r for r in ROUTES if r.command == command)
    reply = say(f"/{command} {ARGS.get(command, '')}".strip(), channel=channel, user=user)
    text = console.render(reply)
    if role is None:
        # An unlinked chat may only try a link code; anything else is refused.
        expected = {"error_link_code"} if command in ("link", "start") else set()
        assert reply.kind in {"error_unknown_sender", *expected}
    elif not role.at_least(route.min_role):
        assert reply.kind == "error_not_allowed"
    if customer != "acme" and role is not None and not role.at_least(Role.ENGINEER):
        assert SECRET not in text
        assert "T-1001" not in text or reply.kind in ("error_not_found", "error_not_allowed")
    if role is None:
        assert SECRET not in text


@pytest.mark.parametrize("persona", sorted(PERSONAS))
@pytest.mark.parametrize("action", [r.command for r in ACTIONS])
def test_buttons(say: Say, acme_ticket: str, console: Renderer, persona: str, action: str):
    channel, user, role, customer = PERSONAS[persona]
    route = next(r for r in ACTIONS if r.command == action)
    asked = say("how do I reset my password", channel="C_ACME", user="U_ACME_USER")
    value = acme_ticket if action.startswith("ticket_") else asked.actions[0].value
    reply = say("", channel=channel, user=user, action_id=action, action_value=value)
    text = console.render(reply)
    if role is None:
        assert reply.kind == "error_unknown_sender"
    elif not role.at_least(route.min_role):
        assert reply.kind == "error_not_allowed"
    elif customer == "globex":
        # Another customer's ticket or answer: not found, and nothing of it shown.
        assert reply.kind == "error_not_found"
        assert SECRET not in text
