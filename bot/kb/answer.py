"""Excerpts: the part of a section a chat reply can quote."""

from __future__ import annotations

import re
from collections.abc import Iterator

EXCERPT_CHARS = 700
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s")


def _units(paras: list[str]) -> Iterator[tuple[str, str]]:
    """(separator, text) pieces an excerpt may stop between: paragraphs, and the items
    of a list one by one — a long list is cut after the items that fit, not dropped
    whole after its lead-in ("What they usually mean:" followed by "…")."""
    for para in paras:
        lines = para.split("\n")
        if not _LIST_ITEM.match(lines[0]):
            yield "\n\n", para
            continue
        item: list[str] = []
        sep = "\n\n"
        for line in lines:
            if _LIST_ITEM.match(line) and item:
                yield sep, "\n".join(item)
                item, sep = [], "\n"
            item.append(line)
        yield sep, "\n".join(item)


def make_excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """Trim section markdown to about ``limit`` chars at a paragraph or list-item
    boundary, else a sentence — never inside a code fence, so the markdown still renders."""
    text = text.strip()
    if len(text) <= limit:
        return text
    paras = text.split("\n\n")
    units = list(_units(paras))
    out: list[str] = []
    size = 0
    for sep, unit in units:
        if size + len(unit) > limit and out and not out[-1].rstrip().endswith(":"):
            break
        out.append((sep if out else "") + unit)
        size += len(unit) + len(sep)
        if size > limit * 1.4:
            break
    result = "".join(out)
    if len(result) > limit * 1.4:
        # One long paragraph: cut at the last sentence end before the limit.
        if result.lstrip().startswith(("```", "~~~")):
            return result
        head = result[:limit]
        ends = [m.start() for m in _SENTENCE_END.finditer(head)]
        cut = ends[-1] if ends and ends[-1] > limit // 3 else head.rfind(" ")
        result = head[: cut if cut > 0 else limit].rstrip() + " …"
    elif len(out) < len(units):
        result += "\n\n…"
    return result
