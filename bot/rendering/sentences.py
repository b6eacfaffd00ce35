"""Sentences said one after another, joined the way their language writes them.

Templates often end a reply with two sentences from two locale keys ("I can pass your
question to an engineer." and "Reply /engineer …"). English and Russian put a space
between them; Chinese (and Japanese) punctuation — 。！？ and the other full-width marks —
already carries the gap, and a space after it reads as a stray blank ("转给工程师。 回复").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Full-width marks that carry their own spacing: no blank after a stop, none before an opener.
FULL_WIDTH_STOPS = frozenset("。！？；：，、）」』】〉》…")
FULL_WIDTH_OPENERS = frozenset("（「『【〈《")
# A front end's markup around the words (<i>…</i>, *…*, _…_) is looked through.
_LEADING_MARKUP = re.compile(r"^(?:<[^>]*>|[*_~`])+")
_TRAILING_MARKUP = re.compile(r"(?:<[^>]*>|[*_~`])+$")


def _last_char(text: str) -> str:
    return _TRAILING_MARKUP.sub("", text)[-1:]


def _first_char(text: str) -> str:
    return _LEADING_MARKUP.sub("", text)[:1]


def join_sentences(parts: Iterable[str]) -> str:
    """``parts`` (empty ones dropped) joined by a space, except next to a full-width mark."""
    joined = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if joined and not (
            _last_char(joined) in FULL_WIDTH_STOPS or _first_char(part) in FULL_WIDTH_OPENERS
        ):
            joined += " "
        joined += part
    return joined
