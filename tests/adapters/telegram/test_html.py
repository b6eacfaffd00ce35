"""Markdown → Telegram HTML: only tags Telegram accepts, everything else escaped."""

from __future__ import annotations

import re

from bot.adapters.telegram._html import TELEGRAM, escape, markdown_to_html, to_plain_text
from bot.rendering import template_helpers

ALLOWED = {"b", "i", "u", "s", "code", "pre", "a"}


def tags(text: str) -> set[str]:
    return {m.lower() for m in re.findall(r"</?([A-Za-z][\w-]*)", text)}


def test_escape_covers_the_three_html_specials_and_quotes() -> None:
    assert escape('<b>&"') == "&lt;b&gt;&amp;&quot;"


def test_bold_code_lists_and_links() -> None:
    html = markdown_to_html(
        "## Reset it\n1. Open **Forgot password**.\n- run `reset --all`\n"
        "See [the portal](https://portal.example/a?b=1&c=2)."
    )
    assert "<b>Reset it</b>" in html
    assert "1. Open <b>Forgot password</b>." in html
    assert "• run <code>reset --all</code>" in html
    assert '<a href="https://portal.example/a?b=1&amp;c=2">the portal</a>' in html


def test_hostile_markdown_yields_only_allowed_tags() -> None:
    hostile = (
        "<script>alert(1)</script> **<img src=x>** [x](javascript:alert(1)) "
        '`</code><b>` [y](https://e.example/" onclick="z) & <tg-spoiler>'
    )
    html = markdown_to_html(hostile)
    assert tags(html) <= ALLOWED
    assert "<script>" not in html and "<img" not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;" in html


def test_code_fences_become_pre_with_escaped_content() -> None:
    html = markdown_to_html("```\nif a < b && c:\n    run()\n```")
    assert html == "<pre>if a &lt; b &amp;&amp; c:\n    run()</pre>"


def test_unclosed_fence_is_closed() -> None:
    assert markdown_to_html("```\nx <y>").endswith("</pre>")


def test_link_refuses_unsafe_schemes_and_never_shows_a_path() -> None:
    link = template_helpers(TELEGRAM)["link"]
    assert link("javascript:alert(1)", "t<") == "t&lt;"
    assert link(None, "Title") == "Title"
    assert link("https://a.example/?q=<x>", "T") == '<a href="https://a.example/?q=&lt;x&gt;">T</a>'


def test_plain_text_fallback_drops_tags_and_decodes() -> None:
    assert to_plain_text("<b>a &lt; b</b> &amp; c") == "a < b & c"


def test_a_long_converted_article_splits_without_breaking_a_tag() -> None:
    from html.parser import HTMLParser

    from bot.adapters.telegram._split import split_html

    rows = "\n".join(f"| {n} | port {n} & more |" for n in range(40))
    markdown = (
        "## Ports\n\n**Open** these *now*:\n\n| Port | Note |\n|---|---|\n"
        + rows
        + "\n\n> a quoted **warning** with [a link](https://a.example/x?y=1&z=2)\n\n"
        + "\n".join(f"- item {n} with `code {n}`" for n in range(60))
    )
    chunks = split_html(str(markdown_to_html(markdown)), 400)
    assert len(chunks) > 3

    class Balance(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.open: list[str] = []

        def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
            assert tag in ALLOWED | {"blockquote"}
            self.open.append(tag)

        def handle_endtag(self, tag: str) -> None:
            assert self.open.pop() == tag

    for chunk in chunks:
        assert len(chunk) <= 400
        checker = Balance()
        checker.feed(chunk)
        assert checker.open == [], chunk
    joined = to_plain_text("".join(chunks))
    assert "39    port 39 & more" in joined and "item 59 with code 59" in joined
