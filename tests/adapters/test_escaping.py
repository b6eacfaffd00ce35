"""Every reply kind, every value hostile: Slack and Telegram escape it by themselves.

No template has to remember a filter: each front end's template environment escapes
whatever it interpolates. A value reading ``<@U123> & <script>`` must neither ping
anyone on Slack nor become a tag on Telegram, in any reply kind.
"""

from __future__ import annotations

import re

import pytest

from bot.adapters.slack.render import SlackRenderer
from bot.adapters.telegram._html import to_plain_text
from bot.adapters.telegram.render import TelegramRenderer
from bot.messages import Reply
from bot.rendering import Renderer, templates_dir
from tests.adapters.hostile import HOSTILE_TEXT, Hostile

TELEGRAM_TAGS = {"b", "i", "u", "s", "code", "pre", "a", "blockquote"}


def reply_kinds() -> list[str]:
    """Every kind some front end can render (own templates and shared ones)."""
    folders = [templates_dir() / name for name in ("console", "slack", "telegram", "shared")]
    return sorted(
        {p.name.split(".")[0] for f in folders for p in f.glob("*.j2") if p.name[0] != "_"}
    )


KINDS = reply_kinds()


def hostile(kind: str) -> Reply:
    """A reply of ``kind`` whose data is hostile wherever a template looks."""
    reply = Reply(kind=kind)
    object.__setattr__(reply, "data", Hostile())  # past the freezing: it must stay magic
    return reply


def test_the_kinds_are_found() -> None:
    assert {"kb_answer", "ticket_opened", "digest", "help", "link_code"} <= set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_slack_escapes_every_value(kind: str) -> None:
    text = SlackRenderer().text(hostile(kind))
    assert "<@" not in text and "<!" not in text and "<script" not in text, text
    assert "@here" not in text, "a broadcast word left whole"
    assert "&amp;amp;" not in text, "escaped twice"


@pytest.mark.parametrize("kind", KINDS)
def test_telegram_escapes_every_value(kind: str) -> None:
    text = TelegramRenderer().render(hostile(kind))
    tags = {m.lower() for m in re.findall(r"</?([A-Za-z][\w-]*)", text)}
    assert tags <= TELEGRAM_TAGS, text
    assert "&amp;amp;" not in text, "escaped twice"


def test_most_kinds_show_the_value_escaped_not_dropped() -> None:
    """The checks above would pass on blank output; the value must be shown, escaped."""
    slack = [k for k in KINDS if "&lt;@U123&gt; &amp; &lt;script&gt;" in _slack(k)]
    telegram = [k for k in KINDS if HOSTILE_TEXT in to_plain_text(_telegram(k))]
    assert len(slack) >= len(KINDS) * 3 // 4, sorted(set(KINDS) - set(slack))
    assert len(telegram) >= len(KINDS) * 3 // 4, sorted(set(KINDS) - set(telegram))


def test_the_console_shows_text_as_typed() -> None:
    text = Renderer("console").render(hostile("unknown_command"))
    assert HOSTILE_TEXT in text


def _slack(kind: str) -> str:
    return SlackRenderer().text(hostile(kind))


def _telegram(kind: str) -> str:
    return TelegramRenderer().render(hostile(kind))
