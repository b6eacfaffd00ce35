"""Telegram entities a person used that carry more than their words: a ``text_link``.

A link written over words ("Лог роутера" pointing at https://…) arrives as plain text
plus an entity holding the address; without it the engineer and the ticket would get
the words alone. The address is kept after the words: ``Лог роутера (https://…)``.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Message, MessageEntity

_UTF16 = "utf-16-le"  # entity offsets and lengths count UTF-16 code units


def with_link_addresses(text: str, entities: Sequence[MessageEntity]) -> str:
    """``text`` with the address of each ``text_link`` entity after its words.

    Args:
        text: the message's text or caption.
        entities: its entities (``entities`` or ``caption_entities``).
    """
    links = sorted(
        (e for e in entities if e.type == MessageEntity.TEXT_LINK and e.url),
        key=lambda e: e.offset,
    )
    if not links:
        return text
    units = text.encode(_UTF16)
    parts, done = [], 0
    for entity in links:
        start, end = entity.offset * 2, (entity.offset + entity.length) * 2
        if start < done or end > len(units):
            continue  # overlapping or out of range: leave the words as they are
        words = units[start:end].decode(_UTF16)
        parts.append(units[done:end].decode(_UTF16))
        if str(entity.url).rstrip("/") not in words:
            parts.append(f" ({entity.url})")
        done = end
    parts.append(units[done:].decode(_UTF16))
    return "".join(parts)


def readable_text(message: Message) -> str | None:
    """The message's text (else its caption) with link addresses kept; None without either."""
    if message.text is not None:
        return with_link_addresses(message.text, message.entities)
    if message.caption is not None:
        return with_link_addresses(message.caption, message.caption_entities)
    return None
