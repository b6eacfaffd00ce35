"""Blind walkthrough #2, "talk to an engineer" over real Slack HTTP (signed requests, fake API):
a pasted log reaches the ticket whole, and a question's second form says which ticket it is."""

from __future__ import annotations

import itertools

from bot.enums import Role
from bot.messages import Actor
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import RunningBot
from tests.adapters.slack.test_ticket_form import _ask, _press, _thread
from tests.fakes.slack_api import FakeSlackApi

_hooks = itertools.count(1)


def _support(bot: RunningBot, api: FakeSlackApi, text: str, **kw: str) -> str:
    name = f"walk2-{next(_hooks)}-{payloads.next_ts()}"
    assert bot.send_command(text, response_url=api.hook_url(name), **kw).status_code == 200
    return str(api.wait_for(f"/hooks/{name}")[0].payload.get("text", ""))


def _log(first_line: str, chars: int) -> str:
    """A pasted log of about ``chars`` characters whose last line is recognisable."""
    lines = [first_line]
    n = 0
    while sum(len(line) + 1 for line in lines) < chars:
        n += 1
        lines.append(f"2026-12-01 09:{n % 60:02d}:17 smtp.acme.cn 451 4.7.0 retry #{n}")
    lines.append("END OF LOG q7")
    return "\n".join(lines)


def test_a_pasted_log_becomes_the_whole_ticket_description(slack_bot, fake_slack) -> None:
    """N1: a 9,000-character question escalated with the form keeps all of it; the subject
    is its first line."""
    first = f"Outlook cannot send, log below {payloads.next_ts()}"
    log = _log(first, 9000)
    assert len(log) > 9000
    who = "U_PASTER"  # no other ticket of theirs in the channel could take the paste
    thread, qid = _ask(slack_bot, fake_slack, log, user=who)
    view = _press(slack_bot, fake_slack, qid, thread, user=who)
    subject = next(b for b in view["blocks"] if b["block_id"] == "subject")
    assert subject["element"]["initial_value"] == first
    submit = payloads.view_submission(view["private_metadata"], subject=first, user=who)
    assert slack_bot.send_interaction(submit).status_code == 200
    opened = _thread(fake_slack, thread, 2)[-1]
    number = opened.split("Ticket ", 1)[1].split(" ", 1)[0]
    staff = Actor(role=Role.ENGINEER, user_id="alice")
    ticket = slack_bot.dispatcher.services.tickets.get(staff, number)[0]
    assert ticket.subject == first
    assert ticket.description == log
    shown = _support(slack_bot, fake_slack, f"ticket {number}")
    assert "END OF LOG q7" in shown
    fake_slack.wait_for(  # the engineers' alert, in one message or several: the log whole
        "chat.postMessage",
        where=lambda c: c.payload["channel"] == "C_ENG" and number in c.payload["text"],
    )
    calls = fake_slack.calls("chat.postMessage")
    to_engineers = [c.payload["text"] for c in calls if c.payload["channel"] == "C_ENG"]
    assert any("END OF LOG q7" in text for text in to_engineers)


def test_a_typed_description_keeps_the_pasted_log_after_it(slack_bot, fake_slack) -> None:
    """N1: what the customer typed in the form comes first; the paste is not lost to it."""
    first = f"Mail bounces {payloads.next_ts()}"
    log = _log(first, 4000)
    who = "U_BOUNCES"  # no other ticket of theirs in the channel could take the paste
    thread, qid = _ask(slack_bot, fake_slack, log, user=who)
    view = _press(slack_bot, fake_slack, qid, thread, user=who)
    submit = payloads.view_submission(
        view["private_metadata"], subject=first, description="Since 9:00 for everyone", user=who
    )
    assert slack_bot.send_interaction(submit).status_code == 200
    opened = _thread(fake_slack, thread, 2)[-1]
    number = opened.split("Ticket ", 1)[1].split(" ", 1)[0]
    staff = Actor(role=Role.ENGINEER, user_id="alice")
    ticket = slack_bot.dispatcher.services.tickets.get(staff, number)[0]
    assert ticket.description == f"Since 9:00 for everyone\n\n{log}"


def test_a_second_form_and_a_third_press_say_which_ticket_it_is(slack_bot, fake_slack) -> None:
    """N8: two colleagues' forms open before either submits; the second submission is
    answered (even when a client reuses the view id), and a later press names the assignee
    as people know them, not by staff id."""
    question = f"SSPR says I am not registered {payloads.next_ts()}"
    thread, qid = _ask(slack_bot, fake_slack, question, user="U_BOB")
    bobs = _press(slack_bot, fake_slack, qid, thread, user="U_BOB")
    carols = _press(slack_bot, fake_slack, qid, thread, user="U_CAROL")
    mine = payloads.view_submission(bobs["private_metadata"], subject=question, user="U_BOB")
    theirs = payloads.view_submission(carols["private_metadata"], subject="Again", user="U_CAROL")
    theirs["view"]["id"] = theirs["view"]["root_view_id"] = mine["view"]["id"]
    assert slack_bot.send_interaction(mine).status_code == 200
    opened = _thread(fake_slack, thread, 2)[-1]
    number = opened.split("Ticket ", 1)[1].split(" ", 1)[0]
    assert slack_bot.send_interaction(theirs).status_code == 200
    assert f"{number} is already open for this question" in _thread(fake_slack, thread, 3)[-1]

    _support(slack_bot, fake_slack, f"take {number}")
    press = payloads.button("kb_talk_to_engineer", qid, thread_ts=thread, user="U_CAROL")
    assert slack_bot.send_interaction(press).status_code == 200
    said = [t for t in _thread(fake_slack, thread, 5) if "already open" in t][-1]
    assert "Assignee: Alice" in said and "alice" not in said


def test_an_edited_subject_keeps_the_question_asked(slack_bot, fake_slack) -> None:
    """Walkthrough #3: a customer who shortens the subject and types a description keeps the
    question they first asked on the ticket (the engineer reads what was asked)."""
    question = f"how do I add a shared calendar for the whole sales team {payloads.next_ts()}"
    thread, qid = _ask(slack_bot, fake_slack, question)
    view = _press(slack_bot, fake_slack, qid, thread)
    submit = payloads.view_submission(
        view["private_metadata"], subject="Sales team", description="Needed by Monday"
    )
    assert slack_bot.send_interaction(submit).status_code == 200
    opened = _thread(fake_slack, thread, 2)[-1]
    number = opened.split("Ticket ", 1)[1].split(" ", 1)[0]
    staff = Actor(role=Role.ENGINEER, user_id="alice")
    ticket = slack_bot.dispatcher.services.tickets.get(staff, number)[0]
    assert ticket.subject == "Sales team"
    assert ticket.description == f"Needed by Monday\n\n{question}"
