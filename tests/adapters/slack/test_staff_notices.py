"""What engineers read about a customer's ticket on Slack: the customer by name and which
of their people wrote, as far as Slack says (walkthrough 10, finding 13)."""

from __future__ import annotations

from typing import Any

from tests.adapters.slack import payloads


def _profile(display: str = "", real: str = "") -> dict[str, Any]:
    """The ``user_profile`` Slack adds to a message a person typed."""
    return {"display_name": display, "real_name": real, "name": "handle", "team": "T_TEST"}


def _to_engineers(fake_slack, words: str) -> str:
    return str(
        fake_slack.wait_for(
            "chat.postMessage",
            where=lambda c: c.payload["channel"] == "C_ENG" and words in c.payload["text"],
        )[0].payload["text"]
    )


def test_alerts_and_comments_name_the_person_and_the_customer(slack_bot, fake_slack) -> None:
    subject = f"Shared calendar stuck {payloads.next_ts()}"
    body = payloads.event(text=f"/ticket new {subject}", user_profile=_profile("Ann Lee"))
    assert slack_bot.send_event(body).status_code == 200
    alert = _to_engineers(fake_slack, subject)
    number = alert.split("New ticket ", 1)[1].split(" ", 1)[0]
    assert f"New ticket {number} from Ann Lee (Acme) [" in alert, alert

    thread = body["event"]["ts"]
    said = f"same for me on the front desk PC {payloads.next_ts()}"
    colleague = payloads.event(
        text=said,
        user="U_BOB",
        thread_ts=thread,
        parent_user_id="U_CUSTOMER",
        user_profile=_profile(real="Bob Chen"),
    )
    assert slack_bot.send_event(colleague).status_code == 200
    told = _to_engineers(fake_slack, said)
    assert f"New message from Bob Chen (Acme) on {number}:" in told, told

    quiet = f"and on the laptop too {payloads.next_ts()}"  # Slack gave no profile
    unnamed = payloads.event(text=quiet, user="U_CAROL", thread_ts=thread, parent_user_id="U_X")
    assert slack_bot.send_event(unnamed).status_code == 200
    told = _to_engineers(fake_slack, quiet)
    # nobody by that id for users.info: a mention, which Slack shows as the person's name
    assert f"New message from <@U_CAROL> (Acme) on {number}:" in told, told


def test_an_engineers_question_in_a_customer_channel_is_answered_for_an_engineer(
    slack_bot, fake_slack
) -> None:
    """Alice mentions the bot in Acme's channel: the answer is hers alone (staff answers in
    a customer's chat are private), says so and how to pass it on, and offers her no
    "Talk to an engineer" nor "did it help?" buttons."""
    for question in ("I forgot my password", "how do I reset MFA for a user"):  # sure, unsure
        body = payloads.event(
            "app_mention", text=f"<@U_BOT> Ann, see this: {question}", user="U_ALICE"
        )
        assert slack_bot.send_event(body).status_code == 200
        answer = fake_slack.wait_for(
            "chat.postEphemeral",
            where=lambda c, ts=body["event"]["ts"]: c.payload.get("thread_ts") == ts,
        )[0].payload
        assert answer["user"] == "U_ALICE"
        text = answer["text"]
        assert "Only you see this answer" in text, text
        assert "pass your question to an engineer" not in text and "Did this help" not in text
        assert not [b for b in answer.get("blocks", []) if b["type"] == "actions"], answer
