"""Walkthrough 10, finding 4, over Slack's real HTTP (signed requests, fake Web API): a
ticket an engineer opens for a customer who phoned (``/support ticket new acme …``) lives
in the thread under the bot's "opened T-… for you" message, as a customer's own does: the
customer's replies there reach the ticket, the ticket's notices go there, and "yes, works
now, thanks!" under the resolution closes it."""

from __future__ import annotations

import itertools
import re

from sqlmodel import Session, select

from bot.db import create_db_engine
from bot.db.models import Ticket
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import RunningBot, wait_until
from tests.fakes.slack_api import BOT_USER_ID, FakeSlackApi

_hooks = itertools.count(1)


def _support(bot: RunningBot, api: FakeSlackApi, text: str) -> str:
    """``/support <text>`` as Alice in her DM; the private answer's text."""
    name = f"for-customer-{next(_hooks)}-{payloads.next_ts()}"
    assert bot.send_command(text, response_url=api.hook_url(name)).status_code == 200
    return str(api.wait_for(f"/hooks/{name}")[0].payload.get("text", ""))


def _ticket(bot: RunningBot, number: str) -> Ticket:
    with Session(create_db_engine(bot.dispatcher.settings.database_url)) as session:
        [row] = [t for t in session.exec(select(Ticket)).all() if t.number == number]
        return row


def _in_thread(api: FakeSlackApi, thread: str, words: str) -> dict:
    return api.wait_for(
        "chat.postMessage",
        where=lambda c: c.payload.get("thread_ts") == thread and words in c.payload["text"],
    )[0].payload


def _customer_says(bot: RunningBot, thread: str, text: str) -> None:
    said = payloads.event(text=text, user="U_ANN", thread_ts=thread, parent_user_id=BOT_USER_ID)
    assert bot.send_event(said).status_code == 200


def test_the_customer_answers_an_engineer_opened_ticket_under_its_message(
    slack_bot: RunningBot, fake_slack: FakeSlackApi
) -> None:
    marker = payloads.next_ts()
    answer = _support(slack_bot, fake_slack, f"ticket new acme Shared calendar {marker}")
    number = re.search(r"T-\d+", answer).group(0)  # type: ignore[union-attr]
    told = fake_slack.wait_for(
        "chat.postMessage",
        where=lambda c: c.payload["channel"] == "C_ACME" and marker in c.payload["text"],
    )[0].payload
    assert "opened " + number + " for you" in told["text"] and "thread_ts" not in told
    thread = wait_until(lambda: _ticket(slack_bot, number).thread)

    _customer_says(slack_bot, thread, f"yes that was me who called, front desk PC {marker}")
    added = _in_thread(fake_slack, thread, f"Added to {number}")
    assert "not sure" not in added["text"]
    heard = fake_slack.wait_for(
        "chat.postMessage",
        where=lambda c: (
            c.payload["channel"] == "C_ENG" and f"front desk PC {marker}" in c.payload["text"]
        ),
    )[0].payload
    assert number in heard["text"]  # nobody has taken it: the engineers' channel hears it
    shown = _support(slack_bot, fake_slack, f"show {number}")
    assert "front desk PC" in shown  # on the ticket's history

    _support(slack_bot, fake_slack, f"take {number}")
    _in_thread(fake_slack, thread, "is working on")  # the ticket's notices go there too
    _support(slack_bot, fake_slack, f"resolve {number} Re-added the calendar")
    _in_thread(fake_slack, thread, "Did this solve it?")
    _customer_says(slack_bot, thread, "yes, works now, thanks!")
    closed = _in_thread(fake_slack, thread, f"Thanks for confirming — {number} is closed.")
    assert closed["channel"] == "C_ACME"
    assert wait_until(lambda: _ticket(slack_bot, number).status == "closed")
