"""Escaping what the bot sends and unwrapping what Slack delivers."""

from __future__ import annotations

import pytest

from bot.adapters.slack._mrkdwn import (
    escape_link_label,
    escape_mrkdwn,
    split_sections,
    to_plain_text,
)


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("<!channel> hi", "&lt;!channel&gt; hi"),
        ("<@U_ALICE>", "&lt;@U_ALICE&gt;"),
        ("<https://evil.example|click>", "&lt;https://evil.example|click&gt;"),
        ("a & b", "a &amp; b"),
        ("&lt;", "&amp;lt;"),
        ("plain *bold* text", "plain *bold* text"),
        (None, ""),
        (42, "42"),
    ],
)
def test_escape_neutralises_slack_control_characters(raw: object, safe: str) -> None:
    assert escape_mrkdwn(raw) == safe


@pytest.mark.parametrize("word", ["@channel", "@here", "@everyone", "@Channel"])
def test_broadcast_words_cannot_notify(word: str) -> None:
    escaped = escape_mrkdwn(f"ping {word} now")
    assert word not in escaped
    assert escaped.replace("\u200b", "") == f"ping {word} now"


def test_link_label_cannot_close_the_link_early() -> None:
    assert "|" not in escape_link_label("a|b")


@pytest.mark.parametrize(
    ("slack_text", "typed"),
    [
        ("<@U_BOT> how do I reset my password?", "how do I reset my password?"),
        ("ask <@U_ALICE|alice> please", "ask @alice please"),
        ("see <#C_ACME|acme-support>", "see #acme-support"),
        ("<!here> VPN is down", "@here VPN is down"),
        (
            "open <https://portal.example/x|the portal>",
            "open the portal (https://portal.example/x)",
        ),
        ("see <http://acme.cn|acme.cn> now", "see acme.cn now"),  # Slack's own autolink
        ("bare <https://portal.example/x>", "bare https://portal.example/x"),
        ("mail <mailto:a@b.example|a@b.example>", "mail a@b.example"),
        ("1 &lt; 2 &amp;&amp; 3 &gt; 2", "1 < 2 && 3 > 2"),
        ("typed &lt;!channel&gt; literally", "typed <!channel> literally"),
    ],
)
def test_incoming_text_becomes_what_the_person_typed(slack_text: str, typed: str) -> None:
    assert to_plain_text(slack_text, "U_BOT") == typed


def test_long_text_is_split_at_line_breaks_under_the_block_limit() -> None:
    text = "\n".join(f"line {i} " + "x" * 90 for i in range(100))
    pieces = split_sections(text, limit=3000)
    assert len(pieces) > 1
    assert all(len(p) <= 3000 for p in pieces)
    assert "\n".join(pieces) == text


def test_text_without_breaks_is_still_split() -> None:
    pieces = split_sections("y" * 7000, limit=3000)
    assert [len(p) for p in pieces] == [3000, 3000, 1000]
