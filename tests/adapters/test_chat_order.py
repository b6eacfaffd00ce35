"""A chat's work runs in claim order, one item at a time; a failure hands the rest back.

Across claims and workers the database keeps the order (tests/services/test_outbox.py
and test_inbox.py); this is the part inside one worker.
"""

from __future__ import annotations

import asyncio

from bot.adapters.chat_order import ChatOrder


class Journal:
    """Records what ran and what was handed back; items can be held open by the test."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.gates: dict[str, asyncio.Event] = {}

    def work(self, name: str, ok: bool = True, hold: bool = False):  # type: ignore[no-untyped-def]
        if hold:
            self.gates[name] = asyncio.Event()

        async def run() -> bool:
            self.events.append(f"start {name}")
            if name in self.gates:
                await self.gates[name].wait()
            self.events.append(f"end {name}")
            if ok == "raise":
                raise RuntimeError("boom")
            return ok

        return run

    def skip(self, name: str):  # type: ignore[no-untyped-def]
        async def back() -> None:
            self.events.append(f"back {name}")

        return back


def test_one_chats_items_run_in_order_while_other_chats_go_on() -> None:
    async def scenario() -> list[str]:
        order, journal = ChatOrder(), Journal()
        first = order.submit("C1", journal.work("c1-1", hold=True), journal.skip("c1-1"))
        second = order.submit("C1", journal.work("c1-2"), journal.skip("c1-2"))
        other = order.submit("C2", journal.work("c2-1"), journal.skip("c2-1"))
        await other  # C2 does not wait for C1's slow first item
        assert "start c1-2" not in journal.events
        journal.gates["c1-1"].set()
        assert await first and await second
        return journal.events

    events = asyncio.run(scenario())
    assert events.index("end c2-1") < events.index("end c1-1")
    assert events.index("end c1-1") < events.index("start c1-2")


def test_after_a_failure_the_chats_later_items_are_handed_back_not_run() -> None:
    async def scenario() -> tuple[list[bool], list[str]]:
        order, journal = ChatOrder(), Journal()
        tasks = [
            order.submit("C1", journal.work("a", ok=False), journal.skip("a")),
            order.submit("C1", journal.work("b"), journal.skip("b")),
            order.submit("C1", journal.work("c"), journal.skip("c")),
            order.submit("C2", journal.work("d"), journal.skip("d")),
        ]
        return list(await asyncio.gather(*tasks)), journal.events

    results, events = asyncio.run(scenario())
    assert results == [False, False, False, True]
    assert "start b" not in events and "start c" not in events
    assert events.index("back b") < events.index("back c")  # still in order
    assert "end d" in events


def test_an_item_that_raises_counts_as_failed_and_the_chat_starts_afresh_later() -> None:
    async def scenario() -> list[str]:
        order, journal = ChatOrder(), Journal()
        await order.submit("C1", journal.work("a", ok="raise"), journal.skip("a"))
        assert len(order) == 0  # nothing left in hand for C1
        assert await order.submit("C1", journal.work("b"), journal.skip("b"))
        return journal.events

    assert "end b" in asyncio.run(scenario())


def test_items_without_a_chat_are_independent() -> None:
    async def scenario() -> list[bool]:
        order, journal = ChatOrder(), Journal()
        failing = order.submit(None, journal.work("a", ok=False), journal.skip("a"))
        fine = order.submit(None, journal.work("b"), journal.skip("b"))
        return list(await asyncio.gather(failing, fine))

    assert asyncio.run(scenario()) == [False, True]
