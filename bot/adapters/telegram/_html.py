"""Telegram HTML helpers: escaping, and a small markdown → Telegram HTML converter.

Telegram's HTML parse mode accepts only a handful of tags (b, i, u, s, code,
pre, a, blockquote, tg-spoiler) and rejects the whole message on anything else,
so every piece of outside text is escaped and only tags we build ourselves pass.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

SAFE_SCHEMES = ("http://", "https://", "mailto:", "tg://")
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^(\s*)(\d{1,3})[.)]\s+(.*)$")
_QUOTE = re.compile(r"^\s*>\s?(.*)$")
_INLINE = re.compile(
    r"`(?P<code>[^`\n]+)`"
    r"|\[(?P<label>[^\]\n]+)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"\n]*\")?\)"
    r"|\*\*(?P<bold>[^\n]+?)\*\*"
    r"|__(?P<bold2>[^\n]+?)__"
    r"|(?<![\w*])\*(?P<italic>[^*\s][^*\n]*?)\*(?![\w*])"
)


def escape(text: object) -> str:
    """Escape text for Telegram HTML (``&``, ``<``, ``>`` and quotes)."""
    return html.escape(str(text), quote=True)


def safe_url(url: str) -> str | None:
    """The URL when its scheme is one a chat client may open; None otherwise."""
    lowered = url.strip().lower()
    return url.strip() if lowered.startswith(SAFE_SCHEMES) else None


def link(url: str | None, title: str, fallback: str = "") -> Markup:
    """``<a href>`` for a URL a client may open; otherwise the title and a code fallback."""
    target = safe_url(url) if url else None
    if target is not None:
        return Markup(f'<a href="{escape(target)}">{escape(title)}</a>')
    if fallback:
        return Markup(f"{escape(title)} (<code>{escape(fallback)}</code>)")
    return Markup(escape(title))


def _inline(text: str) -> str:
    """Convert inline markdown in one line; everything that is not markup is escaped."""
    out: list[str] = []
    position = 0
    for found in _INLINE.finditer(text):
        out.append(escape(text[position : found.start()]))
        position = found.end()
        if found.group("code") is not None:
            out.append(f"<code>{escape(found.group('code'))}</code>")
        elif found.group("url") is not None:
            label, url = found.group("label"), safe_url(found.group("url"))
            if url is None:
                out.append(escape(label))
            else:
                out.append(f'<a href="{escape(url)}">{escape(label)}</a>')
        elif found.group("italic") is not None:
            out.append(f"<i>{_inline(found.group('italic'))}</i>")
        else:
            out.append(f"<b>{_inline(found.group('bold') or found.group('bold2'))}</b>")
    out.append(escape(text[position:]))
    return "".join(out)


def markdown_to_html(markdown: str) -> Markup:
    """Minimal markdown (headings, bold, italics, code, lists, links, quotes) → Telegram HTML.

    Anything the converter does not understand is shown as escaped text, so a
    hostile or odd excerpt can never produce a tag Telegram would reject.
    """
    lines: list[str] = []
    code: list[str] | None = None
    for line in str(markdown).splitlines():
        if _FENCE.match(line):
            if code is None:
                code = []
            else:
                lines.append(f"<pre>{escape(chr(10).join(code))}</pre>")
                code = None
            continue
        if code is not None:
            code.append(line)
            continue
        lines.append(_block(line))
    if code is not None:
        lines.append(f"<pre>{escape(chr(10).join(code))}</pre>")
    return Markup("\n".join(lines).strip())


def _block(line: str) -> str:
    if heading := _HEADING.match(line):
        return f"<b>{_inline(heading.group(1))}</b>"
    if bullet := _BULLET.match(line):
        indent = "  " * (len(bullet.group(1).expandtabs(4)) // 2)
        return f"{indent}• {_inline(bullet.group(2))}"
    if numbered := _NUMBERED.match(line):
        indent = "  " * (len(numbered.group(1).expandtabs(4)) // 2)
        return f"{indent}{numbered.group(2)}. {_inline(numbered.group(3))}"
    if quote := _QUOTE.match(line):
        return f"<i>{_inline(quote.group(1))}</i>"
    return _inline(line)


_TAG = re.compile(r"<[^>]*>")


def to_plain_text(telegram_html: str) -> str:
    """Tags dropped and entities decoded: the fallback when Telegram rejects our HTML."""
    return html.unescape(_TAG.sub("", telegram_html))
