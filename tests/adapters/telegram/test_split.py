"""Splitting long Telegram HTML at the message limit without breaking tags or entities."""

from __future__ import annotations

import re

import pytest

from bot.adapters.telegram._split import TELEGRAM_LIMIT, split_html, utf16_len


def balanced(chunk: str) -> bool:
    stack: list[str] = []
    for closing, name in re.findall(r"<(/?)([a-z][\w-]*)[^>]*>", chunk):
        if closing:
            if not stack or stack.pop() != name:
                return False
        else:
            stack.append(name)
    return not stack


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]*>", "", text)).strip()


def test_short_text_is_one_chunk() -> None:
    assert split_html("<b>hi</b> there") == ["<b>hi</b> there"]


def test_blank_text_is_no_chunk() -> None:
    assert split_html(" \n ") == []


def test_long_text_is_cut_at_line_breaks_under_the_limit() -> None:
    text = "\n".join(f"line {n} " + "x" * 60 for n in range(200))
    chunks = split_html(text)
    assert len(chunks) > 1
    assert all(utf16_len(c) <= TELEGRAM_LIMIT for c in chunks)
    assert all(c.startswith("line ") and c.endswith("x") for c in chunks)
    assert plain(" ".join(chunks)) == plain(text)


def test_a_cut_inside_a_tag_closes_and_reopens_it() -> None:
    text = "<b>" + "word " * 30 + '</b><a href="https://x.example/">' + "link " * 30 + "</a>"
    chunks = split_html(text, limit=60)
    assert all(balanced(c) for c in chunks), chunks
    assert all(utf16_len(c) <= 60 for c in chunks)
    assert plain(" ".join(chunks)) == plain(text)
    assert any(c.startswith('<a href="https://x.example/">') for c in chunks[1:])


def test_entities_are_never_split() -> None:
    text = "&amp;" * 50
    chunks = split_html(text, limit=12)
    assert all(re.fullmatch(r"(&amp;)+", c) for c in chunks)
    assert "".join(chunks) == text


def test_astral_characters_count_twice() -> None:
    text = "😀" * 10
    chunks = split_html(text, limit=8)
    assert all(utf16_len(c) <= 8 for c in chunks)
    assert "".join(chunks) == text


@pytest.mark.parametrize("size", [1, 2, 5])
def test_tiny_limits_still_make_progress(size: int) -> None:
    assert "".join(split_html("abcdefgh", limit=size)) == "abcdefgh"
