"""Buttons and the ticket form over real HTTP: helped, talk to an engineer, Take."""

from __future__ import annotations

import json

from bot.enums import Role
from bot.messages import Actor
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import RunningBot
from tests.fakes.base import Call
from tests.fakes.slack_api import FakeSlackApi


def _question(bot: RunningBot, api: FakeSlackApi, text: str) -> tuple[str, str]:
    """Ask in C_ACME; return the thread and the question id the buttons carry."""
    body = payloads.event(text=text)
    assert bot.send_event(body).status_code == 200
    thread = body["event"]["ts"]
    call = api.wait_for("chat.postMessage", where=lambda c: c.payload.get("thread_ts") == thread)[0]
    buttons = next(b for b in call.payload["blocks"] if b["type"] == "actions")["elements"]
    return thread, buttons[0]["value"]


def _thread_posts(api: FakeSlackApi, thread: str, count: int) -> list[Call]:
    return api.wait_for(
        "chat.postMessage", count, where=lambda c: c.payload.get("thread_ts") == thread
    )


def test_helped_button_thanks_in_the_thread(slack_bot, fake_slack) -> None:
    thread, qid = _question(slack_bot, fake_slack, "I forgot my password")
    response = slack_bot.send_interaction(payloads.button("kb_helped", qid, thread_ts=thread))
    assert response.status_code == 200
    posts = _thread_posts(fake_slack, thread, 2)
    assert "glad it helped" in posts[-1].payload["text"]


def test_talk_to_engineer_opens_a_form_and_the_form_opens_a_ticket(slack_bot, fake_slack) -> None:
    thread, qid = _question(slack_bot, fake_slack, "Cannot connect to the VPN")
    press = payloads.button("kb_talk_to_engineer", qid, thread_ts=thread)
    assert slack_bot.send_interaction(press).status_code == 200
    opened = fake_slack.wait_for(
        "views.open", where=lambda c: c.payload["trigger_id"] == press["trigger_id"]
    )[0]
    view = opened.payload["view"]
    blocks = {b["block_id"]: b for b in view["blocks"]}
    assert blocks["subject"]["element"]["initial_value"] == "Cannot connect to the VPN"
    severities = [o["value"] for o in blocks["severity"]["element"]["options"]]
    assert severities == ["A", "B", "C"]
    assert "production" in blocks["severity"]["element"]["options"][0]["text"]["text"]
    categories = [o["value"] for o in blocks["category"]["element"]["options"]]
    assert categories == ["technical", "billing", "account", "other"]

    subject = f"VPN drops every hour {payloads.next_ts()}"
    submit = payloads.view_submission(
        view["private_metadata"],
        subject=subject,
        severity="A",
        category="billing",
        description="Since Monday, all Moscow staff.",
    )
    assert slack_bot.send_interaction(submit).status_code == 200
    posts = _thread_posts(fake_slack, thread, 2)
    assert f"is open: {subject}" in posts[-1].payload["text"]
    number = posts[-1].payload["text"].split("Ticket ", 1)[1].split(" ", 1)[0]

    staff = Actor(role=Role.ENGINEER, user_id="alice")
    ticket, _events = slack_bot.dispatcher.services.tickets.get(staff, number)
    assert (ticket.severity, ticket.category) == ("A", "billing")
    # what was typed, then the question asked (the edited subject no longer holds it)
    assert ticket.description.startswith("Since Monday, all Moscow staff.\n\n")
    assert _conversation(slack_bot, number) == ("slack", "C_ACME", thread)

    alert = fake_slack.wait_for(
        "chat.postMessage",
        where=lambda c: c.payload["channel"] == "C_ENG" and subject in c.payload["text"],
    )[0]
    buttons = next(b for b in alert.payload["blocks"] if b["type"] == "actions")["elements"]
    assert [(b["action_id"], b["value"]) for b in buttons] == [
        ("ticket_take", number),
        ("ticket_open", number),
    ]


def _conversation(bot: RunningBot, number: str) -> tuple[str, str, str | None]:
    """Where the ticket's notices go (its platform, channel and thread)."""
    from sqlmodel import Session

    from bot.db import create_db_engine
    from bot.db.models import Ticket
    from bot.services.tickets import parse_ticket_number

    engine = create_db_engine(bot.dispatcher.settings.database_url)
    with Session(engine) as session:
        row = session.get(Ticket, parse_ticket_number(number))
        assert row is not None
        found = (row.platform, row.channel, row.thread)
    engine.dispose()
    return found


def test_without_a_form_the_button_opens_the_ticket_directly(slack_bot, fake_slack) -> None:
    thread, qid = _question(slack_bot, fake_slack, "How to read your invoice proration")
    press = payloads.button("kb_talk_to_engineer", qid, thread_ts=thread)
    fake_slack.fail("views.open", 500, where=lambda p: p["trigger_id"] == press["trigger_id"])
    assert slack_bot.send_interaction(press).status_code == 200
    posts = _thread_posts(fake_slack, thread, 2)
    assert "Ticket T-" in posts[-1].payload["text"]


def test_engineer_takes_a_new_ticket_from_the_engineers_channel(slack_bot, fake_slack) -> None:
    subject = f"Mail bounces for the whole team {payloads.next_ts()}"  # unique per backend
    body = payloads.event(text=f"/ticket new {subject}")
    assert slack_bot.send_event(body).status_code == 200
    alert = fake_slack.wait_for(
        "chat.postMessage",
        where=lambda c: c.payload["channel"] == "C_ENG" and subject in c.payload["text"],
    )[0]
    number = next(b for b in alert.payload["blocks"] if b["type"] == "actions")["elements"][0][
        "value"
    ]
    alert_ts = payloads.next_ts()
    take = payloads.button(
        "ticket_take", number, user="U_ALICE", channel="C_ENG", thread_ts=alert_ts
    )
    assert slack_bot.send_interaction(take).status_code == 200
    reply = fake_slack.wait_for(
        "chat.postMessage",
        where=lambda c: c.payload["channel"] == "C_ENG" and c.payload.get("thread_ts") == alert_ts,
    )[0]
    # said in the channel colleagues read: it names who took it (walkthrough 10, finding 13)
    assert reply.payload["text"] == f"Alice took {number}."
    # the customer hears about it in their own thread
    fake_slack.wait_for(
        "chat.postMessage",
        where=lambda c: (
            c.payload.get("thread_ts") == body["event"]["ts"] and "working on" in c.payload["text"]
        ),
    )


def test_a_customer_cannot_press_staff_buttons(slack_bot, fake_slack) -> None:
    """The refusal goes to the person who pressed, never into the channel's thread."""
    thread = payloads.next_ts()
    take = payloads.button("ticket_take", "T-1001", thread_ts=thread)
    take["response_url"] = fake_slack.hook_url(f"take-{thread}")
    assert slack_bot.send_interaction(take).status_code == 200
    reply = fake_slack.wait_for(f"/hooks/take-{thread}")[0].payload
    assert reply["response_type"] == "ephemeral" and "support team only" in reply["text"]
    in_thread = [
        c for c in fake_slack.calls("chat.postMessage") if c.payload.get("thread_ts") == thread
    ]
    assert in_thread == []


def test_a_form_without_our_metadata_is_ignored(slack_bot, fake_slack) -> None:
    submit = payloads.view_submission("not json", subject="x")
    assert slack_bot.send_interaction(submit).status_code == 200
    assert json.loads(payloads.load("view_submission")["view"]["private_metadata"]) == {}
