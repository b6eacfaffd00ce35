"""Split Telegram HTML into messages under the 4096-character limit without breaking tags.

Telegram counts UTF-16 code units. We count the raw HTML (tags included), which
is never less than what Telegram counts, so every chunk is accepted. A chunk
that ends inside ``<b>`` closes it and the next chunk opens it again; entities
such as ``&amp;`` are never cut; cuts prefer a line break, then a space.
"""

from __future__ import annotations

import re

TELEGRAM_LIMIT = 4096
_ATOM = re.compile(r"<[^<>]*>|&#?\w+;|[\s\S]")
_NAME = re.compile(r"^</?\s*([A-Za-z][\w-]*)")


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (characters outside the BMP count twice)."""
    return len(text.encode("utf-16-le")) // 2


def _tag_name(atom: str) -> str:
    found = _NAME.match(atom)
    return found.group(1).lower() if found else ""


def _apply(stack: list[tuple[str, str]], atom: str) -> list[tuple[str, str]]:
    """The open-tag stack after ``atom`` (an opening tag pushes, a closing tag pops)."""
    if not atom.startswith("<") or len(atom) < 3:
        return stack
    name = _tag_name(atom)
    if not name:
        return stack
    if atom.startswith("</"):
        for index in range(len(stack) - 1, -1, -1):
            if stack[index][0] == name:
                return stack[:index]
        return stack
    return [*stack, (name, atom)]


def _closers(stack: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))


def _pick_cut(start: int, end: int, breaks: dict[str, tuple[int, list]]) -> tuple[int, list] | None:
    """A line break in the second half of the chunk, else a space there, else any break."""
    half = start + (end - start) // 2
    for kind in ("\n", " "):
        if kind in breaks and breaks[kind][0] > half:
            return breaks[kind]
    return breaks.get("\n") or breaks.get(" ")


def split_html(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Cut ``text`` into chunks of at most ``limit`` UTF-16 units, each with balanced tags.

    Args:
        text: Telegram HTML with properly nested tags (what our templates produce).
        limit: the per-message limit; Telegram's is 4096.

    Returns:
        The chunks in order; an empty list for blank text.
    """
    if utf16_len(text) <= limit:  # the common case: one message, nothing to cut
        return [text.strip()] if _has_text(text) else []
    atoms = _ATOM.findall(text)
    chunks: list[str] = []
    index = 0
    stack: list[tuple[str, str]] = []
    while index < len(atoms):
        while index < len(atoms) and atoms[index].isspace():
            index += 1  # a chunk never starts with the whitespace we cut at
        if index >= len(atoms):
            break
        prefix = "".join(opening for _, opening in stack)
        used = utf16_len(prefix)
        current, position = list(stack), index
        breaks: dict[str, tuple[int, list]] = {}
        while position < len(atoms):
            atom = atoms[position]
            after = _apply(current, atom)
            cost = utf16_len(atom)
            if used + cost + utf16_len(_closers(after)) > limit and position > index:
                break
            used += cost
            current, position = after, position + 1
            if atom in ("\n", " "):
                breaks[atom] = (position, current)
        cut = (position, current)
        if position < len(atoms):
            cut = _pick_cut(index, position, breaks) or cut
        body = "".join(atoms[index : cut[0]])
        chunk = (prefix + body).rstrip() + _closers(cut[1])
        if _has_text(chunk):
            chunks.append(chunk)
        index, stack = cut[0], cut[1]
    return chunks


def _has_text(chunk: str) -> bool:
    return bool(re.sub(r"<[^<>]*>", "", chunk).strip())
