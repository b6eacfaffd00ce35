"""A pressed button over real Slack HTTP: the message loses its buttons for a line saying
what was chosen (in the customer's language), and a stale button pressed again does not
reverse the first answer."""

from __future__ import annotations

from typing import Any

import pytest

from bot.rendering import Renderer
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import RunningBot
from tests.fakes.base import Call
from tests.fakes.slack_api import FakeSlackApi

CUSTOMERS = {
    "en": ("C_ACME", "I forgot my password"),
    "ru": ("C_GLOBEX", "Outlook не подключается к почте"),
}


def _answer(bot: RunningBot, api: FakeSlackApi, channel: str, user: str, text: str) -> Call:
    body = payloads.event(text=text, channel=channel, user=user)
    assert bot.send_event(body).status_code == 200
    thread = body["event"]["ts"]
    return api.wait_for("chat.postMessage", where=lambda c: c.payload.get("thread_ts") == thread)[0]


def _press(answer: Call, action_id: str, user: str) -> dict[str, Any]:
    """A press on one of ``answer``'s buttons, carrying the message as Slack sends it."""
    value = next(
        e["value"]
        for b in answer.payload["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action_id
    )
    thread, channel = answer.payload["thread_ts"], answer.payload["channel"]
    press = payloads.button(action_id, value, thread_ts=thread, channel=channel, user=user)
    ts = payloads.next_ts()
    press["container"]["message_ts"] = press["message"]["ts"] = ts
    press["message"]["blocks"] = answer.payload["blocks"]
    press["message"]["text"] = answer.payload["text"]
    return press


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_pressed_answer_loses_its_buttons_and_says_what_was_chosen(
    slack_bot, fake_slack, lang: str
) -> None:
    t = Renderer("slack", extension="mrkdwn").translator(lang)
    channel, question = CUSTOMERS[lang]
    user = f"U_PRESS_{lang.upper()}"
    answer = _answer(slack_bot, fake_slack, channel, user, question)
    press = _press(answer, "kb_helped", user)
    assert slack_bot.send_interaction(press).status_code == 200

    ts = press["message"]["ts"]
    update = fake_slack.wait_for("chat.update", where=lambda c: c.payload.get("ts") == ts)[0]
    blocks = update.payload["blocks"]
    assert not [b for b in blocks if b["type"] == "actions"]
    line = blocks[-1]["elements"][0]["text"]
    assert line == t("button_chosen", who=f"<@{user}>", label=t("action_kb_helped"))
    # the answer itself is kept above the line
    assert blocks[0] == answer.payload["blocks"][0]


def test_a_stale_no_after_yes_does_not_reverse_it(slack_bot, fake_slack) -> None:
    t = Renderer("slack", extension="mrkdwn").translator("en")
    user = "U_PRESS_TWICE"
    answer = _answer(slack_bot, fake_slack, "C_ACME", user, "I forgot my password")
    thread = answer.payload["thread_ts"]
    slack_bot.send_interaction(_press(answer, "kb_helped", user))
    slack_bot.send_interaction(_press(answer, "kb_not_helped", user))
    posts = fake_slack.wait_for(
        "chat.postMessage", 3, where=lambda c: c.payload.get("thread_ts") == thread
    )
    texts = [p.payload["text"] for p in posts[1:]]
    assert t("kb_feedback_yes") in texts[0]
    assert t("kb_feedback_already_yes") in texts[1]
    assert t("kb_feedback_no") not in " ".join(texts)
    assert not [b for b in posts[2].payload["blocks"] if b["type"] == "actions"]


def test_an_error_answer_leaves_the_buttons(slack_bot, fake_slack) -> None:
    """A customer pressing an engineer's Take changes nothing: the alert keeps its buttons."""
    press = payloads.button("ticket_take", "T-9999", user="U_CUSTOMER")
    press["container"]["message_ts"] = press["message"]["ts"] = ts = payloads.next_ts()
    press["response_url"] = fake_slack.hook_url(f"take-{ts}")
    assert slack_bot.send_interaction(press).status_code == 200
    fake_slack.wait_for(f"/hooks/take-{ts}")
    assert not [c for c in fake_slack.calls("chat.update") if c.payload.get("ts") == ts]
