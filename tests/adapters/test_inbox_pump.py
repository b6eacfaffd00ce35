"""The inbox pump: a group commit where one delivery fails stores the others; a chat's
deliveries are handled in order and a failure hands the rest of the chat back."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bot.adapters.inbox_pump import InboxPump
from bot.db.models import InboxEntry
from bot.dispatcher import Dispatcher
from bot.services.inbox import ClaimedDelivery, Delivery, UnstorableDelivery


def test_a_delivery_the_database_refuses_fails_alone_in_its_group_commit(
    dispatcher: Dispatcher,
) -> None:
    """PostgreSQL refuses a NUL character in a column (SQLite stores it): the deliveries
    that shared the transaction are stored anyway, each request told its own outcome."""
    inbox = dispatcher.services.inbox
    postgres = dispatcher.engine is not None and dispatcher.engine.dialect.name == "postgresql"

    async def handled(_row: ClaimedDelivery) -> None:
        return None

    async def scenario() -> list[object]:
        pump = InboxPump(inbox, "telegram", handled)
        pump.start()
        try:
            return await asyncio.gather(
                pump.put("u1", {"text": "first"}, "-100"),
                pump.put("u2", {"text": "odd chat"}, "-1\x0000"),
                pump.put("u3", {"text": "third"}, "-300"),
                return_exceptions=True,
            )
        finally:
            await pump.stop()

    first, odd, third = asyncio.run(scenario())
    assert first is None and third is None
    assert (odd is not None) == postgres
    with dispatcher.engine.connect() as conn:  # type: ignore[union-attr]
        stored = set(conn.execute(select(InboxEntry.delivery_id)).scalars())
    assert stored == ({"u1", "u3"} if postgres else {"u1", "u2", "u3"})


def test_a_delivery_that_can_never_be_stored_is_refused_before_the_batch(
    dispatcher: Dispatcher,
) -> None:
    async def handled(_row: ClaimedDelivery) -> None:
        return None

    async def scenario() -> None:
        pump = InboxPump(dispatcher.services.inbox, "slack", handled)
        pump.start()
        try:
            with pytest.raises(UnstorableDelivery):
                await pump.put("Ev1", {"text": "lone \ud800"}, "C1/1")
        finally:
            await pump.stop()

    asyncio.run(scenario())
    assert dispatcher.services.inbox.pending("slack") == 0


def test_after_a_failure_the_chats_later_deliveries_wait_for_its_retry(
    dispatcher: Dispatcher,
) -> None:
    inbox = dispatcher.services.inbox
    inbox.add_many([Delivery("telegram", f"u{n}", {"n": n}, "-100") for n in (1, 2, 3)])
    inbox.add_many([Delivery("telegram", "other", {"n": 0}, "-200")])
    seen: list[str] = []

    async def handle(row: ClaimedDelivery) -> None:
        seen.append(row.delivery_id)
        if row.delivery_id == "u1":
            raise RuntimeError("the core failed")

    async def scenario() -> None:
        pump = InboxPump(inbox, "telegram", handle)
        pump.start()
        for _ in range(500):  # until both chats had their turn (bounded)
            if "u1" in seen and "other" in seen:
                break
            await asyncio.sleep(0.01)
        await pump.stop()

    asyncio.run(scenario())
    assert sorted(seen) == ["other", "u1"]  # u2 and u3 were not handled after u1 failed
    assert inbox.claim("telegram") == []  # they wait behind u1 until its lease ends
    assert inbox.pending("telegram") == 3
