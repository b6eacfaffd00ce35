"""Telegram's outbound edges through the real front end and the fake Bot API, on both databases.

A hung call is abandoned at the timeout and retried while other chats go on; flood
control (429) holds back its chat only; an update the database cannot store is refused
alone; with two workers one chat's answers keep their order.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import httpx

from bot.adapters.telegram import Target, TelegramRenderer
from bot.enums import Platform
from bot.messages import Notice, Reply
from bot.settings import load_settings
from tests.fakes.base import HUNG, Call
from tests.fakes.telegram_api import FakeTelegramApi

from .conftest import SECRET, Bot, StartBot, telegram_environ
from .updates import mention, message

BOT = "acme_support_bot"


def _to(chat: int):  # type: ignore[no-untyped-def]
    return lambda call: call.payload.get("chat_id") == chat


def _bot(
    start_bot: StartBot, config: Path, api: FakeTelegramApi, url: str, **options: object
) -> Bot:
    return start_bot(load_settings(config, environ=telegram_environ(api, url)), **options)


def test_a_hung_call_is_abandoned_and_retried_while_other_chats_go_on(
    database_url: str, telegram_config: Path, fake_api: FakeTelegramApi, start_bot: StartBot
) -> None:
    bot = _bot(start_bot, telegram_config, fake_api, database_url, send_timeout=1)
    stuck, free = bot.new_group(), bot.new_group()
    fake_api.hang("sendMessage", 30, chat=stuck)
    bot.send(message(f"/health@{BOT}", chat_id=stuck))
    [hung] = fake_api.wait_for("sendMessage", where=_to(stuck), ok_only=False)
    bot.send(message(f"/help@{BOT}", chat_id=free))
    [other] = fake_api.wait_for("sendMessage", where=_to(free))
    [sent] = fake_api.wait_for("sendMessage", where=_to(stuck), timeout=20)
    [(_call, gave_up)] = fake_api.abandoned("sendMessage")
    assert hung.status == HUNG
    assert other.at < gave_up  # the other chat was answered while the call still hung
    assert gave_up < sent.at  # the bot gave up on the hung call, then sent it again
    assert "VPN gateway" in sent.payload["text"]


def test_flood_control_holds_back_its_chat_only(
    database_url: str, telegram_config: Path, fake_api: FakeTelegramApi, start_bot: StartBot
) -> None:
    bot = _bot(start_bot, telegram_config, fake_api, database_url)
    limited, free = bot.new_group(), bot.new_group()
    fake_api.fail("sendMessage", 429, retry_after=30, chat=limited)
    bot.send(message(f"/health@{BOT}", chat_id=limited))
    fake_api.wait_for("sendMessage", where=_to(limited), ok_only=False)
    bot.send(message(f"/help@{BOT}", chat_id=limited))  # waits behind the first answer
    bot.send(message(f"/help@{BOT}", chat_id=free))
    fake_api.wait_for("sendMessage", where=_to(free))  # another chat is not paused
    quiet = [c for c in fake_api.wait_quiet("sendMessage", 1.0) if _to(limited)(c)]
    attempts = [c.status for c in fake_api.calls("sendMessage", ok_only=False) if _to(limited)(c)]
    assert quiet == [] and attempts == [429]


def test_an_update_the_database_cannot_store_is_refused_alone(
    database_url: str, telegram_config: Path, fake_api: FakeTelegramApi, start_bot: StartBot
) -> None:
    bot = _bot(start_bot, telegram_config, fake_api, database_url)
    groups = [bot.new_group() for _ in range(3)]
    updates = [
        message(mention("I forgot my password"), chat_id=groups[0]),
        message(mention("broken \ud800 text"), chat_id=groups[1]),  # valid JSON, no Unicode
        message(f"/help@{BOT}", chat_id=groups[2]),
    ]
    statuses: dict[int, int] = {}

    def post(number: int) -> None:
        body = json.dumps(updates[number])  # escapes the surrogate, as Telegram's JSON would
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
        with httpx.Client(timeout=10) as client:
            response = client.post(f"{bot.url}/telegram/webhook", content=body, headers=headers)
            statuses[number] = response.status_code

    threads = [threading.Thread(target=post, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == {0: 200, 1: 400, 2: 200}
    bot.sent_to(groups[0])
    bot.sent_to(groups[2])
    assert fake_api.wait_quiet("sendMessage", 0.5) and not bot.api.texts(groups[1])


def test_two_workers_answer_one_chat_in_order(
    database_url: str, telegram_config: Path, fake_api: FakeTelegramApi, start_bot: StartBot
) -> None:
    """Behind a load balancer one chat's updates reach both workers in turn."""
    workers = [_bot(start_bot, telegram_config, fake_api, database_url) for _ in range(2)]
    group = workers[0].new_group()
    texts = [f"/help@{BOT}", mention("I forgot my password"), f"/health@{BOT}"]
    sent = [message(texts[n % 3], chat_id=group) for n in range(30)]
    for number, update in enumerate(sent):
        workers[number % 2].send(update)
    answers = fake_api.wait_for("sendMessage", 30, where=_to(group), timeout=60)
    order = [_answered(call) for call in answers]
    assert order == [u["message"]["message_id"] for u in sent]


def _answered(call: Call) -> int:
    """The message an answer replies to."""
    return int(call.payload["reply_parameters"]["message_id"])


def test_a_long_message_resumes_after_the_last_part_sent(
    database_url: str, telegram_config: Path, fake_api: FakeTelegramApi, start_bot: StartBot
) -> None:
    """A text past Telegram's limit is two messages; when the second fails, the retry
    sends the second only."""
    bot = _bot(start_bot, telegram_config, fake_api, database_url)
    group = bot.new_group()
    text = " ".join(["first-part"] * 500 + ["second-part"] * 500)
    reply = Reply(
        kind="notice_engineer_reply",
        data={"engineer": "Alice", "ticket": {"number": "T-4242"}, "text": text},
    )
    chunks = len(TelegramRenderer().payloads(reply, Target(chat_id=group)))
    failing = lambda p: "second-part" in str(p.get("text"))  # noqa: E731
    fake_api.fail("sendMessage", 500, where=failing)
    notice = Notice(Platform.TELEGRAM, str(group), reply)
    assert bot.dispatcher.services.outbox.enqueue_notice(notice)
    sent = fake_api.wait_for("sendMessage", chunks, where=_to(group), timeout=20)
    texts = [c.payload["text"] for c in sent]
    assert chunks >= 2 and len(set(texts)) == chunks  # each part once, none repeated
    failed = [c for c in fake_api.calls("sendMessage", ok_only=False) if c.status == 500]
    assert len(failed) == 1 and failed[0].payload["text"] in texts  # resent, once
    assert texts.index(failed[0].payload["text"]) > 0  # and it was not the first part
