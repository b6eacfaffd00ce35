"""Excerpts: the part of a section a chat reply can quote."""

from __future__ import annotations

import re

EXCERPT_CHARS = 700
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")


def make_excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """Trim section markdown to about ``limit`` chars at a paragraph, else sentence,
    boundary — never inside a code fence, so the markdown still renders."""
    text = text.strip()
    if len(text) <= limit:
        return text
    paras = text.split("\n\n")
    out: list[str] = []
    size = 0
    for para in paras:
        if size + len(para) > limit and out:
            break
        out.append(para)
        size += len(para) + 2
    result = "\n\n".join(out)
    if len(result) > limit * 1.4:
        # One long paragraph: cut at the last sentence end before the limit.
        if result.lstrip().startswith(("```", "~~~")):
            return result
        head = result[:limit]
        ends = [m.start() for m in _SENTENCE_END.finditer(head)]
        cut = ends[-1] if ends and ends[-1] > limit // 3 else head.rfind(" ")
        result = head[: cut if cut > 0 else limit].rstrip() + " …"
    elif len(out) < len(paras):
        result += "\n\n…"
    return result
