"""Suggestions picked by number: "these articles might be close: 1. … 2. …", then "2"."""

from __future__ import annotations

import re
import unicodedata

from .engine import KnowledgeBase
from .models import SearchHit

# "2", "2.", "2)", "#2", "№2" (full-width digits and signs are folded by NFKC first).
_PICK = re.compile(r"^\s*[#№]?\s*(\d{1,2})\s*[.)]?\s*$")


def suggestion_number(text: str) -> int | None:
    """The number in a message that is only a number (``2``, ``2.``, ``#2``, ``２``)."""
    match = _PICK.match(unicodedata.normalize("NFKC", text))
    return int(match.group(1)) if match else None


def section_hit(kb: KnowledgeBase, article_id: str, anchor: str | None) -> SearchHit | None:
    """One article's section as a hit (the section with ``anchor``, else the intro): what
    was suggested earlier, shown now. None when the article is gone."""
    art = next((x for x in kb.articles if x.article_id == article_id), None)
    if art is None or not art.sections:
        return None
    index = [i for i, x in enumerate(art.sections) if anchor and x.anchor == anchor]
    return kb.hit(art, index[0] if index else 0)
