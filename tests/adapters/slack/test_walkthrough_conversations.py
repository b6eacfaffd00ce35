"""Walkthrough findings on Slack conversations, replayed over real HTTP (signed requests,
fake Web API): mentions in slash commands, a slash command's ticket in a thread."""

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


def _support(bot: RunningBot, api: FakeSlackApi, text: str, **kw: str) -> str:
    """Run ``/support <text>`` and return the private answer (its response_url post)."""
    name = f"conv-{next(_hooks)}-{payloads.next_ts()}"
    assert bot.send_command(text, response_url=api.hook_url(name), **kw).status_code == 200
    return str(api.wait_for(f"/hooks/{name}")[0].payload.get("text", ""))


def _alert(api: FakeSlackApi, words: str) -> str:
    """The new-ticket alert in the engineers' channel whose text holds ``words``."""
    return str(
        api.wait_for(
            "chat.postMessage",
            where=lambda c: c.payload["channel"] == "C_ENG" and words in c.payload["text"],
        )[0].payload["text"]
    )


def test_a_mention_in_a_slash_command_subject_reads_as_the_name(slack_bot, fake_slack) -> None:
    """Finding 13: ``<@U_ALICE>`` in ``/support ticket new`` reads "@Alice", as in messages."""
    marker = payloads.next_ts()
    text = f"ticket new Calendar <@U_ALICE> said to ask {marker}"
    hook = fake_slack.hook_url(f"walk13-{marker}")
    sent = slack_bot.send_command(text, user="U_WALK13", channel="C_ACME", response_url=hook)
    assert sent.status_code == 200
    alert = _alert(fake_slack, marker)
    assert "@Alice said to ask" in alert and "U_ALICE" not in alert


def _ticket_row(bot: RunningBot, number: str) -> Ticket:
    engine = create_db_engine(bot.dispatcher.settings.database_url)
    with Session(engine) as session:
        [row] = [t for t in session.exec(select(Ticket)).all() if t.number == number]
        return row


def test_a_slash_command_ticket_lives_in_a_thread_in_the_channel(slack_bot, fake_slack) -> None:
    """Finding 4: ``/support ticket new`` posts a visible root message; the ticket's notices
    go under it, and what people say there reaches the ticket."""
    marker = payloads.next_ts()
    hook = f"walk4-{marker}"
    command = f"ticket new Mailbox full, can't receive mail {marker}"
    sent = slack_bot.send_command(
        command, user="U_WALK4", channel="C_ACME", response_url=fake_slack.hook_url(hook)
    )
    assert sent.status_code == 200
    root = fake_slack.wait_for(
        "chat.postMessage",
        where=lambda c: c.payload["channel"] == "C_ACME" and marker in c.payload["text"],
    )[0].payload
    assert "thread_ts" not in root and "is open" in root["text"]
    found = re.search(r"T-\d+", root["text"])
    assert found, root["text"]
    number = found.group(0)
    thread = wait_until(lambda: _ticket_row(slack_bot, number).thread)
    assert fake_slack.calls(f"/hooks/{hook}") == []  # not a private answer
    _support(slack_bot, fake_slack, f"take {number}")  # as Alice
    fake_slack.wait_for(  # under the root: the customer's thread
        "chat.postMessage",
        where=lambda c: c.payload.get("thread_ts") == thread and "working on" in c.payload["text"],
    )
    reply = payloads.event(
        text=f"the mailbox is 50 GB {marker}",
        user="U_BOB",
        thread_ts=thread,
        parent_user_id=BOT_USER_ID,
    )
    assert slack_bot.send_event(reply).status_code == 200
    told = fake_slack.wait_for(
        "chat.postMessage",
        where=lambda c: c.payload["channel"] == "U_ALICE" and marker in c.payload["text"],
    )[0].payload
    assert number in told["text"]
