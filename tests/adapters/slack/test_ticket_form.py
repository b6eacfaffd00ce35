"""The Slack ticket form over real HTTP, on SQLite and PostgreSQL: it goes through the dispatcher
like any message (cleaned, counted), a question becomes one ticket, and every command shown is
one Slack accepts (``/support …``)."""

from __future__ import annotations

import itertools
import json
from typing import Any

from bot.enums import Role
from bot.messages import Actor
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import RunningBot
from tests.fakes.slack_api import FakeSlackApi

_hooks = itertools.count(1)


def _ask(bot: RunningBot, api: FakeSlackApi, text: str, **kw: Any) -> tuple[str, str]:
    """Ask at the top of a channel; the thread and the question id the buttons carry."""
    body = payloads.event(text=text, **kw)
    assert bot.send_event(body).status_code == 200
    thread = body["event"]["ts"]
    call = api.wait_for("chat.postMessage", where=lambda c: c.payload.get("thread_ts") == thread)[0]
    buttons = next(b for b in call.payload["blocks"] if b["type"] == "actions")["elements"]
    return thread, buttons[-1]["value"]


def _press(bot: RunningBot, api: FakeSlackApi, qid: str, thread: str, **kw: str) -> dict:
    """Press "talk to an engineer"; the modal Slack was asked to open."""
    press = payloads.button("kb_talk_to_engineer", qid, thread_ts=thread, **kw)
    assert bot.send_interaction(press).status_code == 200
    trigger = press["trigger_id"]
    return api.wait_for("views.open", where=lambda c: c.payload["trigger_id"] == trigger)[
        0
    ].payload["view"]


def _thread(api: FakeSlackApi, thread: str, count: int) -> list[str]:
    calls = api.wait_for(
        "chat.postMessage", count, where=lambda c: c.payload.get("thread_ts") == thread
    )
    return [c.payload["text"] for c in calls]


def _ticket(bot: RunningBot, number: str):  # type: ignore[no-untyped-def]
    staff = Actor(role=Role.ENGINEER, user_id="alice")
    return bot.dispatcher.services.tickets.get(staff, number)[0]


def test_form_text_is_cleaned_like_any_message(slack_bot, fake_slack) -> None:
    """A NUL would break the insert on PostgreSQL; control characters would reach engineers."""
    thread, qid = _ask(slack_bot, fake_slack, "Cannot connect to the VPN")
    view = _press(slack_bot, fake_slack, qid, thread)
    subject = f"VPN\x00 drops \x1b[31mhourly\u202e {payloads.next_ts()}"
    submit = payloads.view_submission(
        view["private_metadata"],
        subject=subject,
        severity="B",
        description="Since Monday\x00\x07.\nAll\u200b Moscow staff.",
    )
    assert slack_bot.send_interaction(submit).status_code == 200
    answer = _thread(fake_slack, thread, 2)[-1]
    assert "is open: VPN drops [31mhourly" in answer
    number = answer.split("Ticket ", 1)[1].split(" ", 1)[0]
    ticket = _ticket(slack_bot, number)
    assert "\x00" not in ticket.subject and "\x1b" not in ticket.subject
    # the question asked stays after what was typed: the subject no longer holds it
    assert ticket.description == "Since Monday.\nAll Moscow staff.\n\nCannot connect to the VPN"
    assert ticket.severity == "B"
    metrics = slack_bot.http.get("/metrics").text
    assert 'supportbot_handling_seconds_count{route="ticket_submit"}' in metrics


