"""What every fake platform shares: calls recorded, faults injected, waits with a deadline.

A fake is a real server on 127.0.0.1, port 0 (an HTTP API in ``http.py``, a mail
server in ``smtp.py``). Every fake has the same verbs:

- ``start()`` / ``stop()``, or ``with Fake() as fake:``;
- ``fail(method, status, retry_after=…, times=…, chat=…, where=…)``: the next matching
  calls fail (a 429 for one ``chat``, or for every chat when none is given; a 5xx);
- ``hang(method, seconds, times=…, chat=…)``: the next matching calls get no answer
  for ``seconds`` and then none at all (the connection closes), as a stuck platform;
  ``abandoned()`` tells when the client gave up on each (its timeout);
- ``slow(method, seconds, times=…, chat=…)``: the next matching calls are taken (and
  recorded as taken) but answered only after ``seconds``, as a platform that did the
  work and answered too late for the client's timeout;
- ``calls(method=None, ok_only=True)``; ``wait_for(method, count, where=…, timeout=…)``
  blocks on a condition and fails with what did arrive; ``wait_quiet`` proves a
  negative; ``reset()`` forgets calls and pending faults.

``random_faults=(p429, p500, seed)`` also fails that share of calls at random (drills).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

HUNG = 0  # the status recorded for a call that got no answer
SLOW = -1  # a fault's status: the call is taken, and answered late


@dataclass(frozen=True)
class Call:
    """One request a fake received: method, decoded payload, what it answered, when.

    ``at`` is time.monotonic() on arrival (CLOCK_MONOTONIC: one clock for every
    process on the machine, so benchmarks in other processes can compare). ``answer``
    is the body the fake answered with (the ``ts`` or ``message_id`` it gave a message:
    what a person's later reply or button press refers to).
    """

    method: str
    payload: dict[str, Any]
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    token: str = ""
    at: float = 0.0
    answer: Any = None

    @property
    def ok(self) -> bool:
        """Taken by the platform (HTTP 2xx, SMTP 250)."""
        return 200 <= self.status < 300


@dataclass
class Fault:
    """A failure waiting for the next matching call(s)."""

    status: int
    retry_after: float | None = None
    times: int = 1
    chat: str | None = None
    where: Callable[[dict[str, Any]], bool] | None = None
    description: str = ""
    hang_seconds: float = 0.0

    def matches(self, chat: str | None, payload: dict[str, Any]) -> bool:
        if self.chat is not None and str(chat) != str(self.chat):
            return False
        return self.where is None or self.where(payload)


class FakeServer:
    """The shared half of every fake: subclasses serve a protocol and call :meth:`_record`."""

    random_fault_exempt: frozenset[str] = frozenset()

    def __init__(self, *, random_faults: tuple[float, float, int] | None = None) -> None:
        self.random_faults = random_faults
        self._random = random.Random(random_faults[2] if random_faults else 0)
        self._calls: list[Call] = []
        self._faults: dict[str, list[Fault]] = {}
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._abandoned: list[tuple[Call, float]] = []

    # -- lifecycle (subclasses serve) ----------------------------------------------------

    def start(self) -> FakeServer:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Any:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # -- faults --------------------------------------------------------------------------

    def fail(
        self,
        method: str,
        status: int,
        *,
        retry_after: float | None = None,
        times: int = 1,
        chat: str | int | None = None,
        where: Callable[[dict[str, Any]], bool] | None = None,
        description: str = "",
    ) -> None:
        """The next ``times`` calls of ``method`` (for ``chat``, matching ``where``) fail
        with ``status``; a 429 carries ``retry_after``."""
        target = None if chat is None else str(chat)
        fault = Fault(status, retry_after, times, target, where, description)
        with self._changed:
            self._faults.setdefault(method, []).append(fault)

    def hang(
        self,
        method: str,
        seconds: float,
        *,
        times: int = 1,
        chat: str | int | None = None,
        where: Callable[[dict[str, Any]], bool] | None = None,
    ) -> None:
        """The next ``times`` calls of ``method`` get no answer for ``seconds``, then the
        connection closes (recorded with status 0: the platform never took them)."""
        target = None if chat is None else str(chat)
        fault = Fault(HUNG, None, times, target, where, hang_seconds=seconds)
        with self._changed:
            self._faults.setdefault(method, []).append(fault)

    def slow(
        self,
        method: str,
        seconds: float,
        *,
        times: int = 1,
        chat: str | int | None = None,
        where: Callable[[dict[str, Any]], bool] | None = None,
    ) -> None:
        """The next ``times`` calls of ``method`` are done (recorded as taken at once) but
        answered only after ``seconds``: a client that gives up sooner cannot tell."""
        target = None if chat is None else str(chat)
        fault = Fault(SLOW, None, times, target, where, hang_seconds=seconds)
        with self._changed:
            self._faults.setdefault(method, []).append(fault)

    def reset(self) -> None:
        """Forget recorded calls and pending faults (scenarios sharing one fake)."""
        with self._changed:
            self._calls.clear()
            self._faults.clear()
            self._abandoned.clear()

    def _fault_for(self, method: str, chat: str | None, payload: dict[str, Any]) -> Fault | None:
        """The fault this call meets, if any (injected first, then a random one)."""
        with self._changed:
            queue = self._faults.get(method) or []
            for fault in queue:
                if fault.matches(chat, payload):
                    fault.times -= 1
                    if fault.times <= 0:
                        queue.remove(fault)
                    return fault
            return self._random_fault(method)

    def _random_fault(self, method: str) -> Fault | None:
        if self.random_faults is None or method in self.random_fault_exempt:
            return None
        p429, p500, _seed = self.random_faults
        roll = self._random.random()
        if roll < p429:
            return Fault(429, 1)
        if roll < p429 + p500:
            return Fault(500)
        return None

    def _gave_up(self, call: Call) -> None:
        """The client closed a hung call (its timeout): noted with the time."""
        with self._changed:
            self._abandoned.append((call, time.monotonic()))
            self._changed.notify_all()

    def abandoned(self, method: str | None = None) -> list[tuple[Call, float]]:
        """Hung calls the client gave up on, with when (time.monotonic()) it closed them."""
        with self._changed:
            return [(c, at) for c, at in self._abandoned if method in (None, c.method)]

    def _hold(self, fault: Fault) -> None:
        """Keep a hung call waiting (ends early when the fake stops)."""
        self._stopping.wait(fault.hang_seconds)

    # -- the record ----------------------------------------------------------------------

    def _record(self, call: Call) -> None:
        with self._changed:
            self._calls.append(call)
            self._changed.notify_all()

    def calls(self, method: str | None = None, *, ok_only: bool = True) -> list[Call]:
        """Calls received so far (of ``method``; answered with 200 unless ``ok_only=False``)."""
        with self._changed:
            return [
                c
                for c in self._calls
                if (method is None or c.method == method) and (c.ok or not ok_only)
            ]

    def wait_for(
        self,
        method: str,
        count: int = 1,
        *,
        where: Callable[[Call], bool] | None = None,
        timeout: float = 10.0,
        ok_only: bool = True,
    ) -> list[Call]:
        """Block until ``count`` matching calls arrived; fail the test with what did arrive."""
        deadline = time.monotonic() + timeout

        def matching() -> list[Call]:
            return [
                c
                for c in self._calls
                if c.method == method and (c.ok or not ok_only) and (where is None or where(c))
            ]

        with self._changed:
            while len(found := matching()) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [(c.method, c.status) for c in self._calls]
                    raise AssertionError(f"waited {timeout}s for {count}× {method}; got {seen}")
                self._changed.wait(left)
            return found

    def wait_quiet(self, method: str, seconds: float) -> list[Call]:
        """Give late calls of ``method`` a chance to arrive, then return them all.

        Used only to prove a negative (nothing was sent twice); it waits on the
        condition, so it ends late by at most ``seconds``.
        """
        deadline = time.monotonic() + seconds
        with self._changed:
            while (left := deadline - time.monotonic()) > 0:
                self._changed.wait(left)
            return [c for c in self._calls if c.method == method and c.ok]
