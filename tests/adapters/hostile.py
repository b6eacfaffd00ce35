"""A reply value that is hostile text wherever a template looks.

Templates read replies in many shapes (``data.ticket.subject``, loops over
``data.hits``, times, counts). :class:`Hostile` answers every attribute, key, loop
and format with itself, and prints as text that would ping, mention or inject a tag
if any front end forgot to escape it — so one value exercises every reply kind.
"""

from __future__ import annotations

from typing import Any

HOSTILE_TEXT = "<@U123> & <script>alert(1)</script> <!channel> @here"
# Values the code sets, never a person: time zones and command usage stay well-formed.
CODE_OWNED: dict[str, Any] = {
    "zone": None,
    "timezone": "UTC",
    "tz": None,
    "usage": "<ticket>",
    "zones": {},
    "stage": "warning",
    "clock": "first_response",
    "preface": None,  # bot.messages.PREFACE: a notice the code adds, its own kind tested alone
}


class Hostile:
    """Prints as :data:`HOSTILE_TEXT`; every lookup, call or loop yields another one."""

    def __str__(self) -> str:
        return HOSTILE_TEXT

    def __format__(self, spec: str) -> str:
        return HOSTILE_TEXT

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)  # never look like Markup (``__html__``) or a date
        return CODE_OWNED.get(name, Hostile())

    def __getitem__(self, key: Any) -> Any:
        return CODE_OWNED.get(key, Hostile())

    def get(self, key: Any, default: Any = None) -> Any:
        return CODE_OWNED.get(key, Hostile())

    def __call__(self, *args: Any, **kwargs: Any) -> Hostile:
        return Hostile()

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter([Hostile()])

    def items(self) -> list[tuple[str, Hostile]]:
        return [("k", Hostile())]

    def __len__(self) -> int:
        return 1

    def __bool__(self) -> bool:
        return True

    def __contains__(self, item: Any) -> bool:
        return False

    def __eq__(self, other: object) -> bool:
        return False

    def __hash__(self) -> int:
        return 0

    def __lt__(self, other: object) -> bool:
        return False

    __le__ = __gt__ = __ge__ = __lt__

    def __float__(self) -> float:
        return 0.0

    def __int__(self) -> int:
        return 0

    def __round__(self, digits: int | None = None) -> int:
        return 0

    def __sub__(self, other: object) -> Hostile:
        return Hostile()

    __rsub__ = __add__ = __radd__ = __mul__ = __rmul__ = __truediv__ = __sub__
