"""A KB answer through the real Telegram front end: valid HTML with readable links.

The article (tests/factories.py, ``technical/heron-ports.md``) has bold, italics,
inline code, a table, a list, a relative link and an absolute one.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .conftest import Bot
from .updates import mention, message

ALLOWED = {"b", "i", "u", "s", "code", "pre", "a", "blockquote"}


class _Balance(HTMLParser):
    """Fails on a tag Telegram would refuse, or one closed out of order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in ALLOWED, tag
        assert tag != "a" or [name for name, _ in attrs] == ["href"]
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, tag


def test_a_kb_answer_arrives_as_telegram_html_with_readable_links(bot: Bot) -> None:
    group = bot.new_group()
    bot.send(message(mention("which ports does the heron sync agent need?"), chat_id=group))
    sent = bot.sent_to(group)[0]
    html = sent["text"]
    assert sent["parse_mode"] == "HTML"
    checker = _Balance()
    checker.feed(html)
    checker.close()
    assert checker.open == []
    assert "<b>heron sync agent</b>" in html and "<i>perimeter</i>" in html
    assert "<code>heron restart</code>" in html
    table = re.search(r"<pre>(.*?)</pre>", html, re.S)
    assert table, html
    rows = table.group(1).split("\n")
    assert rows[0].split() == ["Port", "Protocol", "Direction"]
    assert rows[2].index("HTTPS") == rows[3].index("MQTT") == rows[0].index("Protocol")
    assert "• Allow them on the <i>perimeter</i> first." in html
    assert '<a href="https://kb.test.example/billing/invoice">your invoice</a>' in html
    assert '<a href="https://status.example.com/heron?a=1&amp;b=2">status page</a>' in html
    source = '<a href="https://kb.test.example/technical/heron-ports">Ports the heron sync'
    assert source in html
    assert ".md" not in html and "**" not in html and "|" not in html
