"""The outbox on SQLite and PostgreSQL: one row format, a chat's rows in order across workers.

A claim skips a row while an earlier row of its chat is held (in flight) or waits for its
retry, so a chat's messages never overtake each other, whichever worker sends them.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session

from bot.db.models import OutboxMessage
from bot.dispatcher import Dispatcher
from bot.enums import Platform
from bot.messages import Action, Notice, Reply
from bot.services.outbox import CLAIM_LEASE, Outbox, notice_to_json

START = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def outbox(dispatcher: Dispatcher, clock: Clock) -> Outbox:
    assert dispatcher.engine is not None
    return Outbox(dispatcher.engine, clock)


def notice(channel: str, text: str, thread: str | None = None, **options: object) -> Notice:
    reply = Reply(kind="error_generic", data={"text": text}, actions=(Action("kb_helped", "7"),))
    return Notice(Platform.TELEGRAM, channel, reply, thread=thread, options=options)


def queue(outbox: Outbox, *items: tuple[str, str]) -> None:
    for channel, text in items:
        assert outbox.enqueue_notice(notice(channel, text), dedupe_key=text)


def texts(rows: list) -> list[str]:  # type: ignore[type-arg]
    return [row.notice.reply.data["text"] for row in rows]


def test_a_notice_comes_back_as_it_went_in(outbox: Outbox) -> None:
    sent = notice("-100", "hello", thread="42", reply_to=7, answer=True)
    outbox.enqueue_notice(sent)
    (row,) = outbox.claim("telegram")
    assert row.notice == sent and row.parts_sent == 0 and row.legacy is None


def test_a_notice_queued_by_an_older_version_is_still_sent(
    outbox: Outbox, dispatcher: Dispatcher
) -> None:
    """Older rows carry reply fields no template read (text, sections, links)."""
    sent = notice("-100", "hello")
    outbox.enqueue_notice(sent)
    old = json.loads(notice_to_json(sent))
    old["reply"].update(text="", sections=[["Steps", "1. Sign in"]], links=[["https://x", "X"]])
    assert dispatcher.engine is not None
    with Session(dispatcher.engine) as session:
        session.exec(update(OutboxMessage).values(payload=json.dumps(old)))
        session.commit()
    (row,) = outbox.claim("telegram")
    assert row.notice == sent


def test_a_redelivered_answer_is_stored_once(outbox: Outbox) -> None:
    assert outbox.enqueue_notice(notice("-100", "a"), dedupe_key="telegram:1")
    assert not outbox.enqueue_notice(notice("-100", "a"), dedupe_key="telegram:1")
    assert outbox.depth("telegram") == 1


def test_a_chats_later_rows_wait_while_an_earlier_one_waits_for_its_retry(
    outbox: Outbox, clock: Clock
) -> None:
    queue(outbox, ("-100", "first"), ("-100", "second"), ("-200", "other"))
    claimed = outbox.claim("telegram")
    first = claimed[0]
    outbox.mark_failed(first.id, "flood control", retry_after=5)
    outbox.defer_many([row.id for row in claimed[1:]])  # handed back untried (both chats)
    assert texts(outbox.claim("telegram")) == ["other"]  # other chats go on
    clock.now += timedelta(seconds=4)
    assert outbox.claim("telegram") == []  # "second" never overtakes "first"
    clock.now += timedelta(seconds=2)
    assert texts(outbox.claim("telegram")) == ["first", "second"]


def test_a_row_in_flight_holds_its_chat_until_it_is_marked(outbox: Outbox, clock: Clock) -> None:
    queue(outbox, ("-100", "first"))
    (first,) = outbox.claim("telegram")  # one worker is sending it
    queue(outbox, ("-100", "second"))
    assert outbox.claim("telegram") == []  # another worker must not send "second" now
    outbox.record([first.id])
    assert texts(outbox.claim("telegram")) == ["second"]


def test_a_dead_workers_rows_come_back_in_order_after_the_lease(
    outbox: Outbox, clock: Clock
) -> None:
    queue(outbox, ("-100", "first"), ("-100", "second"))
    outbox.claim("telegram", limit=1)  # the worker dies while sending "first"
    assert outbox.claim("telegram") == []
    clock.now += CLAIM_LEASE + timedelta(seconds=1)
    assert texts(outbox.claim("telegram")) == ["first", "second"]


def test_a_row_given_up_no_longer_holds_its_chat(outbox: Outbox, clock: Clock) -> None:
    queue(outbox, ("-100", "doomed"), ("-100", "next"))
    doomed, following = outbox.claim("telegram")
    outbox.give_up(doomed.id, "BadRequest: chat not found")
    outbox.defer_many([following.id])
    assert texts(outbox.claim("telegram")) == ["next"]
    assert outbox.depth() == 1  # the given-up row is kept, but not counted as waiting


def test_parts_sent_survive_a_retry(outbox: Outbox, clock: Clock) -> None:
    queue(outbox, ("-100", "long"))
    (row,) = outbox.claim("telegram")
    outbox.record([], progress=[(row.id, 2)])
    outbox.mark_failed(row.id, "NetworkError", parts_sent=2)
    clock.now += timedelta(seconds=5)
    (again,) = outbox.claim("telegram")
    assert again.parts_sent == 2 and again.attempts == 1


def test_workers_claiming_at_once_never_share_a_chat(outbox: Outbox) -> None:
    queue(outbox, *[(f"-{100 + n % 5}", f"m{n}") for n in range(60)])
    holders: dict[str, set[int]] = {}
    lock = threading.Lock()

    def worker(number: int) -> None:
        for row in outbox.claim("telegram", limit=4):
            with lock:
                holders.setdefault(str(row.chat_key), set()).add(number)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert holders and all(len(workers) == 1 for workers in holders.values())
