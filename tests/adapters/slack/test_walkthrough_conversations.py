"""Walkthrough findings on Slack conversations, replayed over real HTTP (signed requests,
fake Web API): mentions in slash commands, mrkdwn in titles."""

from __future__ import annotations

import itertools

from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import RunningBot
from tests.fakes.slack_api import FakeSlackApi

_hooks = itertools.count(1)


def _support(bot: RunningBot, api: FakeSlackApi, text: str, **kw: str) -> str:
    """Run ``/support <text>`` and return the private answer (its response_url post)."""
    name = f"conv-{next(_hooks)}-{payloads.next_ts()}"
    assert bot.send_command(text, response_url=api.hook_url(name), **kw).status_code == 200
    return str(api.wait_for(f"/hooks/{name}")[0].payload.get("text", ""))


def _alert(api: FakeSlackApi, words: str) -> str:
    """The new-ticket alert in the engineers' channel whose text holds ``words``."""
    return str(
        api.wait_for(
            "chat.postMessage",
            where=lambda c: c.payload["channel"] == "C_ENG" and words in c.payload["text"],
        )[0].payload["text"]
    )


def test_a_mention_in_a_slash_command_subject_reads_as_the_name(slack_bot, fake_slack) -> None:
    """Finding 13: ``<@U_ALICE>`` in ``/support ticket new`` reads "@Alice", as in messages."""
    marker = payloads.next_ts()
    text = f"ticket new Calendar <@U_ALICE> said to ask {marker}"
    _support(slack_bot, fake_slack, text, user="U_WALK13", channel="C_ACME")
    alert = _alert(fake_slack, marker)
    assert "@Alice said to ask" in alert and "U_ALICE" not in alert
