"""Is a report for the upstream provider in English, and the engineer's English words.

The provider (21Vianet) works from English; a ticket's subject and description are the
customer's own words, often Russian, Chinese or pinyin. An engineer pasting those into the
provider's portal gets a slower, worse answer, so ``/escalate`` says which of the two are
not English and how to give English ones (``--subject``/``--summary``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EscalationRequest:
    """The ticket, and what the engineer wrote for the report in place of the ticket's."""

    number: str
    subject: str | None = None
    summary: str | None = None
    as_is: bool = False  # send words that are not English as they are


# The report's free-text fields an engineer can give in English, and their option.
WORDED = {"subject": "--subject", "description": "--summary"}


def language_if_not_english(text: str | None) -> str | None:
    """ "ru" or "zh" when ``text`` is (mostly) Russian or Chinese, pinyin and Russian in
    Latin letters included; None for English, or too little to tell."""
    from bot.kb.lang import clear_language, detect_language  # heavy: only when asked

    if not text or not text.strip():
        return None
    clear = clear_language(text)
    if clear in ("ru", "zh"):
        return clear
    detected = detect_language(text)
    return detected if detected != "en" else None


# Every field of the report in someone's own words: the subject and description (given in
# English with the options above) and what the engineer set with ``/set`` (impact, tried).
CHECKED = (*WORDED, "impact", "tried")


def not_english(fields: Mapping[str, Any]) -> dict[str, str]:
    """The report's worded fields that are not English: field → language."""
    found = {name: language_if_not_english(fields.get(name)) for name in CHECKED}
    return {name: lang for name, lang in found.items() if lang}


def with_english(
    fields: Mapping[str, Any], subject: str | None, summary: str | None
) -> dict[str, Any]:
    """``fields`` with the engineer's subject and summary in place of the ticket's."""
    given = {"subject": subject, "description": summary}
    return {**fields, **{name: text for name, text in given.items() if text}}
