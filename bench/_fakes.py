"""The fake Slack and Telegram APIs of tests/fakes, each in a process of its own.

``python bench/_fakes.py slack --faults 0.1,0.05,7`` prints the fake's URL, then answers
``calls N`` on stdin with one JSON line (the calls from the Nth on) until stdin closes.
Its own process keeps its work off the load generator's GIL."""

from __future__ import annotations

import argparse
import json
import select
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from _common import ROOT
from _load import MARK, parse_faults

sys.path.insert(0, str(ROOT))
from tests.fakes.base import Call
from tests.fakes.http import FakeHttpApi
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.telegram_api import FakeTelegramApi


class ApiCall(NamedTuple):
    """One call a fake received, boiled down to what a drill counts."""

    method: str
    status: int
    where: str  # Slack channel or Telegram chat id
    key: str | None  # Slack thread_ts / Telegram reply_parameters.message_id
    marks: list[str]  # the drill markers in the payload (once each: text and blocks repeat)
    at: float  # time.monotonic() in the fake (CLOCK_MONOTONIC: one clock for every process)


def _slack_record(call: Call) -> ApiCall:
    payload = call.payload
    thread = payload.get("thread_ts")
    text = json.dumps(payload, ensure_ascii=False, default=str)
    where = str(payload.get("channel") or "")
    marks = sorted(set(MARK.findall(text)))
    return ApiCall(call.method, call.status, where, thread and str(thread), marks, call.at)


def _telegram_record(call: Call) -> ApiCall:
    payload = call.payload
    reply = payload.get("reply_parameters")
    key = reply.get("message_id") if isinstance(reply, dict) else None
    marks = sorted(set(MARK.findall(str(payload.get("text") or ""))))
    where = str(payload.get("chat_id") or "")
    return ApiCall(call.method, call.status, where, key and str(key), marks, call.at)


# The fake, its URL for the workers, and how a drill reads a call, per platform.
FAKES: dict[str, tuple[type[FakeHttpApi], Callable[[Any], str], Callable[[Call], ApiCall]]] = {
    "slack": (FakeSlackApi, lambda fake: fake.api_url, _slack_record),
    "telegram": (FakeTelegramApi, lambda fake: fake.url, _telegram_record),
}


def serve_fake(platform: str, faults: tuple[float, float, int] | None) -> None:
    """Child process: a fake from tests/fakes; prints its URL, then answers ``calls N``
    on stdin with one JSON line (the calls from the Nth on) until stdin closes."""
    kind, url_of, record = FAKES[platform]
    fake = kind(random_faults=faults).start()
    print(json.dumps({"url": url_of(fake)}), flush=True)
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command != "calls":
            continue
        start = int(argument or 0)
        fresh = fake.calls(ok_only=False)[start:]
        answer = {"next": start + len(fresh), "calls": [record(c) for c in fresh]}
        print(json.dumps(answer), flush=True)
    fake.stop()


class FakeApiProcess:
    """A fake platform API in its own process, so its work does not share the load
    generator's GIL (the approach of bench/slack_events.py and bench/telegram_updates.py)."""

    def __init__(self, platform: str, faults: tuple[float, float, int] | None, log: Path) -> None:
        self.platform = platform
        self.faults = faults
        self.log = log
        self.url = ""
        self.seen: list[ApiCall] = []
        self._process: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def start(self, timeout: float = 30) -> FakeApiProcess:
        args = [sys.executable, str(Path(__file__).resolve()), self.platform]
        if self.faults is not None:
            args += ["--faults", ",".join(str(f) for f in self.faults)]
        with self.log.open("ab") as log:
            self._process = subprocess.Popen(
                args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True
            )
        self.url = json.loads(self._line(timeout))["url"]
        return self

    def _line(self, timeout: float) -> str:
        if self._process is None or self._process.stdout is None:
            raise RuntimeError(f"fake {self.platform} API not started")
        ready, _, _ = select.select([self._process.stdout], [], [], timeout)
        if not ready:
            raise TimeoutError(f"fake {self.platform} API silent for {timeout}s")
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError(f"fake {self.platform} API exited; see {self.log}")
        return line

    def calls(self, timeout: float = 60) -> list[ApiCall]:
        """Every call so far (fetching only the new ones); thread-safe."""
        with self._lock:
            if self._process is None or self._process.stdin is None:
                raise RuntimeError(f"fake {self.platform} API not started")
            self._process.stdin.write(f"calls {len(self.seen)}\n")
            self._process.stdin.flush()
            answer = json.loads(self._line(timeout))
            self.seen.extend(ApiCall(*c) for c in answer["calls"])
            return list(self.seen)

    def stop(self) -> None:
        if self._process is None:
            return
        if self._process.stdin is not None:
            self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=10)


def main() -> None:
    """``python bench/_fakes.py slack|telegram [--faults P429,P500,SEED]``: one fake
    platform API as a process (it prints its URL, then serves until stdin closes)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("platform", choices=sorted(FAKES))
    parser.add_argument("--faults", type=parse_faults, default=None)
    args = parser.parse_args()
    serve_fake(args.platform, args.faults)


if __name__ == "__main__":
    main()
