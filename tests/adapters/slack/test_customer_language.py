"""A Russian and a Chinese customer over real Slack HTTP: the ticket form, every notice an
English-speaking engineer's work causes, the "did this solve it?" buttons and the answer
to "yes" are in the customer's language, with times in the customer's zone."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.rendering import Renderer
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import RunningBot
from tests.fakes.slack_api import FakeSlackApi

CHANNELS = {"ru": "C_GLOBEX", "zh": "C_HUAXIA"}
QUESTIONS = {"ru": "Outlook не подключается к почте", "zh": "Outlook 无法连接邮件服务器"}
# Neither customer has a zone of its own: the reseller's (Moscow), written their way.
DUE = {
    "ru": re.compile(r"первый ответ до \d\d\.\d\d\.\d{4} \d\d:\d\d MSK"),
    "zh": re.compile(r"首次响应截止 \d{4}年\d\d月\d\d日 \d\d:\d\d（UTC\+3）"),
}


FORM_KEYS = (
    "slack_modal_title",
    "slack_modal_subject",
    "slack_modal_severity",
    "slack_modal_severity_A",
    "slack_modal_description",
    "slack_modal_submit",
)


def _texts(value: Any) -> list[str]:
    """Every ``text`` string anywhere in a Block Kit structure."""
    if isinstance(value, dict):
        found = [value["text"]] if isinstance(value.get("text"), str) else []
        return found + [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def _support(bot: RunningBot, api: FakeSlackApi, text: str) -> None:
    """``/support <text>`` as the engineer (Alice speaks English)."""
    hook = f"lang-{payloads.next_ts()}"
    assert bot.send_command(text, response_url=api.hook_url(hook)).status_code == 200
    api.wait_for(f"/hooks/{hook}")


@pytest.mark.parametrize("lang", ["ru", "zh"])
def test_a_customers_whole_ticket_in_their_language(slack_bot, fake_slack, lang: str) -> None:
    t = Renderer("slack", extension="mrkdwn").translator(lang)
    channel, user = CHANNELS[lang], f"U_LANG_{lang.upper()}"
    body = payloads.event(text=QUESTIONS[lang], channel=channel, user=user)
    assert slack_bot.send_event(body).status_code == 200
    thread = body["event"]["ts"]

    def posts(count: int) -> list[dict[str, Any]]:
        calls = fake_slack.wait_for(
            "chat.postMessage", count, where=lambda c: c.payload.get("thread_ts") == thread
        )
        return [c.payload for c in calls]

    answer = posts(1)[0]
    assert t("action_kb_talk_to_engineer") in _texts(answer["blocks"])
    value = next(
        e["value"]
        for b in answer["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "kb_talk_to_engineer"
    )
    press = payloads.button(
        "kb_talk_to_engineer", value, thread_ts=thread, channel=channel, user=user
    )
    slack_bot.send_interaction(press)
    view = fake_slack.wait_for(
        "views.open", where=lambda c: c.payload["trigger_id"] == press["trigger_id"]
    )[0].payload["view"]
    form = _texts(view)
    for key in FORM_KEYS:
        assert t(key)[:24] in form or t(key) in form, key

    submit = payloads.view_submission(
        view["private_metadata"], subject=f"{QUESTIONS[lang]} {thread}", severity="C", user=user
    )
    slack_bot.send_interaction(submit)
    opened = posts(2)[-1]["text"]
    number = re.search(r"T-\d+", opened).group(0)  # type: ignore[union-attr]
    assert t("ticket_opened", number=number, subject="").strip(" :：") in opened
    assert DUE[lang].search(opened), opened

    _support(slack_bot, fake_slack, f"take {number}")
    assert t("notice_taken", engineer="Alice", number=number) in posts(3)[-1]["text"]
    _support(slack_bot, fake_slack, f"reply {number} Please restart Outlook.")
    said = posts(4)[-1]["text"]
    assert t("notice_reply", engineer="Alice", number=number) in said
    assert "Please restart Outlook." in said
    _support(slack_bot, fake_slack, f"resolve {number} Profile rebuilt")
    resolved = posts(5)[-1]
    assert t("notice_resolved", number=number) in resolved["text"]
    assert t("notice_resolved_ask") in resolved["text"]
    labels = _texts([b for b in resolved["blocks"] if b["type"] == "actions"])
    assert labels == [t("action_ticket_confirm_yes"), t("action_ticket_confirm_no")]

    yes = payloads.button(
        "ticket_confirm_yes", number, thread_ts=thread, channel=channel, user=user
    )
    slack_bot.send_interaction(yes)
    closed = fake_slack.wait_for(
        "chat.postMessage",
        where=lambda c: (
            c.payload.get("thread_ts") == thread
            and t("ticket_confirmed_yes", number=number) in str(c.payload.get("text"))
        ),
    )
    assert closed
