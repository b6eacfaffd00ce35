"""The console shows a KB answer as clean plain text: no markdown symbols, readable URLs."""

from __future__ import annotations

from bot.rendering import Renderer
from tests.conftest import Say


def test_the_console_shows_an_article_as_plain_text(say: Say, console: Renderer) -> None:
    reply = say("which ports does the heron sync agent need?")
    text = console.render(reply)
    assert "The heron sync agent talks to the cloud over these ports:" in text
    assert "Allow them on the perimeter first." in text
    assert "restart the agent: heron restart." in text
    rows = [line for line in text.split("\n") if "outbound" in line]
    assert len(rows) == 2 and rows[0].index("HTTPS") == rows[1].index("MQTT")
    assert "your invoice (https://kb.test.example/billing/invoice)" in text
    assert "Source: Ports the heron sync agent needs (https://kb.test.example/technical/" in text
    for markup in ("**", "`", "|", "](", ".md", "<"):
        assert markup not in text, markup


def test_the_source_line_is_punctuated_as_each_language_writes_it(
    say: Say, console: Renderer
) -> None:
    zh = console.render(say("如何重置密码"))
    assert "\n来源：重置忘记的密码" in zh  # full-width colon, no space
    assert "来源:" not in zh and "来源： " not in zh
    ru = console.render(say("как сбросить пароль?"))
    assert "\nИсточник: Сброс забытого пароля" in ru
    en = console.render(say("how do I reset my password?"))
    assert "\nSource: Reset a forgotten password" in en
