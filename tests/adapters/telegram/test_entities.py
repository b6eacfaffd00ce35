"""``bot/adapters/telegram/_entities.py``: a link written over words keeps its address."""

from __future__ import annotations

from telegram import MessageEntity

from bot.adapters.telegram._entities import with_link_addresses


def _link(offset: int, length: int, url: str) -> MessageEntity:
    return MessageEntity(MessageEntity.TEXT_LINK, offset, length, url=url)


def test_the_address_follows_the_linked_words() -> None:
    text = "Лог роутера тут"
    assert with_link_addresses(text, [_link(0, 11, "https://x.cn/log")]) == (
        "Лог роутера (https://x.cn/log) тут"
    )


def test_offsets_count_utf16_units_and_an_address_shown_already_is_not_repeated() -> None:
    text = "🧾 see https://x.cn and docs"  # the emoji is two UTF-16 units
    entities = [
        _link(7, 12, "https://x.cn"),  # the words are the address itself
        _link(24, 4, "https://x.cn/docs"),
        MessageEntity(MessageEntity.BOLD, 0, 2),
    ]
    assert with_link_addresses(text, entities) == (
        "🧾 see https://x.cn and docs (https://x.cn/docs)"
    )


def test_overlapping_or_broken_entities_leave_the_words_alone() -> None:
    text = "abc"
    assert with_link_addresses(text, [_link(1, 9, "https://x.cn")]) == "abc"
