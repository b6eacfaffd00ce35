"""Slack markup a person wrote (``<url|label>``, ``<@U123>``) as words that keep their meaning.

A link keeps its address next to its label (``our status page (https://…)``): the
engineer and the ticket need where it points, not only what it was called. A mention
becomes the person's name where the bot knows it (staff), else a readable ``@U123``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping


def _same_place(label: str, url: str) -> bool:
    """True when the label is the address itself (Slack's own autolinks: ``<http://x.cn|x.cn>``)."""
    bare = url.split("://", 1)[-1].removeprefix("mailto:").rstrip("/")
    return label.rstrip("/") in (url.rstrip("/"), bare)


def unwrap_markup(inner: str) -> str:
    """The readable text of one ``<…>`` of Slack markup: ``inner`` is what is between the
    brackets (``@U123``, ``@U123|alice``, ``#C123|general``, ``!here``, ``https://x|label``,
    ``mailto:a@b|a@b``)."""
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        return "@" + (label or target[1:])
    if target.startswith("#"):
        return "#" + (label or target[1:])
    if target.startswith("!"):
        return "@" + (label or target[1:].split("^", 1)[0])
    if target.startswith("mailto:"):
        return label or target.removeprefix("mailto:")
    if not label or _same_place(label, target):
        return label or target
    return f"{label} ({target})"


def name_mentions(text: str, names: Mapping[str, str]) -> str:
    """``@U0ALICE001`` → ``@Alice Engineer`` for the Slack users in ``names`` (id → name)."""
    if not names:
        return text
    ids = "|".join(re.escape(user) for user in sorted(names, key=len, reverse=True))
    return re.sub(rf"@({ids})(?!\w)", lambda m: "@" + names[m.group(1)], text)
