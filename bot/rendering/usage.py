"""A command's usage in the reader's language: ``<ticket> [note]`` → ``<заявка> [заметка]``."""

from __future__ import annotations

import re
from collections.abc import Callable

_PLACEHOLDER = re.compile(r"([<\[])([^<>\[\]|]+)([>\]])")


def localize_usage(usage: str, t: Callable[..., str]) -> str:
    """``<ticket> [note]`` with each placeholder in the reader's language (``arg_<name>``)."""

    def word(match: re.Match[str]) -> str:
        key = "arg_" + re.sub(r"[\s-]+", "_", match.group(2).strip().lower())
        text = t(key)
        return match.group(1) + (match.group(2) if text == key else text) + match.group(3)

    return _PLACEHOLDER.sub(word, usage)
