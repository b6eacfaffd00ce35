"""Turning ranked hits into a reply: readable excerpt and calibrated confidence."""

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


def confidence_from(coverage_article: float, coverage_section: float, margin: float) -> float:
    """Map evidence to 0..1.

    Coverage (idf-weighted share of the question's words found) is the main
    signal: an on-topic question shares its rare words with the article, an
    off-topic one ("weather in Paris") shares none or only common ones. The
    power > 1 pushes partial matches down so 0.35 separates the two cases;
    the margin over the runner-up adds a little when the winner is clear.
    """
    cov = 0.6 * coverage_article + 0.4 * coverage_section
    conf = cov**1.5 * (0.85 + 0.15 * max(0.0, min(1.0, margin)))
    return round(max(0.0, min(1.0, conf)), 4)
