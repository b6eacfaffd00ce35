"""Over real HTTP and the fake Web API: a screenshot shared with a question (a
``file_share`` message event, no ticket yet) is answered, kept with the question, and
on the ticket the "talk to an engineer" form opens, where the engineer sees it."""

from __future__ import annotations

from bot.enums import Role
from bot.messages import Actor
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import RunningBot
from tests.adapters.slack.test_threads import _posts, _say
from tests.fakes.slack_api import FakeSlackApi

STAFF = Actor(role=Role.ENGINEER, user_id="alice")
# Written for this test in the shape Slack shares an uploaded file with a message.
SHARED = {
    "id": "F0QUESTION1",
    "created": 1761000000,
    "timestamp": 1761000000,
    "name": "outlook-error.png",
    "title": "outlook-error.png",
    "mimetype": "image/png",
    "filetype": "png",
    "pretty_type": "PNG",
    "user": "U_CUST_QFILE",
    "mode": "hosted",
    "is_external": False,
    "size": 51_200,
    "url_private": "https://files.slack.com/files-pri/T0-F0QUESTION1/outlook-error.png",
    "permalink": "https://acme.slack.com/files/U_CUST_QFILE/F0QUESTION1/outlook-error.png",
}


def test_a_shared_screenshot_with_a_question_reaches_the_ticket(
    slack_bot: RunningBot, fake_slack: FakeSlackApi
) -> None:
    user = "U_CUST_QFILE"
    body = _say(
        slack_bot, text="Outlook cannot reach the mail server", user=user, channel="C_ACME",
        subtype="file_share", files=[SHARED], upload=False,
    )  # fmt: skip
    thread = body["event"]["ts"]
    answer = _posts(fake_slack, thread)[0]
    assert "I kept outlook-error.png (50 KB) with your question" in answer["text"]
    assert "didn't keep" not in answer["text"]
    buttons = next(b for b in answer["blocks"] if b["type"] == "actions")["elements"]
    value = next(b["value"] for b in buttons if b["action_id"] == "kb_talk_to_engineer")
    press = payloads.button(
        "kb_talk_to_engineer", value, thread_ts=thread, channel="C_ACME", user=user
    )
    slack_bot.send_interaction(press)
    view = fake_slack.wait_for(
        "views.open", where=lambda c: c.payload["trigger_id"] == press["trigger_id"]
    )[0].payload["view"]
    slack_bot.send_interaction(
        payloads.view_submission(view["private_metadata"], subject="Outlook offline", user=user)
    )
    opened = _posts(fake_slack, thread, 2)[-1]["text"]
    number = opened.split("T-", 1)[1].split()[0].rstrip(".:")
    _, events = slack_bot.dispatcher.services.tickets.get(STAFF, f"T-{number}")
    kept = [(f.name, f.file_id, f.link) for e in events for f in e.files]
    assert kept == [("outlook-error.png", "F0QUESTION1", SHARED["permalink"])]
    told = fake_slack.wait_for(
        "chat.postMessage",
        where=lambda c: c.payload["channel"] == "C_ENG" and "outlook-error" in c.payload["text"],
    )[0].payload["text"]
    assert "📎 1. outlook-error.png (50 KB)" in told