def test_two_colleagues_asking_for_an_engineer_get_one_ticket(slack_bot, fake_slack) -> None:
    question = f"Mailbox quota exceeded for the sales team {payloads.next_ts()}"
    # people with no ticket in the channel: a waiting one could take a top-level message
    thread, qid = _ask(slack_bot, fake_slack, question, user="U_QUOTA")
    first = _press(slack_bot, fake_slack, qid, thread, user="U_QUOTA")
    second = _press(slack_bot, fake_slack, qid, thread, user="U_COLLEAGUE")  # before either submits
    mine = payloads.view_submission(
        first["private_metadata"], subject=question, severity="A", user="U_QUOTA"
    )
    theirs = payloads.view_submission(
        second["private_metadata"], subject="Quota again", user="U_COLLEAGUE"
    )
    assert slack_bot.send_interaction(mine).status_code == 200
    opened = _thread(fake_slack, thread, 2)[-1]
    number = opened.split("Ticket ", 1)[1].split(" ", 1)[0]
    assert slack_bot.send_interaction(theirs).status_code == 200
    assert f"{number} is already open for this question" in _thread(fake_slack, thread, 3)[-1]

    # Pressed once more (another device): no form, the same answer in the thread.
    press = payloads.button("kb_talk_to_engineer", qid, thread_ts=thread, user="U_QUOTA")
    assert slack_bot.send_interaction(press).status_code == 200
    assert f"{number} is already open for this question" in _thread(fake_slack, thread, 4)[-1]
    opened_forms = fake_slack.calls("views.open", ok_only=False)
    assert all(c.payload["trigger_id"] != press["trigger_id"] for c in opened_forms)
    alerts = fake_slack.calls("chat.postMessage")
    assert (
        sum(c.payload["channel"] == "C_ENG" and question in c.payload["text"] for c in alerts) == 1
    )
    assert _ticket(slack_bot, number).severity == "A"


def test_a_russian_customer_gets_the_form_and_the_answer_in_russian(slack_bot, fake_slack) -> None:
    thread, qid = _ask(slack_bot, fake_slack, "Я забыл пароль", channel="C_GLOBEX")
    view = _press(slack_bot, fake_slack, qid, thread, channel="C_GLOBEX")
    assert view["title"]["text"] == "Связаться с инженером"
    assert json.loads(view["private_metadata"])["channel"] == "C_GLOBEX"
    subject = f"Не могу войти {payloads.next_ts()}"
    submit = payloads.view_submission(view["private_metadata"], subject=subject)
    assert slack_bot.send_interaction(submit).status_code == 200
    assert f"открыта: {subject}" in _thread(fake_slack, thread, 2)[-1]


def _support(bot: RunningBot, api: FakeSlackApi, text: str, **kw: str) -> str:
    name = f"form-cmd-{next(_hooks)}-{payloads.next_ts()}"
    assert bot.send_command(text, response_url=api.hook_url(name), **kw).status_code == 200
    return api.wait_for(f"/hooks/{name}")[0].payload["text"]


def test_help_usage_and_link_codes_show_commands_slack_accepts(slack_bot, fake_slack) -> None:
    staff_help = _support(slack_bot, fake_slack, "help")
    assert "`/support take &lt;ticket&gt;` — Assign a ticket to yourself" in staff_help
    assert "`/support assign &lt;ticket&gt; &lt;engineer&gt;`" in staff_help
    assert "`/take" not in staff_help
    customer_help = _support(slack_bot, fake_slack, "", user="U_CUSTOMER", channel="C_ACME")
    assert "`/support ticket new &lt;subject&gt;`" in customer_help
    assert "/support take" not in customer_help
    usage = _support(slack_bot, fake_slack, "take")
    assert "Usage: /support take &lt;ticket&gt;" in usage
    assert "For example: /support take T-1001" in usage
    code = _support(slack_bot, fake_slack, "link acme")
    assert "send /support link " in code
    hint = _support(slack_bot, fake_slack, "", user="U_STRANGER", channel="C_NEW")
    assert "isn't linked" in hint


def _severity_chosen(view: dict) -> str:
    block = next(b for b in view["blocks"] if b["block_id"] == "severity")
    return str(block["element"]["initial_option"]["value"])


def test_production_down_opens_the_form_at_severity_a(slack_bot, fake_slack) -> None:
    """Walkthrough 13, finding 3: "our production site is down" is offered an engineer at
    once, with what severity A means, and the form starts at A (a question starts at C)."""
    thread, qid = _ask(slack_bot, fake_slack, f"our production site is down {payloads.next_ts()}")
    offer = _thread(fake_slack, thread, 1)[0]
    assert "This is what severity A is for: production is down" in offer
    assert _severity_chosen(_press(slack_bot, fake_slack, qid, thread)) == "A"
    thread, qid = _ask(slack_bot, fake_slack, "Cannot connect to the VPN")
    assert _severity_chosen(_press(slack_bot, fake_slack, qid, thread)) == "C"
