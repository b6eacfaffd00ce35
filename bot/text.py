"""Cleaning of user text before anything else sees it."""

from __future__ import annotations

import re
import unicodedata

# What one message keeps. Pasted logs and NDRs run to tens of thousands of characters and
# must reach the ticket whole; only beyond this is the rest dropped, and the sender told.
MAX_MESSAGE_CHARS = 100_000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """Drop control and bidi-override characters, normalise, trim.

    Newlines and tabs stay: people paste error messages and logs.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.encode("utf-8", "replace").decode("utf-8")
    return _CONTROL.sub("", text).strip()


def clip(text: str, limit: int) -> str:
    """Shorten ``text`` to ``limit`` characters, marking the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip() + "…"
