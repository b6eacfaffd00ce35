"""The inbox on SQLite and PostgreSQL: stored once, claimed by one worker, retried after a lease."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from bot.dispatcher import Dispatcher
from bot.enums import Platform
from bot.messages import InboundMessage
from bot.services.inbox import CLAIM_LEASE, Delivery, Inbox, UnstorableDelivery

START = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand (the inbox only ever asks it for "now")."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def inbox(dispatcher: Dispatcher, clock: Clock) -> Inbox:
    assert dispatcher.engine is not None
    return Inbox(dispatcher.engine, clock)


def deliveries(*ids: str, platform: str = "slack") -> list[Delivery]:
    return [Delivery(platform, i, {"text": f"question {i}"}) for i in ids]


def test_a_redelivered_event_is_stored_once(inbox: Inbox) -> None:
    assert inbox.add_many(deliveries("Ev1", "Ev2")) == 2
    assert inbox.add_many(deliveries("Ev1")) == 0
    claimed = inbox.claim("slack")
    assert [c.delivery_id for c in claimed] == ["Ev1", "Ev2"]
    assert claimed[0].body == {"text": "question Ev1"}


def test_the_same_id_on_two_platforms_is_two_deliveries(inbox: Inbox) -> None:
    inbox.add_many(deliveries("42") + deliveries("42", platform="telegram"))
    assert [c.platform for c in inbox.claim("slack")] == ["slack"]
    assert [c.platform for c in inbox.claim("telegram")] == ["telegram"]


def test_a_claimed_row_is_not_claimed_again_until_its_lease_ends(
    inbox: Inbox, clock: Clock
) -> None:
    inbox.add_many(deliveries("Ev1"))
    assert len(inbox.claim("slack")) == 1
    assert inbox.claim("slack") == []
    clock.now += CLAIM_LEASE - timedelta(seconds=1)
    assert inbox.claim("slack") == []
    clock.now += timedelta(seconds=2)  # the first worker died: the row is due again
    again = inbox.claim("slack")
    assert [(c.delivery_id, c.attempts) for c in again] == [("Ev1", 2)]


def test_finished_rows_are_never_claimed_again(inbox: Inbox, clock: Clock) -> None:
    inbox.add_many(deliveries("Ev1", "Ev2"))
    first, second = inbox.claim("slack")
    inbox.finish([first.id])
    clock.now += CLAIM_LEASE * 2
    assert [c.delivery_id for c in inbox.claim("slack")] == ["Ev2"]
    assert inbox.pending("slack") == 1
    inbox.finish([second.id])
    assert inbox.pending() == 0


def test_released_rows_are_due_at_once(inbox: Inbox) -> None:
    inbox.add_many(deliveries("Ev1"))
    (row,) = inbox.claim("slack")
    inbox.release([row.id])
    assert [c.delivery_id for c in inbox.claim("slack")] == ["Ev1"]


def test_a_row_given_up_keeps_its_error_and_leaves_the_queue(inbox: Inbox, clock: Clock) -> None:
    inbox.add_many(deliveries("Ev1"))
    (row,) = inbox.claim("slack")
    inbox.give_up(row.id, "ValueError('bad body')")
    clock.now += CLAIM_LEASE * 2
    assert inbox.claim("slack") == []
    assert inbox.pending() == 0


def test_prune_forgets_only_old_handled_rows(inbox: Inbox, clock: Clock) -> None:
    inbox.add_many(deliveries("old", "waiting"))
    old, _ = inbox.claim("slack")
    inbox.finish([old.id])
    clock.now += timedelta(days=8)
    assert inbox.prune(timedelta(days=7)) == 1
    assert inbox.pending() == 1
    assert inbox.add_many(deliveries("old")) == 1  # long forgotten: a new delivery


def test_workers_claiming_at_once_each_get_different_rows(inbox: Inbox) -> None:
    ids = [f"Ev{n}" for n in range(120)]
    inbox.add_many(deliveries(*ids))
    taken: list[str] = []
    lock = threading.Lock()

    def worker() -> None:
        while True:
            rows = inbox.claim("slack", limit=7)
            if not rows:
                return
            with lock:
                taken.extend(r.delivery_id for r in rows)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(taken) == sorted(ids)


def in_chats(*pairs: tuple[str, str]) -> list[Delivery]:
    """(delivery id, chat) pairs."""
    return [Delivery("telegram", i, {"text": i}, chat) for i, chat in pairs]


def test_a_chats_later_delivery_waits_while_an_earlier_one_is_held(
    inbox: Inbox, clock: Clock
) -> None:
    """One chat's deliveries go to one worker at a time, in order."""
    inbox.add_many(in_chats(("u1", "-100")))
    (first,) = inbox.claim("telegram", limit=1)  # worker A holds the chat's first update
    inbox.add_many(in_chats(("u2", "-100"), ("u3", "-200")))
    assert [c.delivery_id for c in inbox.claim("telegram")] == ["u3"]  # worker B: other chat
    inbox.finish([first.id])
    assert [c.delivery_id for c in inbox.claim("telegram")] == ["u2"]


