"""Only Slack gets in: signatures and timestamps checked, secrets never logged."""

from __future__ import annotations

import json
import logging
import time

import pytest

from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import BOT_TOKEN


def test_url_verification_echoes_the_challenge(slack_bot) -> None:
    response = slack_bot.send_event(payloads.load("url_verification"))
    assert response.status_code == 200
    assert "challenge-from-slack-3eZbrw1aB" in response.text


@pytest.mark.parametrize(
    "tamper",
    [
        {"secret": "not-the-signing-secret"},
        {"timestamp": int(time.time()) - 10 * 60},  # stale: replayed ten minutes later
        {"timestamp": int(time.time()) + 10 * 60},
    ],
    ids=["forged", "stale", "future"],
)
def test_forged_or_stale_requests_are_refused(slack_bot, fake_slack, tamper: dict) -> None:
    body = payloads.event(text="I forgot my password")
    response = slack_bot.send_event(body, **tamper)
    assert response.status_code == 401
    # the event was not recorded, so a genuine delivery of it is still answered
    assert slack_bot.send_event(body).status_code == 200
    fake_slack.wait_for(
        "chat.postMessage", where=lambda c: c.payload.get("thread_ts") == body["event"]["ts"]
    )


def test_a_body_changed_after_signing_is_refused(slack_bot) -> None:
    body = json.dumps(payloads.event(text="hello"))
    headers = payloads.signed_headers(body)
    tampered = body.replace("hello", "hullo")
    response = slack_bot.http.post("/slack/events", content=tampered.encode(), headers=headers)
    assert response.status_code == 401


def test_unsigned_requests_are_refused(slack_bot) -> None:
    body = json.dumps(payloads.event(text="hello"))
    response = slack_bot.http.post(
        "/slack/events", content=body.encode(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 401


def test_secrets_never_reach_the_logs(slack_bot, fake_slack, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    body = payloads.event(text="Cannot connect to the VPN")
    slack_bot.send_event(body, secret="forged")
    slack_bot.send_event(body)
    fake_slack.wait_for(
        "chat.postMessage", where=lambda c: c.payload.get("thread_ts") == body["event"]["ts"]
    )
    assert BOT_TOKEN not in caplog.text
    assert payloads.SIGNING_SECRET not in caplog.text
    assert repr(slack_bot.dispatcher.settings.env).count(BOT_TOKEN) == 0
