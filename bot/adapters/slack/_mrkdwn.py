"""Slack mrkdwn text in both directions: escape what we send, unwrap what we receive."""

from __future__ import annotations

import re

from bot.adapters.slack._text import unwrap_markup

# Slack reads only these three as control characters; everything else is literal.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# Bare words Slack might still turn into a broadcast when a client re-parses the text.
_BROADCASTS = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)
# <@U123>, <#C123|name>, <!here>, <https://x|label>, <mailto:a@b>
_SPECIAL = re.compile(r"<([^<>]*)>")
MAX_SECTION_CHARS = 3000
# mrkdwn's formatting marks. Inside a bold or italic title a person's own would end it early
# or format text of their own, and mrkdwn has no escape for them: they become look-alikes.
# An underscore between letters or digits (john_doe) formats nothing and stays.
_MARKS = re.compile(r"[*~`]|(?<![^\W_])_|_(?![^\W_])")
_LOOKALIKES = {"*": "\u2217", "~": "\u223c", "`": "\u02cb", "_": "\u02cd"}


def escape_mrkdwn(value: object) -> str:
    """Make any value safe inside a mrkdwn message.

    A customer's text must not ping the channel, mention people or inject links,
    so the three control characters are escaped and broadcast words are broken
    with a zero-width space (Slack shows them but never notifies).
    """
    if value is None:
        return ""
    text = str(value).translate(_ESCAPES)
    return _BROADCASTS.sub(lambda m: "@\u200b" + m.group(1), text)


def neutralise_marks(text: str) -> str:
    """``*urgent*`` → ``∗urgent∗``: text that reads the same and formats nothing."""
    return _MARKS.sub(lambda m: _LOOKALIKES[m.group(0)], text)


def escape_link_label(value: object) -> str:
    """Escape a link label; ``|`` would end Slack's ``<url|label>`` early."""
    return escape_mrkdwn(value).replace("|", "¦")


def to_plain_text(text: str, bot_user_id: str | None = None) -> str:
    """Turn Slack's message text into what the person typed.

    The bot's own mention is dropped (``@bot how do I…`` asks "how do I…"), other
    markup becomes readable text (links keep their address: ``_text.unwrap_markup``),
    and entities are decoded last so that a literal ``&lt;`` typed by a person stays
    ``<`` and is never markup.
    """
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(\|[^>]*)?>", " ", text)
    text = _SPECIAL.sub(lambda m: unwrap_markup(m.group(1)), text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.split(" ")).strip()


def split_sections(text: str, limit: int = MAX_SECTION_CHARS) -> list[str]:
    """Cut text into pieces a section block accepts, at line breaks where possible."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit)
        if cut <= 0:
            cut = rest.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        pieces.append(rest[:cut])
        rest = rest[cut:].lstrip("\n")
    if rest.strip():
        pieces.append(rest)
    return pieces
