"""``/support`` over real HTTP: engineers' subcommands, answered privately; refusals."""

from __future__ import annotations

import itertools
import re

from tests.adapters.slack import payloads
from tests.fakes.slack_api import FakeSlackApi

_hooks = itertools.count(1)


def _support(bot, api: FakeSlackApi, text: str, **kw: str) -> dict:  # type: ignore[no-untyped-def]
    """Run ``/support <text>``; return the body posted to its response_url."""
    name = f"cmd-{next(_hooks)}-{payloads.next_ts()}"
    response = bot.send_command(text, response_url=api.hook_url(name), **kw)
    assert response.status_code == 200
    assert response.text == ""  # acked empty; the answer follows privately
    call = api.wait_for(f"/hooks/{name}")[0]
    assert call.payload["response_type"] == "ephemeral"
    return call.payload


def test_support_alone_shows_the_engineers_help(slack_bot, fake_slack) -> None:
    body = _support(slack_bot, fake_slack, "")
    assert "/support take &lt;ticket&gt;" in body["text"]


def test_unknown_subcommand_shows_help_too(slack_bot, fake_slack) -> None:
    body = _support(slack_bot, fake_slack, "frobnicate everything")
    assert "/support take &lt;ticket&gt;" in body["text"]


def test_engineer_lists_shows_and_takes_tickets(slack_bot, fake_slack) -> None:
    subject = f"Quota exceeded {payloads.next_ts()}"
    event = payloads.event(text=f"/ticket new {subject}")
    assert slack_bot.send_event(event).status_code == 200
    opened = fake_slack.wait_for(
        "chat.postMessage", where=lambda c: c.payload.get("thread_ts") == event["event"]["ts"]
    )[0]
    number = opened.payload["text"].split("Ticket ", 1)[1].split(" ", 1)[0]

    listing = _support(slack_bot, fake_slack, "tickets")
    assert number in listing["text"] and "acme" in listing["text"]
    detail = _support(slack_bot, fake_slack, f"show {number}")
    assert subject in detail["text"]
    taken = _support(slack_bot, fake_slack, f"take {number}")
    assert f"{number} is yours now" in taken["text"]
    replied = _support(slack_bot, fake_slack, f"reply {number} We are on it <!channel>")
    assert number in replied["text"]
    customer_sees = fake_slack.wait_for(
        "chat.postMessage",
        where=lambda c: (
            c.payload.get("thread_ts") == event["event"]["ts"]
            and "We are on it" in c.payload["text"]
        ),
    )[0]
    assert "<!channel>" not in customer_sees.payload["text"]


def test_engineer_searches_the_kb_and_checks_health(slack_bot, fake_slack) -> None:
    found = _support(slack_bot, fake_slack, "kb search reset password")
    assert "Reset a forgotten password" in found["text"]
    health = _support(slack_bot, fake_slack, "health vpn")
    assert "VPN gateway" in health["text"]
    overview = _support(slack_bot, fake_slack, "health")
    assert "VPN gateway" in overview["text"] and "Mail" in overview["text"]


def test_customer_trying_staff_commands_is_refused(slack_bot, fake_slack) -> None:
    body = _support(slack_bot, fake_slack, "take T-1001", user="U_CUSTOMER", channel="C_ACME")
    assert "support team only" in body["text"]


def test_stranger_in_a_dm_learns_nothing(slack_bot, fake_slack) -> None:
    body = _support(slack_bot, fake_slack, "tickets", user="U_STRANGER", channel="D_STRANGER")
    assert "isn't linked to a customer" in body["text"]


def test_link_codes_and_usage_errors_show_slacks_command_form(slack_bot, fake_slack) -> None:
    """What people are told to type must work here: ``/support link …``, not ``/link …``."""
    linked = _support(slack_bot, fake_slack, "link acme")["text"]
    code = re.search(r"/support link (\S+)", linked)
    assert code and code.group(1) in linked.split("/support link", 1)[0]
    assert not re.search(r"(?<!support )/link", linked)
    wrong = _support(slack_bot, fake_slack, "take")["text"]
    assert "/support take &lt;ticket&gt;" in wrong
    assert "/support take T-" in wrong  # the example is typed the Slack way too
    assert not re.search(r"(?<!support )/take", wrong)
