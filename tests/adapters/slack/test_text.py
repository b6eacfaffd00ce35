"""``bot/adapters/slack/_text.py``: Slack markup people write, as words that keep their meaning."""

from __future__ import annotations

import pytest

from bot.adapters.slack._text import name_mentions, unwrap_markup


@pytest.mark.parametrize(
    ("inner", "readable"),
    [
        ("https://status.acme.cn/incident/42|our status page",
         "our status page (https://status.acme.cn/incident/42)"),
        ("http://acme.cn|acme.cn", "acme.cn"),
        ("https://acme.cn/|https://acme.cn", "https://acme.cn"),
        ("https://acme.cn/x", "https://acme.cn/x"),
        ("mailto:it@acme.cn|write to IT", "write to IT"),
        ("@U0BOB0001", "@U0BOB0001"),
        ("#C0ACME|acme-support", "#acme-support"),
    ],
)  # fmt: skip
def test_markup_reads_as_words(inner: str, readable: str) -> None:
    assert unwrap_markup(inner) == readable


def test_mentions_of_known_people_read_as_names() -> None:
    names = {"U0ALICE001": "Alice Engineer", "U0A": "Short"}
    text = "@U0ALICE001 and @U0A, not @U0ALICE0012 nor @U0BOB0001"
    assert name_mentions(text, names) == (
        "@Alice Engineer and @Short, not @U0ALICE0012 nor @U0BOB0001"
    )
    assert name_mentions(text, {}) == text
