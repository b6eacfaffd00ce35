"""Counting a drill: answers at the fakes per expected message, ticket notices, and the
verdict (lost, duplicated, forged answered)."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass

from _cluster import Cluster
from _common import say
from _fakes import ApiCall
from _load import ENGINEERS, Item, Load
from _send import SendStats


@dataclass
class Tally:
    """Answers per expected (platform, where, key), and the markers seen per platform."""

    answers: dict[tuple[str, str, str], list[float]]
    marks: dict[str, list[tuple[str, str, float]]]
    calls: Counter[str]

    @classmethod
    def of(cls, slack: list[ApiCall], telegram: list[ApiCall]) -> Tally:
        answers: dict[tuple[str, str, str], list[float]] = defaultdict(list)
        marks: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
        calls: Counter[str] = Counter()
        for platform, seen, method in (
            ("slack", slack, "chat.postMessage"),
            ("telegram", telegram, "sendMessage"),
        ):
            for call in seen:
                calls[f"{platform} {call.method} {call.status}"] += 1
                if call.method != method or call.status != 200:
                    continue
                if call.key is not None:
                    answers[(platform, call.where, call.key)].append(call.at)
                for found in call.marks:
                    marks[found].append((platform, call.where, call.at))
        return cls(answers, marks, calls)


@dataclass
class Verdict:
    """The drill's figures for one run."""

    expected: int
    answered: int
    lost: int
    duplicated: int
    forged_answered: int
    last_answer: float
    tickets_expected: int = 0
    notices_lost: int = 0
    notices_duplicated: int = 0


def judge(load: Load, tally: Tally) -> Verdict:
    """Every genuine item answered exactly once; nothing for a forged one; one new-ticket
    notice per ticket in each engineers' channel."""
    expected = load.genuine
    counts = [len(tally.answers.get((i.platform, i.where, i.key), [])) for i in expected]
    firsts = [
        min(tally.answers[(i.platform, i.where, i.key)])
        for i in expected
        if (i.platform, i.where, i.key) in tally.answers
    ]
    forged_answered = sum(
        1
        for i in load.forged
        if (i.platform, i.where, i.key) in tally.answers or i.mark in tally.marks
    )
    notices_lost = notices_duplicated = 0
    for ticket in load.tickets:
        for platform, channel in ENGINEERS.items():
            seen = sum(
                1 for p, w, _ in tally.marks.get(ticket.mark, []) if (p, w) == (platform, channel)
            )
            notices_lost += seen == 0
            notices_duplicated += max(0, seen - 1)
    return Verdict(
        expected=len(expected),
        answered=sum(1 for c in counts if c),
        lost=sum(1 for c in counts if not c),
        duplicated=sum(max(0, c - 1) for c in counts),
        forged_answered=forged_answered,
        last_answer=max(firsts, default=0.0),
        tickets_expected=len(load.tickets),
        notices_lost=notices_lost,
        notices_duplicated=notices_duplicated,
    )


def odd_ones(load: Load, tally: Tally) -> tuple[list[Item], list[tuple[Item, list[float]]]]:
    """The genuine items never answered, and those answered more than once (with when)."""
    lost, twice = [], []
    for item in load.genuine:
        times = sorted(tally.answers.get((item.platform, item.where, item.key), []))
        if not times:
            lost.append(item)
        elif len(times) > 1:
            twice.append((item, times))
    return lost, twice


def answer_latencies(load: Load, tally: Tally, stats: SendStats) -> list[float]:
    """Seconds from an item's first request to its first answer."""
    latencies = []
    for item in load.genuine:
        times = tally.answers.get((item.platform, item.where, item.key))
        if times and item.number in stats.first_sent:
            latencies.append(min(times) - stats.first_sent[item.number])
    return sorted(latencies)


def wait_answers(
    c: Cluster, load: Load, timeout: float, *, every: float = 5.0
) -> tuple[Verdict, Tally]:
    """Poll the fakes until every genuine item (and ticket notice) is answered, or
    ``timeout``; prints progress."""
    deadline = time.monotonic() + timeout
    said = 0.0
    while True:
        tally = Tally.of(c.slack.calls(), c.telegram.calls())
        verdict = judge(load, tally)
        now = time.monotonic()
        complete = verdict.lost == 0 and verdict.notices_lost == 0
        if complete or now >= deadline or now - said >= every:
            say(
                f"  answered {verdict.answered}/{verdict.expected}, duplicated "
                f"{verdict.duplicated}, ticket notices missing {verdict.notices_lost}"
            )
            said = now
        if complete or now >= deadline:
            return verdict, tally
        time.sleep(1.0)


@dataclass(frozen=True)
class Doubles:
    """Messages that went out twice, split by whether the first copy was in flight when a
    worker was killed (sent, but not yet marked sent: the only repeat a crash may cause)."""

    answers_in_flight: int = 0
    answers_other: int = 0
    notices_in_flight: int = 0
    notices_other: int = 0


def doubles_around(load: Load, tally: Tally, killed_at: float, window: float) -> Doubles:
    """Classify duplicates by the first copy's arrival: within ``window`` seconds before
    ``killed_at`` (a call can be in flight at most its timeout) or not."""

    def in_flight(first: float) -> bool:
        return killed_at - window <= first <= killed_at

    answers = [0, 0]
    for item in load.genuine:
        times = sorted(tally.answers.get((item.platform, item.where, item.key), []))
        if len(times) > 1:
            answers[0 if in_flight(times[0]) else 1] += len(times) - 1
    notices = [0, 0]
    for ticket in load.tickets:
        for platform, channel in ENGINEERS.items():
            times = sorted(
                at for p, w, at in tally.marks.get(ticket.mark, []) if (p, w) == (platform, channel)
            )
            if len(times) > 1:
                notices[0 if in_flight(times[0]) else 1] += len(times) - 1
    return Doubles(answers[0], answers[1], notices[0], notices[1])
