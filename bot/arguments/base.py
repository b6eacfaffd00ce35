"""What every parser reads (:class:`Raw`), and the parsers most routes share."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from bot.enums import Severity
from bot.errors import BadInput


@dataclass(frozen=True)
class Raw:
    """What a parser reads: the text after the command (or a button's value), a form's fields."""

    text: str
    fields: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def split(self) -> tuple[str, str]:
        """The first word and the rest (both stripped; empty when absent)."""
        words = self.text.strip().split(maxsplit=1)
        return (words[0] if words else "", words[1].strip() if len(words) > 1 else "")


def nothing(raw: Raw) -> None:
    """Commands without arguments ignore what follows them (``/help me`` is ``/help``)."""
    return None


def optional_text(raw: Raw) -> str:
    return raw.text.strip()


def required_text(what: str) -> Callable[[Raw], str]:
    """A parser for one piece of free text that must be there (``what`` names it)."""

    def parse(raw: Raw) -> str:
        text = raw.text.strip()
        if not text:
            raise BadInput(what)
        return text

    return parse


def question(raw: Raw) -> int:
    """The question id a KB answer's buttons carry."""
    try:
        return int(raw.text)
    except ValueError:
        raise BadInput("answer") from None


def severity(raw: Raw) -> Severity:
    """A severity button's value (or a typed letter)."""
    try:
        return Severity(raw.text.strip().upper())
    except ValueError:
        raise BadInput("severity") from None