def test_a_chat_held_by_a_dead_worker_comes_back_in_order_when_the_lease_ends(
    inbox: Inbox, clock: Clock
) -> None:
    inbox.add_many(in_chats(("u1", "-100"), ("u2", "-100")))
    inbox.claim("telegram", limit=1)  # the worker dies holding u1
    assert inbox.claim("telegram") == []  # u2 waits behind it
    clock.now += CLAIM_LEASE + timedelta(seconds=1)
    assert [c.delivery_id for c in inbox.claim("telegram")] == ["u1", "u2"]


def test_workers_claiming_at_once_never_share_a_chat(inbox: Inbox) -> None:
    pairs = [(f"u{n}", f"chat{n % 5}") for n in range(60)]
    inbox.add_many(in_chats(*pairs))
    holders: dict[str, set[int]] = {}
    lock = threading.Lock()

    def worker(number: int) -> None:
        for row in inbox.claim("telegram", limit=4):
            with lock:
                holders.setdefault(str(row.chat_key), set()).add(number)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert holders and all(len(workers) == 1 for workers in holders.values())


def test_a_delivery_the_database_cannot_store_is_refused_before_its_batch(
    inbox: Inbox,
) -> None:
    with pytest.raises(UnstorableDelivery):
        inbox.add_many([Delivery("slack", "Ev-bad", {"text": "a lone \ud800 surrogate"})])
    assert inbox.add_many(deliveries("Ev-good")) == 1


def test_handling_a_delivery_again_finds_the_ticket_it_opened(
    dispatcher: Dispatcher, outbox
) -> None:
    """A worker that died after opening the ticket: the retry must not open a second."""
    message = InboundMessage(
        Platform.SLACK,
        channel="C_ACME",
        user="U_CUSTOMER",
        text="/ticket new VPN drops every hour",
        delivery_id="Ev-crash-1",
    )
    first = dispatcher.handle(message)
    again = dispatcher.handle(message)
    assert first.kind == again.kind == "ticket_opened"
    assert first.data["ticket"].number == again.data["ticket"].number
    assert len(outbox("ticket_new_staff")) == 1
    other = dispatcher.handle(
        InboundMessage(
            Platform.SLACK,
            channel="C_ACME",
            user="U_CUSTOMER",
            text="/ticket new VPN drops every hour",
            delivery_id="Ev-crash-2",
        )
    )
    assert other.data["ticket"].number != first.data["ticket"].number


def test_every_worker_prunes_handled_deliveries_on_a_schedule(dispatcher: Dispatcher) -> None:
    """Without the job the inbox would keep every event forever."""
    from bot.scheduler import build_jobs

    jobs = {job.name: job for job in build_jobs(dispatcher)}
    assert jobs["inbox-prune"].work == dispatcher.services.inbox.prune
