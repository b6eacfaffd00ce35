"""Slack's outbound edges, through the real front end and the fake Web API, on both databases.

A hung call is abandoned at the timeout and retried, and other channels go on meanwhile;
a 429 holds back its channel only (or its method, for Slack's per-method limits); a
message is marked sent as soon as its call returns; a delivery the database cannot
store is refused alone.
"""

from __future__ import annotations

import base64
import json
import threading
import time

import httpx
from sqlmodel import Session, select

from bot.db import create_db_engine
from bot.db.models import InboxEntry, OutboxMessage
from bot.enums import Platform
from bot.messages import Notice, Reply
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import RunningBot, StartSlackBot, wait_until
from tests.fakes.base import HUNG, Call
from tests.fakes.slack_api import FakeSlackApi

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\nnot really an image").decode("ascii")


def _reply(text: str, **data: object) -> Reply:
    return Reply(
        kind="notice_engineer_reply",
        data={"engineer": "Alice", "ticket": {"number": "T-4242"}, "text": text, **data},
    )


def _queue(bot: RunningBot, channel: str, text: str, **data: object) -> None:
    notice = Notice(Platform.SLACK, channel, _reply(text, **data))
    assert bot.dispatcher.services.outbox.enqueue_notice(notice, dedupe_key=text)


def _saying(text: str):  # type: ignore[no-untyped-def]
    return lambda call: text in json.dumps(call.payload, ensure_ascii=False)


def _rows(bot: RunningBot) -> dict[str, OutboxMessage]:
    engine = create_db_engine(bot.dispatcher.settings.database_url)
    with Session(engine) as session:
        rows = session.exec(select(OutboxMessage)).all()
    engine.dispose()
    return {str(row.dedupe_key): row for row in rows}


def test_a_hung_call_is_abandoned_and_retried_while_other_channels_go_on(
    start_slack_bot: StartSlackBot, fake_slack: FakeSlackApi
) -> None:
    bot = start_slack_bot(send_timeout=1)
    tag = payloads.next_ts()
    stuck, free = f"stuck {tag}", f"free {tag}"
    fake_slack.hang("chat.postMessage", 30, where=lambda p: stuck in p.get("text", ""))
    _queue(bot, "C_HUNG", stuck)
    [hung] = fake_slack.wait_for("chat.postMessage", where=_saying(stuck), ok_only=False)
    _queue(bot, "C_FREE", free)
    [other] = fake_slack.wait_for("chat.postMessage", where=_saying(free))
    [sent] = fake_slack.wait_for("chat.postMessage", where=_saying(stuck), timeout=20)
    [(_call, gave_up)] = [a for a in fake_slack.abandoned() if a[0].at == hung.at]
    assert hung.status == HUNG
    assert other.at < gave_up  # the other channel went out while the call still hung
    assert gave_up < sent.at  # the bot gave up on the hung call, then sent it again
    wait_until(lambda: _rows(bot)[stuck].sent_at)  # marked once Slack's answer is in


def test_a_429_holds_back_its_channel_only(
    start_slack_bot: StartSlackBot, fake_slack: FakeSlackApi
) -> None:
    bot = start_slack_bot()
    tag = payloads.next_ts()
    limited, later, free = f"limited {tag}", f"later {tag}", f"free {tag}"
    channel = f"C_LIMIT{tag.replace('.', '')}"
    fake_slack.fail("chat.postMessage", 429, retry_after=30, chat=channel)
    _queue(bot, channel, limited)
    fake_slack.wait_for("chat.postMessage", where=_saying(limited), ok_only=False)
    _queue(bot, "C_FREE", free)
    _queue(bot, channel, later)
    fake_slack.wait_for("chat.postMessage", where=_saying(free))  # not paused
    to_limited = [c for c in fake_slack.wait_quiet("chat.postMessage", 1.0) if _in(c, channel)]
    assert to_limited == []  # nothing went to the limited channel: "later" waits behind
    rows = _rows(bot)
    assert rows[limited].sent_at is None and "rate limited" in (rows[limited].last_error or "")
    assert rows[later].sent_at is None and rows[later].attempts == 0


def _in(call: Call, channel: str) -> bool:
    return call.payload.get("channel") == channel


def test_a_limit_on_a_method_holds_back_that_method_in_every_channel(
    start_slack_bot: StartSlackBot, fake_slack: FakeSlackApi
) -> None:
    """Slack limits file uploads per workspace: after a 429 no channel uploads until it ends."""
    bot = start_slack_bot()
    tag = payloads.next_ts()
    since = time.monotonic()
    fake_slack.fail("files.getUploadURLExternal", 429, retry_after=30)
    _queue(bot, "C_CHART1", f"one {tag}", chart_png=PNG)
    fake_slack.wait_for("files.getUploadURLExternal", where=lambda c: c.at > since, ok_only=False)
    _queue(bot, "C_CHART2", f"two {tag}", chart_png=PNG)
    fake_slack.wait_for("chat.postMessage", where=_saying(f"two {tag}"))  # posts still go
    fake_slack.wait_quiet("files.getUploadURLExternal", 1.0)
    attempts = fake_slack.calls("files.getUploadURLExternal", ok_only=False)
    assert [c.status for c in attempts if c.at > since] == [429]
    rows = _rows(bot)
    assert rows[f"two {tag}"].parts_sent == 1  # its text went out; the chart waits
    assert rows[f"two {tag}"].sent_at is None


def test_each_message_is_marked_sent_as_soon_as_its_call_returns(
    start_slack_bot: StartSlackBot, fake_slack: FakeSlackApi
) -> None:
    """A crash now would repeat only the call in flight, not the message before it."""
    bot = start_slack_bot(send_timeout=5)
    tag = payloads.next_ts()
    first, second = f"first {tag}", f"second {tag}"
    fake_slack.hang("chat.postMessage", 30, where=lambda p: second in p.get("text", ""))
    _queue(bot, "C_MARK", first)
    _queue(bot, "C_MARK", second)
    fake_slack.wait_for("chat.postMessage", where=_saying(second), ok_only=False)
    rows = _rows(bot)  # read while the second call still hangs
    assert rows[first].sent_at is not None
    assert rows[second].sent_at is None


def test_an_event_the_database_cannot_store_is_refused_alone(
    start_slack_bot: StartSlackBot, fake_slack: FakeSlackApi
) -> None:
    bot = start_slack_bot()
    bodies = [
        payloads.event(text="I forgot my password"),
        payloads.event(text="broken \ud800 text"),  # a lone surrogate: valid JSON, no Unicode
        payloads.event(text="Cannot connect to the VPN"),
    ]
    statuses: dict[int, int] = {}

    def send(number: int) -> None:
        body = json.dumps(bodies[number])  # escapes the surrogate, as Slack's JSON would
        with httpx.Client(base_url=bot.url, timeout=10) as client:
            headers = payloads.signed_headers(body)
            statuses[number] = client.post(
                "/slack/events", content=body, headers=headers
            ).status_code

    threads = [threading.Thread(target=send, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses[0] == 200 and statuses[2] == 200 and statuses[1] >= 400
    for good in (bodies[0], bodies[2]):
        thread = good["event"]["ts"]
        fake_slack.wait_for(
            "chat.postMessage", where=lambda c, t=thread: c.payload.get("thread_ts") == t
        )
    engine = create_db_engine(bot.dispatcher.settings.database_url)
    with Session(engine) as session:
        stored = set(session.exec(select(InboxEntry.delivery_id)).all())
    engine.dispose()
    assert stored == {bodies[0]["event_id"], bodies[2]["event_id"]}
