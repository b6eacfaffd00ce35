"""Pure state rules: which state is worse, state words, and the N-agreeing-results streak."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.enums import ServiceState

_ORDER = list(ServiceState)
DOWN_STATES = frozenset({ServiceState.PARTIAL_OUTAGE, ServiceState.MAJOR_OUTAGE})

# What engineers may type after /incident open <service>.
STATE_WORDS = {
    "operational": ServiceState.OPERATIONAL,
    "ok": ServiceState.OPERATIONAL,
    "degraded": ServiceState.DEGRADED,
    "slow": ServiceState.DEGRADED,
    "partial": ServiceState.PARTIAL_OUTAGE,
    "partial_outage": ServiceState.PARTIAL_OUTAGE,
    "partial-outage": ServiceState.PARTIAL_OUTAGE,
    "major": ServiceState.MAJOR_OUTAGE,
    "major_outage": ServiceState.MAJOR_OUTAGE,
    "major-outage": ServiceState.MAJOR_OUTAGE,
    "outage": ServiceState.MAJOR_OUTAGE,
    "down": ServiceState.MAJOR_OUTAGE,
    "maintenance": ServiceState.MAINTENANCE,
}


def rank(state: ServiceState | str) -> int:
    return _ORDER.index(ServiceState(state))


def worst(states: Iterable[ServiceState | str]) -> ServiceState:
    """The worst of ``states``; operational when there are none."""
    found = [ServiceState(s) for s in states]
    return max(found, key=rank) if found else ServiceState.OPERATIONAL


def parse_state(word: str) -> ServiceState | None:
    return STATE_WORDS.get(word.strip().lower())


@dataclass(frozen=True)
class Streak:
    """A confirmed state plus the candidate that is gathering agreeing results.

    A state changes only after ``n`` consecutive observations agree, so one slow
    answer (or one lost packet) never pages anyone.
    """

    confirmed: ServiceState
    pending: ServiceState | None = None
    count: int = 0

    def step(self, observed: ServiceState, n: int) -> Streak:
        """The streak after one more observation (``confirmed`` changes on the n-th)."""
        if observed == self.confirmed:
            return Streak(self.confirmed)
        count = self.count + 1 if observed == self.pending else 1
        if count >= n:
            return Streak(observed)
        return Streak(self.confirmed, observed, count)
