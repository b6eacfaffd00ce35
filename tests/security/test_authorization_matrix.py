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


ACME_THREAD = "1760000000.999999"


@pytest.fixture
def acme_ticket(say: Say) -> str:
    return say(f"/ticket new {SECRET}", thread=ACME_THREAD).data["ticket"].number


def _acme_comment(say: Say, database_url: str) -> str:
    """An acme comment's id (what an "ask it as a new question" button carries)."""
    from sqlmodel import Session, col, select

    from bot.db import create_db_engine
    from bot.db.models import TicketEvent

    assert say(f"{SECRET} again", thread=ACME_THREAD).kind == "ticket_comment_added"
    engine = create_db_engine(database_url)
    with Session(engine) as session:
        event = session.exec(
            select(TicketEvent).where(TicketEvent.kind == "comment").order_by(col(TicketEvent.id))
        ).first()
    assert event is not None
    return str(event.id)


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


def _button_value(say: Say, url: str, route: Route[Any], question: str, ticket: str) -> str:
    if route.parse in BUTTON_VALUES:
        return BUTTON_VALUES[route.parse]
    if route.parse is arguments.comment:
        return _acme_comment(say, url)
    if route.parse is arguments.ticket_question:  # "Add to the ticket": acme's words, ticket
        return f"{ticket} {question}"
    return question if route.parse in (arguments.question, arguments.ticket_request) else ticket


@pytest.mark.parametrize("persona", sorted(PERSONAS))
@pytest.mark.parametrize("action", [r.command for r in ACTIONS])
def test_buttons(
    say: Say, database_url: str, acme_ticket: str, console: Renderer, persona: str, action: str
):
    channel, user, role, customer = PERSONAS[persona]
    route = _route(ACTIONS, action)
    asked = say("how do I reset my password", channel="C_ACME", user="U_ACME_USER")
    value = _button_value(say, database_url, route, asked.actions[0].value, acme_ticket)
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


# Staff command in a customer chat: whatever an engineer types in globex's channel, the
# answer (every customer's tickets, queues, link codes, engineer-only articles) goes to the
# engineer alone; the front ends send a private answer privately (tests/adapters: Slack
# chat.postEphemeral, Telegram the engineer's private chat).
@pytest.mark.parametrize("command", [r.command for r in ROUTES])
def test_staff_command_in_a_customer_chat(say: Say, acme_ticket: str, command: str):
    route = _route(ROUTES, command)
    reply = say(f"/{command} {route.example}".strip(), channel="C_GLOBEX", user="U_ALICE")
    assert reply.private, reply.kind
    in_own_channel = say(f"/{command} {route.example}".strip(), channel="C_ENG", user="U_ALICE")
    assert not in_own_channel.private


@pytest.mark.parametrize("action", [r.command for r in ACTIONS if r.min_role is Role.ENGINEER])
def test_staff_button_in_a_customer_chat(say: Say, acme_ticket: str, action: str):
    reply = say("", channel="C_GLOBEX", user="U_ALICE", action_id=action, action_value=acme_ticket)
    assert reply.private, reply.kind  # acme's ticket, pressed in globex's channel


@pytest.fixture
def linked_to_globex(say: Say) -> str:
    """A chat linked to globex at run time with a code (not in the config)."""
    code = say("/link globex", channel="C_ENG", user="U_ALICE").data["code"]
    assert say(f"/link {code}", channel="C_LINKED", user="U_GLOBEX_ADMIN").kind == "chat_linked"
    return "C_LINKED"


# Linked chat of another customer: a chat linked to globex sees globex's data only, and a
# code for acme redeemed there does not hand it over (staff must /unlink it first).
@pytest.mark.parametrize("command", [r.command for r in ROUTES])
def test_linked_chat_of_another_customer(
    say: Say, acme_ticket: str, linked_to_globex: str, console: Renderer, command: str
):
    route = _route(ROUTES, command)
    text = f"/{command} {route.example}".strip()
    reply = say(text, channel=linked_to_globex, user="U_GLOBEX_USER")
    shown = console.render(reply)
    assert SECRET not in shown
    assert acme_ticket not in shown or reply.kind in ("error_not_found", "error_not_allowed")
    if not Role.CUSTOMER.at_least(route.min_role) and command != "link":
        assert reply.kind == "error_not_allowed"


def test_a_code_does_not_take_a_chat_from_its_customer(
    say: Say, acme_ticket: str, linked_to_globex: str
):
    code = say("/link acme", channel="C_ENG", user="U_ALICE").data["code"]
    refused = say(f"/link {code}", channel=linked_to_globex, user="U_GLOBEX_USER")
    assert refused.kind == "error_chat_linked_elsewhere"
    mine = say(f"/ticket {acme_ticket}", channel=linked_to_globex, user="U_GLOBEX_USER")
    assert mine.kind == "error_not_found"  # still globex's chat
    # The code was not spent: after /unlink it links the chat to acme.
    unlinked = say("/unlink", channel=linked_to_globex, user="U_ALICE")
    assert unlinked.kind == "chat_unlinked" and unlinked.data["customer"] == "Globex"
    assert say(f"/link {code}", channel=linked_to_globex, user="U_X").kind == "chat_linked"
    now_acme = say(f"/ticket {acme_ticket}", channel=linked_to_globex, user="U_ACME_2")
    assert now_acme.kind == "ticket_detail"


def test_a_code_in_a_chat_named_in_the_config_says_the_config_holds_it(
    say: Say, console: Renderer
) -> None:
    code = say("/link acme", channel="C_ENG", user="U_ALICE").data["code"]
    refused = say(f"/link {code}", channel="C_GLOBEX", user="U_GLOBEX_USER")
    assert refused.kind == "error_chat_linked_elsewhere"
    shown = console.render(refused)
    assert "файле настроек" in shown and "Globex" in shown and "/unlink" not in shown
    # /unlink there says the same: only the config moves it
    assert say("/unlink", channel="C_GLOBEX", user="U_ALICE").data["in_config"] is True
    assert say(f"/link {code}", channel="C_NEW", user="U_NEW").kind == "chat_linked"
