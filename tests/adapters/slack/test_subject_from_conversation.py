"""Walkthrough 10, finding 8, over Slack's real HTTP (signed requests, fake Web API): the ticket
form opened under the bot's last answer of a conversation ("still the same answer. …") offers
the question the conversation began with as the subject, and the alert and ``/support show``
carry what the customer said after it, in order."""

from __future__ import annotations

import itertools
import re
from typing import Any

from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import RunningBot
from tests.fakes.slack_api import FakeSlackApi

_hooks = itertools.count(1)
USER = "U_ANN_SUBJECT"


def _say(bot: RunningBot, api: FakeSlackApi, text: str, thread: str | None) -> dict[str, Any]:
    """Ann says ``text`` (in ``thread``, else at the top); the bot's answer in its thread."""
    started = {"parent_user_id": USER} if thread else {}
    body = payloads.event(text=text, user=USER, thread_ts=thread, **started)
    assert bot.send_event(body).status_code == 200
    where = thread or body["event"]["ts"]
    seen = len([c for c in api.calls("chat.postMessage") if c.payload.get("thread_ts") == where])
    calls = api.wait_for(
        "chat.postMessage", seen + 1, where=lambda c: c.payload.get("thread_ts") == where
    )
    return {**calls[-1].payload, "thread": where}


def _question_id(answer: dict[str, Any]) -> str:
    actions = next(b for b in answer["blocks"] if b["type"] == "actions")["elements"]
    return str(actions[-1]["value"])  # "talk to an engineer"


def test_the_form_offers_the_first_question_and_the_ticket_keeps_the_rest(
    slack_bot: RunningBot, fake_slack: FakeSlackApi
) -> None:
    marker = payloads.next_ts()
    first = f"how do I reset my password {marker}"
    answer = _say(slack_bot, fake_slack, first, None)
    thread = answer["thread"]
    _say(slack_bot, fake_slack, "no, I meant on my phone", thread)
    last_words = "still the same answer. the outlook app on my iphone, not the portal"
    last = _say(slack_bot, fake_slack, last_words, thread)

    press = payloads.button("kb_talk_to_engineer", _question_id(last), user=USER, thread_ts=thread)
    assert slack_bot.send_interaction(press).status_code == 200
    view = fake_slack.wait_for(
        "views.open", where=lambda c: c.payload["trigger_id"] == press["trigger_id"]
    )[0].payload["view"]
    subject = next(b for b in view["blocks"] if b["block_id"] == "subject")["element"]
    assert subject["initial_value"] == first  # not "still the same answer…"

    submit = payloads.view_submission(
        view["private_metadata"],
        subject=subject["initial_value"],
        severity="C",
        description="Holiday from Friday",
        user=USER,
    )
    assert slack_bot.send_interaction(submit).status_code == 200
    alert = fake_slack.wait_for(
        "chat.postMessage",
        where=lambda c: c.payload["channel"] == "C_ENG" and marker in c.payload["text"],
    )[0].payload["text"]
    assert f"[C]: {first}*" in alert  # the subject: the question asked first
    assert "on my phone" in alert and last_words in alert  # then what came after
    number = re.search(r"T-\d+", alert).group(0)  # type: ignore[union-attr]
    hook = f"subject-{next(_hooks)}-{marker}"
    sent = slack_bot.send_command(f"show {number}", response_url=fake_slack.hook_url(hook))
    assert sent.status_code == 200
    shown = str(fake_slack.wait_for(f"/hooks/{hook}")[0].payload["text"])
    assert f"{number}: {first}" in shown
    said = shown.index("Holiday from Friday"), shown.index("on my phone"), shown.index(last_words)
    assert list(said) == sorted(said)  # in the order it was said
