"""Who wrote, when Slack's message event does not say (no ``user_profile``): the bot asks
``users.info``; an app without the ``users:read`` scope gets ``missing_scope``, warns once
naming the scope, asks no more, and engineers read the person as a Slack mention."""

from __future__ import annotations

import logging

import pytest

from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import StartSlackBot
from tests.fakes.slack_api import FakeSlackApi


def _to_engineers(fake_slack: FakeSlackApi, words: str) -> str:
    return str(
        fake_slack.wait_for(
            "chat.postMessage",
            where=lambda c: c.payload["channel"] == "C_ENG" and words in c.payload["text"],
        )[0].payload["text"]
    )


def _asked(fake_slack: FakeSlackApi, users: tuple[str, ...]) -> list[object]:
    return [c for c in fake_slack.calls("users.info", ok_only=False) if c.payload["user"] in users]


def _ticket_by(bot, fake_slack: FakeSlackApi, user: str) -> tuple[str, str]:
    subject = f"Calendar stuck {payloads.next_ts()}"
    body = payloads.event(text=f"/ticket new {subject}", user=user)  # no user_profile
    assert bot.send_event(body).status_code == 200
    return _to_engineers(fake_slack, subject), body["event"]["ts"]


def test_users_info_names_a_person_the_event_did_not(
    start_slack_bot: StartSlackBot, fake_slack: FakeSlackApi
) -> None:
    fake_slack.people["U0ERIN"] = {
        "id": "U0ERIN",
        "name": "erin",
        "real_name": "Erin Walsh",
        "profile": {"display_name": "", "real_name": "Erin Walsh"},
    }
    bot = start_slack_bot()
    before = len(_asked(fake_slack, ("U0ERIN",)))  # the fake serves the other database's run too
    alert, thread = _ticket_by(bot, fake_slack, "U0ERIN")
    assert "from Erin Walsh (Acme)" in alert, alert
    said = f"any news? {payloads.next_ts()}"
    again = payloads.event(text=said, user="U0ERIN", thread_ts=thread, parent_user_id="U0ERIN")
    assert bot.send_event(again).status_code == 200
    assert "New message from Erin Walsh (Acme)" in _to_engineers(fake_slack, said)
    assert len(_asked(fake_slack, ("U0ERIN",))) - before == 1  # kept, not asked per message


def test_without_users_read_a_mention_and_one_warning(
    start_slack_bot: StartSlackBot, fake_slack: FakeSlackApi, caplog: pytest.LogCaptureFixture
) -> None:
    scoped = ("U0FRANK", "U0GRACE")
    fake_slack.fail(
        "users.info",
        200,
        description="missing_scope",
        times=10,
        where=lambda p: p.get("user") in scoped,
    )
    bot = start_slack_bot()
    before = len(_asked(fake_slack, scoped))
    with caplog.at_level(logging.WARNING, logger="bot.adapters.slack.people"):
        alert, thread = _ticket_by(bot, fake_slack, "U0FRANK")
        assert "from <@U0FRANK> (Acme)" in alert, alert
        said = f"same here {payloads.next_ts()}"
        colleague = payloads.event(
            text=said, user="U0GRACE", thread_ts=thread, parent_user_id="U0FRANK"
        )
        assert bot.send_event(colleague).status_code == 200
        assert "New message from <@U0GRACE> (Acme)" in _to_engineers(fake_slack, said)
    assert len(_asked(fake_slack, scoped)) - before == 1  # refused once: no look-up after that
    warnings = [r for r in caplog.records if r.name == "bot.adapters.slack.people"]
    assert len(warnings) == 1 and "users:read" in warnings[0].getMessage()


def test_an_unnamed_persons_id_is_a_mention_only_when_it_is_one(say, outbox) -> None:
    """Slack shows a real user id as a mention; anything else, and any id on the other
    front ends, is left out (the customer names them): no ping, no tag, no bare number."""
    from bot.adapters.slack.render import SlackRenderer
    from bot.adapters.telegram.render import TelegramRenderer
    from bot.messages import reply_from_dict

    say("/ticket new Printer on fire")
    [alert] = outbox("ticket_new_staff")
    for author_id, slack_shows in (
        ("slack:U0HANK", "from <@U0HANK> (Acme)"),
        ("slack:U0X> <!channel", "from Acme ["),  # not an id: the customer alone
        ("telegram:5550001", "from Acme ["),
    ):
        data = {**alert["reply"]["data"], "author": "", "author_id": author_id}
        reply = reply_from_dict({**alert["reply"], "data": data})
        assert slack_shows in SlackRenderer().text(reply)
        telegram = TelegramRenderer().render(reply)
        assert "<@" not in telegram and "<!" not in telegram and "from Acme [" in telegram
