"""A ticket's whole life over real Slack HTTP: every step shows in the customer's thread."""

from __future__ import annotations

from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import RunningBot
from tests.fakes.slack_api import FakeSlackApi


def _support(bot: RunningBot, api: FakeSlackApi, text: str) -> str:
    """Run ``/support <text>`` as the engineer; the private answer's text."""
    hook = f"life-{payloads.next_ts()}"
    assert bot.send_command(text, response_url=api.hook_url(hook)).status_code == 200
    return str(api.wait_for(f"/hooks/{hook}")[0].payload.get("text", ""))


def test_from_talk_to_an_engineer_to_confirmation(slack_bot, fake_slack) -> None:
    body = payloads.event(text="Outlook cannot reach the mail server")
    assert slack_bot.send_event(body).status_code == 200
    thread = body["event"]["ts"]

    def posts(count: int) -> list[str]:
        calls = fake_slack.wait_for(
            "chat.postMessage", count, where=lambda c: c.payload.get("thread_ts") == thread
        )
        return [c.payload["text"] for c in calls]

    answer = fake_slack.wait_for(
        "chat.postMessage", where=lambda c: c.payload.get("thread_ts") == thread
    )[0]
    buttons = next(b for b in answer.payload["blocks"] if b["type"] == "actions")["elements"]
    engineer_button = next(b for b in buttons if b["action_id"] == "kb_talk_to_engineer")
    press = payloads.button("kb_talk_to_engineer", engineer_button["value"], thread_ts=thread)
    slack_bot.send_interaction(press)
    view = fake_slack.wait_for(
        "views.open", where=lambda c: c.payload["trigger_id"] == press["trigger_id"]
    )[0].payload["view"]
    subject = f"Outlook disconnected {payloads.next_ts()}"
    slack_bot.send_interaction(
        payloads.view_submission(
            view["private_metadata"], subject=subject, severity="B", description="All users."
        )
    )
    number = posts(2)[-1].split("Ticket ", 1)[1].split(" ", 1)[0]

    _support(slack_bot, fake_slack, f"take {number}")
    assert "working on" in posts(3)[-1]
    _support(slack_bot, fake_slack, f"reply {number} Please restart Outlook once.")
    assert "Please restart Outlook once." in posts(4)[-1]
    for field in ("service mail", "impact 30 users offline", "tried Checked health and DNS"):
        _support(slack_bot, fake_slack, f"set {number} {field}")
    report = _support(slack_bot, fake_slack, f"escalate {number}")
    assert "30 users offline" in report
    _support(slack_bot, fake_slack, f"upstream {number} CASE-4711")
    assert "CASE-4711" in posts(5)[-1]
    _support(slack_bot, fake_slack, f"upstream {number} status Fix is rolling out")
    assert "Fix is rolling out" in posts(6)[-1]
    _support(slack_bot, fake_slack, f"resolve {number} Transport rule corrected")
    resolved = fake_slack.wait_for(
        "chat.postMessage", 7, where=lambda c: c.payload.get("thread_ts") == thread
    )[-1].payload
    confirm = [
        e["action_id"] for b in resolved["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert confirm == ["ticket_confirm_yes", "ticket_confirm_no"]
    slack_bot.send_interaction(payloads.button("ticket_confirm_yes", number, thread_ts=thread))
    assert "is closed" in posts(8)[-1]

    history = _support(slack_bot, fake_slack, f"show {number}")
    for step in ("assigned", "replied", "escalated", "CASE-4711", "Fix is rolling out", "closed"):
        assert step in history, step
