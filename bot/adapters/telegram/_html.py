"""Telegram HTML helpers: escaping, and how KB markdown looks in Telegram HTML.

Telegram's HTML parse mode accepts only a handful of tags (b, i, u, s, code,
pre, a, blockquote, tg-spoiler) and rejects the whole message on anything else,
so every piece of outside text is escaped and only tags we build ourselves pass.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

from bot.rendering.markdown import Dialect


def escape(text: object) -> str:
    """Escape text for Telegram HTML (``&``, ``<``, ``>`` and quotes)."""
    return html.escape(str(text), quote=True)


class TelegramDialect(Dialect):
    """KB markdown as Telegram HTML, with only the tags Telegram accepts."""

    icons = True

    def text(self, value: str) -> str:
        return html.escape(value, quote=False).replace('"', "&quot;")

    def bold(self, inner: str) -> str:
        return f"<b>{inner}</b>"

    def italic(self, inner: str) -> str:
        return f"<i>{inner}</i>"

    def strike(self, inner: str) -> str:
        return f"<s>{inner}</s>"

    def code(self, raw: str) -> str:
        return f"<code>{escape(raw)}</code>"

    def pre(self, raw: str) -> str:
        return f"<pre>{escape(raw)}</pre>"

    def link(self, url: str, label: str) -> str:
        return f'<a href="{escape(url)}">{escape(label.strip() or url)}</a>'

    def quote(self, inner: str) -> str:
        return f"<blockquote>{inner}</blockquote>"


TELEGRAM = TelegramDialect()


def markdown_to_html(markdown: str) -> Markup:
    """KB markdown → Telegram HTML (a CommonMark parse, so odd input stays text)."""
    return TELEGRAM.convert(markdown)


_TAG = re.compile(r"<[^>]*>")


def to_plain_text(telegram_html: str) -> str:
    """Tags dropped and entities decoded: the fallback when Telegram rejects our HTML."""
    return html.unescape(_TAG.sub("", telegram_html))
