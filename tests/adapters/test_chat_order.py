"""A chat's later messages never overtake the retry of an earlier one."""

from __future__ import annotations

from bot.adapters.chat_order import ORDER_GRACE_SECONDS, ChatOrder


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_later_rows_wait_for_the_failed_one_until_its_retry() -> None:
    clock = Clock()
    order = ChatOrder(clock)
    order.failed("C1", row_id=7, retry_in=2.0)
    assert order.wait_for("C1", 8) >= 2.0
    assert order.wait_for("C1", 7) == 0.0  # the failed row itself may go when due
    assert order.wait_for("C1", 6) == 0.0  # earlier rows are not held
    assert order.wait_for("C2", 8) == 0.0  # other chats are not held


def test_past_the_retry_time_later_rows_still_wait_until_it_is_sent() -> None:
    """Both come due together; a claim that sees the later row first must not send it."""
    clock = Clock()
    order = ChatOrder(clock)
    order.failed("C1", 7, retry_in=1.0)
    clock.now += 1.5
    assert order.wait_for("C1", 8) > 0
    order.done("C1", 7)
    assert order.wait_for("C1", 8) == 0.0


def test_a_failed_row_sent_by_another_worker_holds_the_chat_only_for_the_grace() -> None:
    clock = Clock()
    order = ChatOrder(clock)
    order.failed("C1", 7, retry_in=1.0)
    clock.now += 1.0 + ORDER_GRACE_SECONDS + 0.1
    assert order.wait_for("C1", 8) == 0.0


def test_done_for_another_row_does_not_release_the_chat() -> None:
    clock = Clock()
    order = ChatOrder(clock)
    order.failed("C1", 7, retry_in=3.0)
    order.done("C1", 5)
    assert order.wait_for("C1", 8) > 0
